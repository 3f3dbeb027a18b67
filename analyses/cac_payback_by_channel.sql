-- Question: per acquisition channel, what does a new customer cost (CAC), what do customers bring
-- (unit of sale, lifetime value so far), and how many months of average revenue does it take to
-- pay back the acquisition cost?
with

customers as (

    select * from {{ ref('fct_customer_lifetime_value') }}

),

channel_performance as (

    select * from {{ ref('fct_channel_performance') }}

),

channel_cac as (

    select
        channel,
        sum(spend) as spend,
        sum(new_customers) as new_customers,
        {{ safe_divide('sum(spend)', 'sum(new_customers)') }} as customer_acquisition_cost
    from channel_performance
    group by channel

),

channel_value as (

    select
        acquisition_channel as channel,
        count(*) as customers,
        avg(first_order_amount) as average_unit_of_sale,
        avg(net_revenue) as average_lifetime_value,
        -- Revenue per customer per month of tenure (a customer's first month counts as one).
        {{ safe_divide('sum(net_revenue)', 'sum(tenure_days / 30.0 + 1)') }} as monthly_revenue_per_customer
    from customers
    group by acquisition_channel

),

final as (

    select
        channel_cac.channel,
        channel_cac.spend,
        channel_cac.new_customers,
        channel_cac.customer_acquisition_cost,
        channel_value.average_unit_of_sale,
        channel_value.average_lifetime_value,
        {{ safe_divide('channel_value.average_lifetime_value', 'channel_cac.customer_acquisition_cost') }}
            as ltv_to_cac_ratio,
        {{ safe_divide('channel_cac.customer_acquisition_cost', 'channel_value.monthly_revenue_per_customer') }}
            as payback_months
    from channel_cac
    left join channel_value
        on channel_cac.channel = channel_value.channel

)

select * from final
order by payback_months
