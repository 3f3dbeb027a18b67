-- One row per month, channel and campaign with spend or funnel events: the spend in the reporting
-- currency next to the leads created and the MQLs, SQLs and new customers reached in the month.
-- Spend without leads and leads without spend both appear (0 for the missing side).
-- fct_channel_performance adds the campaign name and the cost ratios; fct_customer_lifetime_value
-- sums it per channel and month for the CAC.
with

spend as (

    select * from {{ ref('int_marketing_spend__converted') }}

),

funnel_by_month as (

    select * from {{ ref('int_channel_funnel__counted') }}

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
        cast(report_month as date) as report_month,
        cast(channel as varchar) as channel,
        cast(campaign_id as varchar) as campaign_id,
        cast(spend as numeric(38, 2)) as spend,
        cast(leads as integer) as leads,
        cast(mqls as integer) as mqls,
        cast(sqls as integer) as sqls,
        cast(new_customers as integer) as new_customers,
        cast(first_order_revenue as numeric(38, 2)) as first_order_revenue
    from joined

)

select * from final
