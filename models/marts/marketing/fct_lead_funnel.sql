-- One row per canonical lead: when it reached each funnel stage and how many days it took
-- (computed in int_leads__funnel_timed, which fct_funnel_conversion aggregates too), and, from
-- its stage episodes (int_leads__stage_entries_pivoted), when it first and latest entered each
-- stage and how often it re-entered it.
with

funnel as (

    select * from {{ ref('int_leads__funnel_timed') }}

),

stage_entries as (

    select * from {{ ref('int_leads__stage_entries_pivoted') }}

),

funnel_with_entries as (

    select
        funnel.*,
        stage_entries.lead_first_entered_at,
        stage_entries.lead_latest_entered_at,
        stage_entries.lead_reentry_count,
        stage_entries.iql_first_entered_at,
        stage_entries.iql_latest_entered_at,
        stage_entries.iql_reentry_count,
        stage_entries.mql_first_entered_at,
        stage_entries.mql_latest_entered_at,
        stage_entries.mql_reentry_count,
        stage_entries.nurturing_first_entered_at,
        stage_entries.nurturing_latest_entered_at,
        stage_entries.nurturing_reentry_count,
        stage_entries.sql_first_entered_at,
        stage_entries.sql_latest_entered_at,
        stage_entries.sql_reentry_count,
        stage_entries.opportunity_first_entered_at,
        stage_entries.opportunity_latest_entered_at,
        stage_entries.opportunity_reentry_count,
        stage_entries.customer_first_entered_at,
        stage_entries.customer_latest_entered_at,
        stage_entries.customer_reentry_count,
        stage_entries.disqualified_first_entered_at,
        stage_entries.disqualified_latest_entered_at,
        stage_entries.disqualified_reentry_count
    from funnel
    left join stage_entries
        on funnel.canonical_lead_id = stage_entries.canonical_lead_id

),

final as (

    select
        cast(lead_key as varchar) as lead_key,
        cast(cohort_month as date) as cohort_month,
        cast(channel as varchar) as channel,
        cast(lead_at as timestamp) as lead_at,
        cast(iql_at as timestamp) as iql_at,
        cast(mql_at as timestamp) as mql_at,
        cast(sql_at as timestamp) as sql_at,
        cast(opportunity_at as timestamp) as opportunity_at,
        cast(customer_at as timestamp) as customer_at,
        cast(has_reached_iql as boolean) as has_reached_iql,
        cast(has_reached_mql as boolean) as has_reached_mql,
        cast(has_reached_sql as boolean) as has_reached_sql,
        cast(has_reached_opportunity as boolean) as has_reached_opportunity,
        cast(has_reached_customer as boolean) as has_reached_customer,
        cast(days_lead_to_iql as integer) as days_lead_to_iql,
        cast(days_lead_to_mql as integer) as days_lead_to_mql,
        cast(days_lead_to_sql as integer) as days_lead_to_sql,
        cast(days_lead_to_opportunity as integer) as days_lead_to_opportunity,
        cast(days_lead_to_customer as integer) as days_lead_to_customer,
        cast(days_iql_to_mql as integer) as days_iql_to_mql,
        cast(days_mql_to_sql as integer) as days_mql_to_sql,
        cast(days_sql_to_opportunity as integer) as days_sql_to_opportunity,
        cast(days_opportunity_to_customer as integer) as days_opportunity_to_customer,
        cast(current_stage as varchar) as current_stage,
        cast(lead_first_entered_at as timestamp) as lead_first_entered_at,
        cast(lead_latest_entered_at as timestamp) as lead_latest_entered_at,
        cast(coalesce(lead_reentry_count, 0) as integer) as lead_reentry_count,
        cast(iql_first_entered_at as timestamp) as iql_first_entered_at,
        cast(iql_latest_entered_at as timestamp) as iql_latest_entered_at,
        cast(coalesce(iql_reentry_count, 0) as integer) as iql_reentry_count,
        cast(mql_first_entered_at as timestamp) as mql_first_entered_at,
        cast(mql_latest_entered_at as timestamp) as mql_latest_entered_at,
        cast(coalesce(mql_reentry_count, 0) as integer) as mql_reentry_count,
        cast(nurturing_first_entered_at as timestamp) as nurturing_first_entered_at,
        cast(nurturing_latest_entered_at as timestamp) as nurturing_latest_entered_at,
        cast(coalesce(nurturing_reentry_count, 0) as integer) as nurturing_reentry_count,
        cast(sql_first_entered_at as timestamp) as sql_first_entered_at,
        cast(sql_latest_entered_at as timestamp) as sql_latest_entered_at,
        cast(coalesce(sql_reentry_count, 0) as integer) as sql_reentry_count,
        cast(opportunity_first_entered_at as timestamp) as opportunity_first_entered_at,
        cast(opportunity_latest_entered_at as timestamp) as opportunity_latest_entered_at,
        cast(coalesce(opportunity_reentry_count, 0) as integer) as opportunity_reentry_count,
        cast(customer_first_entered_at as timestamp) as customer_first_entered_at,
        cast(customer_latest_entered_at as timestamp) as customer_latest_entered_at,
        cast(coalesce(customer_reentry_count, 0) as integer) as customer_reentry_count,
        cast(disqualified_first_entered_at as timestamp) as disqualified_first_entered_at,
        cast(disqualified_latest_entered_at as timestamp) as disqualified_latest_entered_at,
        cast(coalesce(disqualified_reentry_count, 0) as integer) as disqualified_reentry_count
    from funnel_with_entries

)

select * from final
