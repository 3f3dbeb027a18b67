-- One row per month, channel and campaign: spend in the reporting currency, the leads created and
-- the MQLs, SQLs and new customers reached in the month (attributed to the lead's channel and first
-- campaign; int_channel_performance__joined), and the cost and return ratios. Spend without leads
-- and leads without spend both appear. 'no_campaign' stands for leads and spend without a campaign.
with

performance as (

    select * from {{ ref('int_channel_performance__joined') }}

),

campaigns as (

    select * from {{ ref('int_campaigns__completed') }}

),

final as (

    select
        cast(performance.report_month as date) as month,  -- noqa: RF04
        cast(performance.channel as varchar) as channel,
        cast(performance.campaign_id as varchar) as campaign_id,
        cast(campaigns.campaign_name as varchar) as campaign_name,
        cast(performance.spend as numeric(38, 2)) as spend,
        cast(performance.leads as integer) as leads,
        cast(performance.mqls as integer) as mqls,
        cast(performance.sqls as integer) as sqls,
        cast(performance.new_customers as integer) as new_customers,
        cast({{ safe_divide('performance.spend', 'performance.leads') }} as numeric(38, 2)) as cost_per_lead,
        cast({{ safe_divide('performance.spend', 'performance.mqls') }} as numeric(38, 2)) as cost_per_mql,
        cast({{ safe_divide('performance.spend', 'performance.sqls') }} as numeric(38, 2)) as cost_per_sql,
        cast(
            {{ safe_divide('performance.spend', 'performance.new_customers') }} as numeric(38, 2)
        ) as customer_acquisition_cost,
        cast(performance.first_order_revenue as numeric(38, 2)) as first_order_revenue,
        cast(
            {{ safe_divide('performance.first_order_revenue - performance.spend', 'performance.spend') }}
            as numeric(38, 4)
        ) as roi
    from performance
    left join campaigns
        on performance.campaign_id = campaigns.campaign_id

)

select * from final
