-- Revenue reconciles across layers: the net revenue of fct_customer_lifetime_value, of
-- fct_orders and of fct_cohort_revenue each equal the net revenue of the counted orders attached
-- to a lead in the intermediate layer (unattached orders are excluded from the marts by design).
with

intermediate_orders as (

    select coalesce(sum(net_revenue), 0) as net_revenue
    from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

lifetime_value as (

    select coalesce(sum(net_revenue), 0) as net_revenue
    from {{ ref('fct_customer_lifetime_value') }}

),

orders as (

    select coalesce(sum(net_revenue), 0) as net_revenue
    from {{ ref('fct_orders') }}

),

cohorts as (

    select coalesce(sum(net_revenue), 0) as net_revenue
    from {{ ref('fct_cohort_revenue') }}

)

select
    intermediate_orders.net_revenue as intermediate_net_revenue,
    lifetime_value.net_revenue as ltv_net_revenue,
    orders.net_revenue as orders_net_revenue,
    cohorts.net_revenue as cohort_net_revenue
from intermediate_orders
cross join lifetime_value
cross join orders
cross join cohorts
where
    lifetime_value.net_revenue != intermediate_orders.net_revenue
    or orders.net_revenue != intermediate_orders.net_revenue
    or cohorts.net_revenue != intermediate_orders.net_revenue
