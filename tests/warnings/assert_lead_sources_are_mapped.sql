{{ config(severity='warn') }}
-- Lead sources the lead_source_channel_map seed does not know (after normalize_key), one row per
-- normalised source with how it was spelled and how many clean leads carry it. Their leads are in
-- channel `unknown`; add the source to the map (seeds/reference/lead_source_channel_map.csv) to
-- give them a channel. A warning, not an error: the leads are kept and counted.
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

lead_source_channel_map as (

    select * from {{ ref('lead_source_channel_map') }}

),

unmapped as (

    select
        {{ normalize_key('leads.lead_source') }} as lead_source_key,
        min(leads.lead_source) as lead_source_as_landed,
        count(*) as lead_count
    from leads
    left join lead_source_channel_map
        on {{ normalize_key('leads.lead_source') }} = {{ normalize_key('lead_source_channel_map.lead_source_key') }}
    where leads.lead_source is not null and lead_source_channel_map.lead_source_key is null
    group by {{ normalize_key('leads.lead_source') }}

)

select * from unmapped
