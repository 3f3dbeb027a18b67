-- Orders that do not attach to a lead are kept (null canonical lead), not dropped: attached plus
-- unattached orders equal the clean orders, in both the attachment and the conversion step.
with

clean as (

    select count(*) as clean_orders
    from {{ ref('stg_sales__orders') }}

),

attached as (

    select
        sum(case when attach_method != 'unattached' then 1 else 0 end) as attached_orders,
        sum(case when attach_method = 'unattached' then 1 else 0 end) as unattached_orders
    from {{ ref('int_orders__leads_attached') }}

),

converted as (

    select count(*) as converted_orders
    from {{ ref('int_orders__revenue_converted') }}

)

select
    clean.clean_orders,
    attached.attached_orders,
    attached.unattached_orders,
    converted.converted_orders
from clean
cross join attached
cross join converted
where
    attached.attached_orders + attached.unattached_orders != clean.clean_orders
    or converted.converted_orders != clean.clean_orders
