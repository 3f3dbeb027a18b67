-- One row per canonical lead and funnel stage it reached (first reach only): when it first reached
-- the stage or jumped past it (the first time of that stage or of any later one, as the
-- has_reached_* flags and fct_channel_performance count it), with the lead's channel and cohort.
-- The event grain that MetricFlow conversion metrics need (models/metrics).
with

funnel as (

    select * from {{ ref('int_leads__funnel_timed') }}

),

reached as (

    select
        lead_key,
        'lead' as funnel_stage,
        1 as stage_order,
        lead_at as reached_at
    from funnel

    union all

    select
        lead_key,
        'iql' as funnel_stage,
        2 as stage_order,
        coalesce(iql_at, mql_at, sql_at, opportunity_at, customer_at) as reached_at
    from funnel

    union all

    select
        lead_key,
        'mql' as funnel_stage,
        3 as stage_order,
        coalesce(mql_at, sql_at, opportunity_at, customer_at) as reached_at
    from funnel

    union all

    select
        lead_key,
        'sql' as funnel_stage,
        4 as stage_order,
        coalesce(sql_at, opportunity_at, customer_at) as reached_at
    from funnel

    union all

    select
        lead_key,
        'opportunity' as funnel_stage,
        5 as stage_order,
        coalesce(opportunity_at, customer_at) as reached_at
    from funnel

    union all

    select
        lead_key,
        'customer' as funnel_stage,
        6 as stage_order,
        customer_at as reached_at
    from funnel

),

final as (

    select
        cast(reached.lead_key as varchar) as lead_key,
        cast(reached.funnel_stage as varchar) as funnel_stage,
        cast(reached.stage_order as integer) as stage_order,
        cast(reached.reached_at as timestamp) as reached_at,
        cast(funnel.lead_at as timestamp) as lead_at,
        cast(funnel.cohort_month as date) as cohort_month,
        cast(funnel.channel as varchar) as channel
    from reached
    inner join funnel
        on reached.lead_key = funnel.lead_key
    where reached.reached_at is not null

)

select * from final
