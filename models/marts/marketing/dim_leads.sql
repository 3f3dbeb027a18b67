-- One row per canonical lead (a person after identity resolution). No email, phone or names.
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

temperatures as (

    select * from {{ ref('int_leads__temperature_assigned') }}

),

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

final as (

    select
        cast(leads.lead_key as varchar) as lead_key,
        cast(leads.canonical_lead_id as varchar) as canonical_lead_id,
        cast(leads.created_at as timestamp) as created_at,
        cast({{ month_start('leads.created_at') }} as date) as cohort_month,
        cast(leads.channel as varchar) as channel,
        cast(leads.source_type as varchar) as source_type,
        cast(leads.first_campaign_id as varchar) as first_campaign_id,
        cast(campaigns.campaign_name as varchar) as first_campaign_name,
        cast(leads.country as varchar) as country,
        cast(leads.company as varchar) as company,
        cast(leads.job_title as varchar) as job_title,
        cast(leads.source_lead_count as integer) as source_lead_count,
        cast(stages.current_stage as varchar) as current_stage,
        cast(stages.current_score as integer) as current_score,
        cast(temperatures.temperature as varchar) as temperature,
        cast(temperatures.last_meaningful_activity_at as timestamp) as last_meaningful_activity_at,
        cast(stages.is_disqualified as boolean) as is_disqualified,
        cast(stages.is_unsubscribed as boolean) as is_unsubscribed,
        cast(stages.has_reached_customer as boolean) as is_customer,
        cast(leads.lead_source as varchar) as lead_source,
        cast(temperatures.first_interest_at as timestamp) as first_interest_at,
        cast(temperatures.engagement_status as varchar) as engagement_status,
        cast(temperatures.days_since_last_engagement as integer) as days_since_last_engagement,
        cast(temperatures.as_of_date as date) as as_of_date
    from leads
    inner join stages
        on leads.canonical_lead_id = stages.canonical_lead_id
    inner join temperatures
        on leads.canonical_lead_id = temperatures.canonical_lead_id
    left join campaigns
        on leads.first_campaign_id = campaigns.campaign_id

)

select * from final
