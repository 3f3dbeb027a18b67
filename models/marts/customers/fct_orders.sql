-- One row per counted order (not cancelled, not fully refunded) of a known lead, in the reporting
-- currency with refunds netted.
with

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

final as (

    select
        cast(orders.order_id as varchar) as order_id,
        cast(leads.lead_key as varchar) as lead_key,
        cast(orders.ordered_at as timestamp) as ordered_at,
        cast({{ month_start('orders.ordered_at') }} as date) as order_month,
        cast(orders.order_status as varchar) as order_status,
        cast(orders.currency_code as varchar) as original_currency_code,
        cast(orders.gross_amount as numeric(38, 2)) as gross_amount,
        cast(orders.refunded_reporting_amount as numeric(38, 2)) as refunded_amount,
        cast(orders.net_revenue as numeric(38, 2)) as net_revenue,
        cast(orders.order_number as integer) as order_number,
        cast(orders.is_first_order as boolean) as is_first_order
    from orders
    inner join leads
        on orders.canonical_lead_id = leads.canonical_lead_id

)

select * from final
