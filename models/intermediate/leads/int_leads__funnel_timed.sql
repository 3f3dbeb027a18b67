-- One row per canonical lead: when it reached each funnel stage and how many days it took, typed
-- as the marts publish it. fct_lead_funnel publishes it, fct_funnel_conversion aggregates it.
with

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

final as (

    select
        cast(stages.canonical_lead_id as varchar) as canonical_lead_id,
        cast(stages.lead_key as varchar) as lead_key,
        cast({{ month_start('leads.created_at') }} as date) as cohort_month,
        cast(leads.channel as varchar) as channel,
        cast(stages.lead_at as timestamp) as lead_at,
        cast(stages.iql_at as timestamp) as iql_at,
        cast(stages.mql_at as timestamp) as mql_at,
        cast(stages.sql_at as timestamp) as sql_at,
        cast(stages.opportunity_at as timestamp) as opportunity_at,
        cast(stages.customer_at as timestamp) as customer_at,
        cast(stages.has_reached_iql as boolean) as has_reached_iql,
        cast(stages.has_reached_mql as boolean) as has_reached_mql,
        cast(stages.has_reached_sql as boolean) as has_reached_sql,
        cast(stages.has_reached_opportunity as boolean) as has_reached_opportunity,
        cast(stages.has_reached_customer as boolean) as has_reached_customer,
        cast(
            {{ days_between('stages.lead_at', 'stages.iql_at') }} as integer
        ) as days_lead_to_iql,
        cast(
            {{ days_between('stages.lead_at', 'stages.mql_at') }} as integer
        ) as days_lead_to_mql,
        cast(
            {{ days_between('stages.lead_at', 'stages.sql_at') }} as integer
        ) as days_lead_to_sql,
        cast(
            {{ days_between('stages.lead_at', 'stages.opportunity_at') }} as integer
        ) as days_lead_to_opportunity,
        cast(
            {{ days_between('stages.lead_at', 'stages.customer_at') }} as integer
        ) as days_lead_to_customer,
        cast(
            {{ days_between('stages.iql_at', 'stages.mql_at') }} as integer
        ) as days_iql_to_mql,
        cast(
            {{ days_between('stages.mql_at', 'stages.sql_at') }} as integer
        ) as days_mql_to_sql,
        cast(
            {{ days_between('stages.sql_at', 'stages.opportunity_at') }} as integer
        ) as days_sql_to_opportunity,
        cast(
            {{ days_between('stages.opportunity_at', 'stages.customer_at') }} as integer
        ) as days_opportunity_to_customer,
        cast(stages.current_stage as varchar) as current_stage
    from stages
    inner join leads
        on stages.canonical_lead_id = leads.canonical_lead_id

)

select * from final
