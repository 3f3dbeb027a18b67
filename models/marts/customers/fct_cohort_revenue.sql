-- One row per acquisition cohort month (the month the customers became customers) and month since
-- that month, from 0 up to the latest order month in the data, without gaps: the LTV curve.
with

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where is_counted and canonical_lead_id is not null

),

month_numbers as (

    -- 0 .. 1023 months (85 years); cut to the data's range below.
    select generated_number - 1 as months_since_first_order
    from ({{ dbt.generate_series(1024) }}) as series

),

cohorts as (

    select
        acquisition_cohort_month as cohort_month,
        count(*) as cohort_customers
    from customers
    group by acquisition_cohort_month

),

data_end as (

    select max({{ month_start('ordered_at') }}) as last_order_month
    from orders

),

cohort_months as (

    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        month_numbers.months_since_first_order
    from cohorts
    cross join data_end
    inner join month_numbers
        on
            month_numbers.months_since_first_order
            <= {{ dbt.datediff('cohorts.cohort_month', 'data_end.last_order_month', 'month') }}

),

revenue_by_month as (

    select
        customers.acquisition_cohort_month as cohort_month,
        {{ dbt.datediff('customers.acquisition_cohort_month', month_start('orders.ordered_at'), 'month') }}
            as months_since_first_order,
        sum(orders.net_revenue) as net_revenue
    from orders
    inner join customers
        on orders.canonical_lead_id = customers.canonical_lead_id
    group by
        customers.acquisition_cohort_month,
        {{ dbt.datediff('customers.acquisition_cohort_month', month_start('orders.ordered_at'), 'month') }}

),

curve as (

    select
        cohort_months.cohort_month,
        cohort_months.months_since_first_order,
        cohort_months.cohort_customers,
        coalesce(revenue_by_month.net_revenue, 0) as net_revenue,
        sum(coalesce(revenue_by_month.net_revenue, 0)) over (
            partition by cohort_months.cohort_month
            order by cohort_months.months_since_first_order
            rows between unbounded preceding and current row
        ) as cumulative_net_revenue
    from cohort_months
    left join revenue_by_month
        on
            cohort_months.cohort_month = revenue_by_month.cohort_month
            and cohort_months.months_since_first_order = revenue_by_month.months_since_first_order

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
        cast(months_since_first_order as integer) as months_since_first_order,
        cast(cohort_customers as integer) as cohort_customers,
        cast(net_revenue as numeric(38, 2)) as net_revenue,
        cast(cumulative_net_revenue as numeric(38, 2)) as cumulative_net_revenue,
        cast(
            {{ safe_divide('cumulative_net_revenue', 'cohort_customers') }} as numeric(38, 2)
        ) as cumulative_revenue_per_customer
    from curve

)

select * from final
