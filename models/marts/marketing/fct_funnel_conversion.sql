-- One row per lead cohort month (month the lead was created) and channel: how many leads reached
-- each stage, the stage-to-stage conversion rates and the median days to convert.
with

funnel as (

    select * from {{ ref('int_leads__funnel_timed') }}

),

aggregated as (

    select
        cohort_month,
        channel,
        count(*) as leads,
        {{ reached_stage_counts() }},
        {{ median('days_lead_to_mql') }} as median_days_lead_to_mql,
        {{ median('days_lead_to_sql') }} as median_days_lead_to_sql,
        {{ median('days_lead_to_customer') }} as median_days_lead_to_customer
    from funnel
    group by cohort_month, channel

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
        cast(channel as varchar) as channel,
        cast(leads as integer) as leads,
        cast(iqls as integer) as iqls,
        cast(mqls as integer) as mqls,
        cast(sqls as integer) as sqls,
        cast(opportunities as integer) as opportunities,
        cast(customers as integer) as customers,
        cast({{ safe_divide('iqls', 'leads') }} as numeric(38, 4)) as lead_to_iql_rate,
        cast({{ safe_divide('mqls', 'iqls') }} as numeric(38, 4)) as iql_to_mql_rate,
        cast({{ safe_divide('sqls', 'mqls') }} as numeric(38, 4)) as mql_to_sql_rate,
        cast({{ safe_divide('opportunities', 'sqls') }} as numeric(38, 4)) as sql_to_opportunity_rate,
        cast({{ safe_divide('customers', 'opportunities') }} as numeric(38, 4)) as opportunity_to_customer_rate,
        cast({{ safe_divide('customers', 'leads') }} as numeric(38, 4)) as lead_to_customer_rate,
        cast(median_days_lead_to_mql as numeric(38, 2)) as median_days_lead_to_mql,
        cast(median_days_lead_to_sql as numeric(38, 2)) as median_days_lead_to_sql,
        cast(median_days_lead_to_customer as numeric(38, 2)) as median_days_lead_to_customer
    from aggregated

)

select * from final
