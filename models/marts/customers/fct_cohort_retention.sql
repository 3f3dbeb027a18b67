-- One row per acquisition cohort month (the month its customers became customers: a first
-- purchase or a won deal) and month since then, from 0 up to the as-of month, without gaps:
-- how many of the cohort's customers were active (purchased) that month, how many had become
-- repeat customers by then (a second counted purchase), and the retained revenue (purchases
-- after each customer's first one) that month and so far: the retention curve.
with

customer_months as (

    select * from {{ ref('int_customer_months__activated') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

month_numbers as (

    -- 0 .. 1023 months (85 years); cut to the data's range below.
    select generated_number - 1 as months_since_first_purchase
    from ({{ dbt.generate_series(1024) }}) as series

),

cohorts as (

    select
        acquisition_cohort_month as cohort_month,
        count(*) as cohort_customers
    from customer_months
    where months_since_first_purchase = 0
    group by acquisition_cohort_month

),

cohort_months as (

    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        month_numbers.months_since_first_purchase
    from cohorts
    cross join as_of
    inner join month_numbers
        on
            month_numbers.months_since_first_purchase
            <= {{ dbt.datediff('cohorts.cohort_month', month_start('as_of.as_of_date'), 'month') }}

),

monthly as (

    select
        acquisition_cohort_month as cohort_month,
        months_since_first_purchase,
        count(*) as active_customers,
        sum(purchase_count) as purchases,
        sum(is_second_purchase_month) as new_repeat_customers,
        sum(retained_revenue) as retained_revenue
    from customer_months
    group by acquisition_cohort_month, months_since_first_purchase

),

curve as (

    select
        cohort_months.cohort_month,
        cohort_months.months_since_first_purchase,
        cohort_months.cohort_customers,
        coalesce(monthly.active_customers, 0) as active_customers,
        coalesce(monthly.purchases, 0) as purchases,
        sum(coalesce(monthly.new_repeat_customers, 0)) over (
            partition by cohort_months.cohort_month
            order by cohort_months.months_since_first_purchase
            rows between unbounded preceding and current row
        ) as repeat_customers,
        coalesce(monthly.retained_revenue, 0) as retained_revenue,
        sum(coalesce(monthly.retained_revenue, 0)) over (
            partition by cohort_months.cohort_month
            order by cohort_months.months_since_first_purchase
            rows between unbounded preceding and current row
        ) as cumulative_retained_revenue
    from cohort_months
    left join monthly
        on
            cohort_months.cohort_month = monthly.cohort_month
            and cohort_months.months_since_first_purchase = monthly.months_since_first_purchase

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
        cast(months_since_first_purchase as integer) as months_since_first_purchase,
        cast(cohort_customers as integer) as cohort_customers,
        cast(active_customers as integer) as active_customers,
        cast(round(1.0 * active_customers / cohort_customers, 4) as numeric(38, 4)) as active_customer_rate,
        cast(purchases as integer) as purchases,
        cast(repeat_customers as integer) as repeat_customers,
        cast(round(1.0 * repeat_customers / cohort_customers, 4) as numeric(38, 4)) as repeat_purchase_rate,
        cast(retained_revenue as numeric(38, 2)) as retained_revenue,
        cast(cumulative_retained_revenue as numeric(38, 2)) as cumulative_retained_revenue
    from curve

)

select * from final
