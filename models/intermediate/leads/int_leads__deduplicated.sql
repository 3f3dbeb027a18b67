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

    select
        leads.*,
        identities.canonical_lead_id,
        identities.identity_key,
        row_number() over (
            partition by identities.canonical_lead_id
            order by leads.updated_at desc, leads.loaded_at desc, leads.lead_id asc
        ) as recency_rank
    from leads
    inner join identities
        on leads.lead_id = identities.lead_id

),

source_counts as (

    select
        canonical_lead_id,
        count(*) as source_lead_count
    from leads_with_identity
    group by canonical_lead_id

),

latest_status as (

    -- The CRM status of the most recently updated source record is the person's current status.
    select
        canonical_lead_id,
        lead_status as latest_lead_status
    from leads_with_identity
    where recency_rank = 1

),

final as (

    select
        {{ dbt.hash('canonical.identity_key') }} as lead_key,
        canonical.canonical_lead_id,
        canonical.identity_key,
        canonical.created_at,
        canonical.lead_source,
        canonical.channel,
        canonical.source_type,
        canonical.campaign_id as first_campaign_id,
        source_counts.source_lead_count,
        latest_status.latest_lead_status as lead_status,
        canonical.is_email_valid,
        canonical.company,
        canonical.job_title,
        canonical.country
    from leads_with_identity as canonical
    inner join source_counts
        on canonical.canonical_lead_id = source_counts.canonical_lead_id
    inner join latest_status
        on canonical.canonical_lead_id = latest_status.canonical_lead_id
    where canonical.lead_id = canonical.canonical_lead_id

)

select * from final
