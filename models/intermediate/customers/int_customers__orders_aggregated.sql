-- One row per customer (a canonical lead with at least one counted order): unit of sale (net
-- revenue of the first counted order), net revenue to date, residual value and order cadence,
-- all in the reporting currency.
with

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

first_orders as (

    select
        canonical_lead_id,
        order_id as first_order_id,
        ordered_at as first_order_at,
        cast(net_revenue as decimal(18, 2)) as first_order_amount
    from orders
    where is_first_order

),

order_totals as (

    select
        canonical_lead_id,
        count(*) as order_count,
        cast(sum(net_revenue) as decimal(18, 2)) as net_revenue,
        max(ordered_at) as last_order_at
    from orders
    group by canonical_lead_id

),

final as (

    select
        leads.lead_key,
        first_orders.canonical_lead_id,
        first_orders.first_order_id,
        first_orders.first_order_at,
        {{ month_start('first_orders.first_order_at') }} as acquisition_cohort_month,
        first_orders.first_order_amount,
        order_totals.order_count,
        order_totals.net_revenue,
        cast(order_totals.net_revenue - first_orders.first_order_amount as decimal(18, 2)) as residual_value,
        order_totals.last_order_at,
        {{ dbt.datediff('first_orders.first_order_at', 'order_totals.last_order_at', 'day') }}
            as tenure_days,
        cast(
            round(order_totals.net_revenue / order_totals.order_count, 2) as decimal(18, 2)
        ) as average_order_value
    from first_orders
    inner join order_totals
        on first_orders.canonical_lead_id = order_totals.canonical_lead_id
    inner join leads
        on first_orders.canonical_lead_id = leads.canonical_lead_id

)

select * from final
