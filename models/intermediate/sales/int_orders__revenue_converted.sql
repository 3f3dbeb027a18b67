-- One row per attached or unattached clean order, with amounts in the reporting currency
-- (var reporting_currency, rates from the currency_rates seed). Refunds are netted (full or
-- partial). Counted (a purchase: revenue, and evidence of a customer): every order that is not
-- cancelled and not fully refunded, whatever its amount - an order of 0, or of 0.01 in a
-- currency that rounds to 0.00, is a purchase with no revenue.
-- order_number orders the counted orders of each canonical lead by time.
with

orders as (

    select * from {{ ref('int_orders__leads_attached') }}

),

currency_rates as (

    -- Cast the rate so amount x rate stays a decimal on every engine (seeds may load it as a float).
    select
        currency_code,
        cast(rate_to_reporting_currency as {{ dbt.type_numeric() }}) as rate_to_reporting_currency
    from {{ ref('currency_rates') }}

),

converted as (

    select
        orders.order_id,
        orders.canonical_lead_id,
        orders.attach_method,
        orders.ordered_at,
        orders.order_status,
        orders.currency_code,
        currency_rates.rate_to_reporting_currency,
        orders.order_amount,
        orders.refunded_amount,
        cast(
            round(orders.order_amount * currency_rates.rate_to_reporting_currency, 2) as decimal(38, 2)
        ) as gross_amount,
        cast(
            round(
                case
                    when orders.order_status = 'cancelled' then 0
                    else orders.refunded_amount
                end * currency_rates.rate_to_reporting_currency,
                2
            ) as decimal(38, 2)
        ) as refunded_reporting_amount,
        cast(
            round(
                case
                    when orders.order_status = 'cancelled' then 0
                    else orders.order_amount - orders.refunded_amount
                end * currency_rates.rate_to_reporting_currency,
                2
            ) as decimal(38, 2)
        ) as net_revenue
    from orders
    left join currency_rates
        on orders.currency_code = currency_rates.currency_code

),

flagged as (

    select
        *,
        coalesce(
            order_status != 'cancelled'
            and not (refunded_amount > 0 and refunded_amount >= order_amount),
            false
        ) as is_counted
    from converted

),

numbered as (

    select
        *,
        case
            when is_counted and canonical_lead_id is not null
                then row_number() over (
                    partition by canonical_lead_id, is_counted
                    order by ordered_at, order_id
                )
        end as order_number
    from flagged

),

final as (

    select
        order_id,
        canonical_lead_id,
        attach_method,
        ordered_at,
        order_status,
        currency_code,
        rate_to_reporting_currency,
        order_amount,
        refunded_amount,
        gross_amount,
        refunded_reporting_amount,
        net_revenue,
        is_counted,
        order_number,
        coalesce(order_number = 1, false) as is_first_order
    from numbered

)

select * from final
