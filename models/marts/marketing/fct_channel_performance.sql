-- One row per month, channel and campaign: spend in the reporting currency, the leads created and
-- the MQLs, SQLs and new customers reached in the month (attributed to the lead's channel and first
-- campaign), and the cost and return ratios. Spend without leads and leads without spend both
-- appear. 'no_campaign' stands for leads and spend without a campaign.
with

spend as (

    select * from {{ ref('int_marketing_spend__converted') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

campaigns as (

    select * from {{ ref('int_campaigns__completed') }}

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

funnel_by_month as (

    select
        report_month,
        channel,
        campaign_id,
        sum(is_lead) as leads,
        sum(is_mql) as mqls,
        sum(is_sql) as sqls,
        sum(is_new_customer) as new_customers,
        sum(first_order_amount) as first_order_revenue
    from lead_events
    group by report_month, channel, campaign_id

),

spend_by_month as (

    select
        spend_month as report_month,
        channel,
        coalesce(campaign_id, 'no_campaign') as campaign_id,
        sum(spend_reporting_amount) as spend
    from spend
    group by spend_month, channel, coalesce(campaign_id, 'no_campaign')

),

joined as (

    select
        coalesce(spend_by_month.report_month, funnel_by_month.report_month) as report_month,
        coalesce(spend_by_month.channel, funnel_by_month.channel) as channel,
        coalesce(spend_by_month.campaign_id, funnel_by_month.campaign_id) as campaign_id,
        coalesce(spend_by_month.spend, 0) as spend,
        coalesce(funnel_by_month.leads, 0) as leads,
        coalesce(funnel_by_month.mqls, 0) as mqls,
        coalesce(funnel_by_month.sqls, 0) as sqls,
        coalesce(funnel_by_month.new_customers, 0) as new_customers,
        coalesce(funnel_by_month.first_order_revenue, 0) as first_order_revenue
    from spend_by_month
    full outer join funnel_by_month
        on
            spend_by_month.report_month = funnel_by_month.report_month
            and spend_by_month.channel = funnel_by_month.channel
            and spend_by_month.campaign_id = funnel_by_month.campaign_id

),

final as (

    select
        cast(joined.report_month as date) as month,  -- noqa: RF04
        cast(joined.channel as varchar) as channel,
        cast(joined.campaign_id as varchar) as campaign_id,
        cast(campaigns.campaign_name as varchar) as campaign_name,
        cast(joined.spend as numeric(38, 2)) as spend,
        cast(joined.leads as integer) as leads,
        cast(joined.mqls as integer) as mqls,
        cast(joined.sqls as integer) as sqls,
        cast(joined.new_customers as integer) as new_customers,
        cast({{ safe_divide('joined.spend', 'joined.leads') }} as numeric(38, 2)) as cost_per_lead,
        cast({{ safe_divide('joined.spend', 'joined.mqls') }} as numeric(38, 2)) as cost_per_mql,
        cast({{ safe_divide('joined.spend', 'joined.sqls') }} as numeric(38, 2)) as cost_per_sql,
        cast(
            {{ safe_divide('joined.spend', 'joined.new_customers') }} as numeric(38, 2)
        ) as customer_acquisition_cost,
        cast(joined.first_order_revenue as numeric(38, 2)) as first_order_revenue,
        cast(
            {{ safe_divide('joined.first_order_revenue - joined.spend', 'joined.spend') }} as numeric(38, 4)
        ) as roi
    from joined
    left join campaigns
        on joined.campaign_id = campaigns.campaign_id

)

select * from final
