-- One row per lead cohort month and channel with nurturing: what nurturing episodes
-- (int_lead_stage_episodes__sequenced, stage nurturing) led to. An episode is recycled from sales
-- when the lead entered nurturing from SQL or opportunity; it ends re-qualified when the lead
-- went on to SQL, opportunity or customer, disqualified when it was disqualified, and is still
-- open when the lead is in nurturing at the as-of date. Days in nurturing run to the exit, or to
-- the as-of date for an open episode.
{%- set sales_stages = "('sql', 'opportunity', 'customer')" %}
{%- set as_of_timestamp = 'cast(as_of.as_of_date as ' ~ dbt.type_timestamp() ~ ')' %}
with

episodes as (

    select * from {{ ref('int_lead_stage_episodes__sequenced') }}
    where stage = 'nurturing'

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

classified as (

    select
        {{ month_start('leads.created_at') }} as cohort_month,
        leads.channel,
        episodes.canonical_lead_id,
        coalesce(episodes.entered_from_stage in ('sql', 'opportunity'), false) as is_recycled_from_sales,
        coalesce(episodes.exited_to_stage in {{ sales_stages }}, false) as is_requalified,
        coalesce(episodes.exited_to_stage = 'disqualified', false) as is_disqualified,
        episodes.exited_at is null as is_open,
        {{ days_between('episodes.entered_at', 'coalesce(episodes.exited_at, ' ~ as_of_timestamp ~ ')') }}
            as days_in_nurturing
    from episodes
    inner join leads
        on episodes.canonical_lead_id = leads.canonical_lead_id
    cross join as_of

),

aggregated as (

    select
        cohort_month,
        channel,
        count(distinct canonical_lead_id) as leads_nurtured,
        count(*) as nurturing_episodes,
        sum(case when is_recycled_from_sales then 1 else 0 end) as recycled_from_sales,
        sum(case when is_requalified then 1 else 0 end) as requalified,
        sum(case when is_recycled_from_sales and is_requalified then 1 else 0 end) as recycled_and_requalified,
        sum(case when is_disqualified then 1 else 0 end) as disqualified,
        sum(case when is_open then 1 else 0 end) as still_nurturing,
        {{ median('days_in_nurturing') }} as median_days_in_nurturing
    from classified
    group by cohort_month, channel

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
        cast(channel as varchar) as channel,
        cast(leads_nurtured as integer) as leads_nurtured,
        cast(nurturing_episodes as integer) as nurturing_episodes,
        cast(recycled_from_sales as integer) as recycled_from_sales,
        cast(requalified as integer) as requalified,
        cast(recycled_and_requalified as integer) as recycled_and_requalified,
        cast(disqualified as integer) as disqualified,
        cast(still_nurturing as integer) as still_nurturing,
        cast({{ safe_divide('requalified', 'nurturing_episodes') }} as numeric(38, 4)) as requalification_rate,
        cast(median_days_in_nurturing as numeric(38, 2)) as median_days_in_nurturing
    from aggregated

)

select * from final
