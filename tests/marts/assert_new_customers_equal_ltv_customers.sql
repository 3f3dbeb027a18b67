-- Customers reconcile across the marts: new customers in fct_channel_performance, customers in
-- fct_funnel_conversion, customers in dim_leads and rows of fct_customer_lifetime_value agree,
-- and first-order revenue equals the sum of the units of sale.
with

performance as (

    select
        sum(new_customers) as new_customers,
        sum(first_order_revenue) as first_order_revenue
    from {{ ref('fct_channel_performance') }}

),

conversion as (

    select sum(customers) as customers
    from {{ ref('fct_funnel_conversion') }}

),

leads as (

    select sum(case when is_customer then 1 else 0 end) as customers
    from {{ ref('dim_leads') }}

),

lifetime_value as (

    select
        count(*) as customers,
        coalesce(sum(first_order_amount), 0) as first_order_revenue
    from {{ ref('fct_customer_lifetime_value') }}

)

select
    performance.new_customers,
    conversion.customers as conversion_customers,
    leads.customers as dim_customers,
    lifetime_value.customers as ltv_customers
from performance
cross join conversion
cross join leads
cross join lifetime_value
where
    coalesce(performance.new_customers, 0) != lifetime_value.customers
    or coalesce(conversion.customers, 0) != lifetime_value.customers
    or coalesce(leads.customers, 0) != lifetime_value.customers
    or coalesce(performance.first_order_revenue, 0) != lifetime_value.first_order_revenue
