-- One row per canonical lead (a person after identity resolution): attribution of the earliest
-- source lead, how many source leads were merged, and the canonical lead's firmographics.
-- No personal data: contact details are in restricted_lead_contacts; identity_key is a hash.
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

leads_with_identity as (

    -- one pass over the leads of each identity (one window partition): how many were merged,
    -- and the status of the most recently updated one
    select
        leads.lead_id,
        leads.created_at,
        leads.lead_source,
        leads.channel,
        leads.source_type,
        leads.campaign_id,
        leads.is_email_valid,
        leads.company,
        leads.job_title,
        leads.country,
        identities.canonical_lead_id,
        identities.identity_key,
        count(*) over identity_leads as source_lead_count,
        first_value(leads.lead_status) over (
            identity_leads
            order by leads.updated_at desc, leads.loaded_at desc, leads.lead_id asc
            rows between unbounded preceding and unbounded following
        ) as latest_lead_status
    from leads
    inner join identities
        on leads.lead_id = identities.lead_id
    window identity_leads as (partition by identities.canonical_lead_id)

),

final as (

    select
        {{ dbt.hash('identity_key') }} as lead_key,
        canonical_lead_id,
        identity_key,
        created_at,
        lead_source,
        channel,
        source_type,
        campaign_id as first_campaign_id,
        source_lead_count,
        latest_lead_status as lead_status,
        is_email_valid,
        company,
        job_title,
        country
    from leads_with_identity
    where lead_id = canonical_lead_id

)

select * from final
