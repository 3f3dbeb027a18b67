-- One row per customer and month since it became a customer (its acquisition cohort month,
-- int_customers__orders_aggregated) in which it was active: month 0 always (it became a
-- customer then: a first purchase or a won deal), a later month when it made a counted
-- purchase. Per month: its counted purchases, their net revenue, the retained revenue (net
-- revenue of its purchases after its first counted one), and whether its second counted
-- purchase (the one that makes it a repeat customer) fell in that month. Purchases in a month
-- before the cohort month (possible only when var customer_evidence leaves out counted orders)
-- are left out.
with

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

order_months as (

    select
        customers.canonical_lead_id,
        customers.acquisition_cohort_month,
        {{ dbt.datediff('customers.acquisition_cohort_month', month_start('orders.ordered_at'), 'month') }}
            as months_since_first_purchase,
        orders.order_number,
        orders.net_revenue
    from orders
    inner join customers
        on orders.canonical_lead_id = customers.canonical_lead_id

),

acquisition_months as (

    -- month 0: every customer, with or without a purchase in it
    select
        canonical_lead_id,
        acquisition_cohort_month,
        0 as months_since_first_purchase,
        cast(null as {{ dbt.type_int() }}) as order_number,
        cast(null as decimal(38, 2)) as net_revenue
    from customers

),

active_months as (

    select * from order_months
    where months_since_first_purchase >= 0
    union all
    select * from acquisition_months

),

final as (

    select
        canonical_lead_id,
        acquisition_cohort_month,
        months_since_first_purchase,
        count(order_number) as purchase_count,
        cast(coalesce(sum(net_revenue), 0) as decimal(38, 2)) as net_revenue,
        cast(coalesce(sum(case when order_number > 1 then net_revenue end), 0) as decimal(38, 2))
            as retained_revenue,
        max(case when order_number = 2 then 1 else 0 end) as is_second_purchase_month
    from active_months
    group by canonical_lead_id, acquisition_cohort_month, months_since_first_purchase

)

select * from final
