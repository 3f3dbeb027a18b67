-- One row per canonical lead: when it reached each funnel stage and how many days it took
-- (computed in int_leads__funnel_timed, which fct_funnel_conversion aggregates too), and, from
-- its stage episodes (int_leads__stage_entries_pivoted), when it first and latest entered each
-- stage and how often it re-entered it.
{%- set entry_stages = ['lead', 'iql', 'mql', 'nurturing', 'sql', 'opportunity', 'customer', 'disqualified'] %}
with

funnel as (

    select * from {{ ref('int_leads__funnel_timed') }}

),

stage_entries as (

    select * from {{ ref('int_leads__stage_entries_pivoted') }}

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
        cast(funnel.current_stage as varchar) as current_stage,
        {%- for stage in entry_stages %}
            cast(stage_entries.{{ stage }}_first_entered_at as timestamp) as {{ stage }}_first_entered_at,
            cast(stage_entries.{{ stage }}_latest_entered_at as timestamp) as {{ stage }}_latest_entered_at,
            cast(coalesce(stage_entries.{{ stage }}_reentry_count, 0) as integer) as {{ stage }}_reentry_count
            {{- ',' if not loop.last }}
        {%- endfor %}
    from funnel
    left join stage_entries
        on funnel.canonical_lead_id = stage_entries.canonical_lead_id

)

select * from final
