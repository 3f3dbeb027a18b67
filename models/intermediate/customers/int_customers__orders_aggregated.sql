-- One row per customer (a canonical lead with customer evidence: a won deal, a counted order or
-- a CRM customer stage, var customer_evidence): the unit of sale (net revenue of the first
-- counted order; null without one), total sales to date, residual value and the length of the
-- customer's association with the company, all in the reporting currency. A customer with no
-- order (a won deal only) has 0 orders and 0 revenue.
with

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}
    where customer_at is not null

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

first_orders as (

    select
        canonical_lead_id,
        order_id as first_order_id,
        ordered_at as first_order_at,
        cast(net_revenue as decimal(38, 2)) as first_order_amount
    from orders
    where is_first_order

),

order_totals as (

    select
        canonical_lead_id,
        count(*) as order_count,
        cast(sum(net_revenue) as decimal(38, 2)) as net_revenue,
        max(ordered_at) as last_order_at
    from orders
    group by canonical_lead_id

),

customers as (

    select
        leads.lead_key,
        stages.canonical_lead_id,
        stages.customer_at as became_customer_at,
        stages.customer_evidence_source,
        first_orders.first_order_id,
        first_orders.first_order_at,
        first_orders.first_order_amount,
        coalesce(order_totals.order_count, 0) as order_count,
        coalesce(order_totals.net_revenue, cast(0 as decimal(38, 2))) as net_revenue,
        order_totals.last_order_at,
        -- the latest purchase, or becoming a customer when there is none (or it came later)
        greatest(stages.customer_at, coalesce(order_totals.last_order_at, stages.customer_at))
            as last_purchase_at,
        as_of.as_of_date
    from stages
    inner join leads
        on stages.canonical_lead_id = leads.canonical_lead_id
    cross join as_of
    left join first_orders
        on stages.canonical_lead_id = first_orders.canonical_lead_id
    left join order_totals
        on stages.canonical_lead_id = order_totals.canonical_lead_id

),

activity as (

    select
        *,
        {{ days_between('last_purchase_at', 'as_of_date') }}
        <= {{ var('customer_active_window_days') }} as is_active_customer
    from customers

),

final as (

    select
        lead_key,
        canonical_lead_id,
        became_customer_at,
        customer_evidence_source,
        first_order_id,
        first_order_at,
        {{ month_start('became_customer_at') }} as acquisition_cohort_month,
        first_order_amount,
        order_count,
        cast(net_revenue as decimal(38, 2)) as net_revenue,
        -- residual value: everything the customer brought, first purchase included
        cast(net_revenue as decimal(38, 2)) as residual_value,
        last_order_at,
        {{ days_between('first_order_at', 'last_order_at') }} as tenure_days,
        is_active_customer,
        -- association: from becoming a customer to the latest purchase, or to the as-of date
        -- while the customer is still active (never negative)
        greatest(
            0,
            case
                when is_active_customer
                    then {{ days_between('became_customer_at', 'as_of_date') }}
                else {{ days_between('became_customer_at', 'last_purchase_at') }}
            end
        ) as association_days,
        cast(
            case
                when order_count > 0 then round(net_revenue / order_count, 2)
            end as decimal(38, 2)
        ) as average_order_value
    from activity

)

select * from final
