-- One row per month, channel and campaign in which a lead was created or reached MQL, SQL or
-- customer: the counts of those events, attributed to the lead's channel and first campaign
-- ('no_campaign' when it has none), and the first-order revenue of the month's new customers.
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

lead_milestones as (

    -- When each lead reached MQL / SQL or higher: the first kept timestamp of that stage or of any
    -- higher one (a lead that skipped MQL reached it when it reached the next stage).
    select
        leads.channel,
        coalesce(leads.first_campaign_id, 'no_campaign') as campaign_id,
        leads.created_at,
        coalesce(stages.mql_at, stages.sql_at, stages.opportunity_at, stages.customer_at) as mql_reached_at,
        coalesce(stages.sql_at, stages.opportunity_at, stages.customer_at) as sql_reached_at,
        stages.customer_at,
        customers.first_order_amount
    from leads
    inner join stages
        on leads.canonical_lead_id = stages.canonical_lead_id
    left join customers
        on leads.canonical_lead_id = customers.canonical_lead_id

),

lead_events as (

    select
        {{ month_start('created_at') }} as report_month,
        channel,
        campaign_id,
        1 as is_lead,
        0 as is_mql,
        0 as is_sql,
        0 as is_new_customer,
        0 as first_order_amount
    from lead_milestones

    union all

    select
        {{ month_start('mql_reached_at') }} as report_month,
        channel,
        campaign_id,
        0 as is_lead,
        1 as is_mql,
        0 as is_sql,
        0 as is_new_customer,
        0 as first_order_amount
    from lead_milestones
    where mql_reached_at is not null

    union all

    select
        {{ month_start('sql_reached_at') }} as report_month,
        channel,
        campaign_id,
        0 as is_lead,
        0 as is_mql,
        1 as is_sql,
        0 as is_new_customer,
        0 as first_order_amount
    from lead_milestones
    where sql_reached_at is not null

    union all

    select
        {{ month_start('customer_at') }} as report_month,
        channel,
        campaign_id,
        0 as is_lead,
        0 as is_mql,
        0 as is_sql,
        1 as is_new_customer,
        first_order_amount
    from lead_milestones
    where customer_at is not null

),

final as (

    select
        report_month,
        channel,
        campaign_id,
        sum(is_lead) as leads,
        sum(is_mql) as mqls,
        sum(is_sql) as sqls,
        sum(is_new_customer) as new_customers,
        cast(sum(first_order_amount) as numeric(38, 2)) as first_order_revenue
    from lead_events
    group by report_month, channel, campaign_id

)

select * from final
