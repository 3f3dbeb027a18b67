-- Question: how much net revenue does an average customer bring in the months after the first
-- purchase, and do newer acquisition cohorts grow their lifetime value faster than older ones?
with

cohort_revenue as (

    select * from {{ ref('fct_cohort_revenue') }}

),

final as (

    select
        cohort_month,
        months_since_first_order,
        cohort_customers,
        cumulative_revenue_per_customer,
        cumulative_revenue_per_customer
        - first_value(cumulative_revenue_per_customer) over (
            partition by cohort_month
            order by months_since_first_order
        ) as residual_value_per_customer
    from cohort_revenue

)

select * from final
order by cohort_month, months_since_first_order
