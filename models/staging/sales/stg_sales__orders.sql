with

base_orders as (

    select * from {{ ref('base_sales__orders') }}

),

final as (

    select
        order_id,
        lead_id,
        email,
        ordered_at,
        order_amount,
        currency_code,
        order_status,
        refunded_amount,
        refunded_at,
        loaded_at
    from base_orders
    where reject_reason is null

)

select * from final
