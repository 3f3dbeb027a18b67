-- Question: for each channel, how does the share of new leads that become MQLs, SQLs and customers
-- change from one lead cohort month to the next, and how fast do they convert?
with

conversion as (

    select * from {{ ref('fct_funnel_conversion') }}

),

final as (

    select
        channel,
        cohort_month,
        leads,
        mqls,
        sqls,
        customers,
        {{ safe_divide('mqls', 'leads') }} as lead_to_mql_rate,
        {{ safe_divide('sqls', 'leads') }} as lead_to_sql_rate,
        lead_to_customer_rate,
        median_days_lead_to_mql,
        median_days_lead_to_customer
    from conversion

)

select * from final
order by channel, cohort_month
