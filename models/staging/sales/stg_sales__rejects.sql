with

base_opportunities as (

    select * from {{ ref('base_sales__opportunities') }}

),

base_orders as (

    select * from {{ ref('base_sales__orders') }}

),

rejected_opportunities as (

    select
        'sales.opportunities' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_opportunities
    where reject_reason is not null

),

rejected_orders as (

    select
        'sales.orders' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_orders
    where reject_reason is not null

),

final as (

    select * from rejected_opportunities
    union all
    select * from rejected_orders

)

select * from final
