-- Question: of the customers won in a month, how many keep buying in the months after, how many
-- have bought a second time, and how much revenue do they bring after their first purchase?
with

retention as (

    select * from {{ ref('fct_cohort_retention') }}

),

final as (

    select
        cohort_month,
        months_since_first_purchase,
        cohort_customers,
        active_customers,
        active_customer_rate,
        repeat_purchase_rate,
        retained_revenue,
        cumulative_retained_revenue
    from retention

)

select * from final
order by cohort_month, months_since_first_purchase
