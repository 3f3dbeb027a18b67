-- One row per acquisition cohort month and acquisition channel: residual value as the domain
-- defines it - the average total sales per new customer (first purchase included) - and the
-- average length of the customers' association with the company.
with

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

aggregated as (

    select
        customers.acquisition_cohort_month,
        leads.channel as acquisition_channel,
        count(*) as new_customers,
        sum(customers.net_revenue) as total_sales,
        avg(customers.association_days) as average_association_days,
        sum(case when customers.is_active_customer then 1 else 0 end) as active_customers,
        avg(customers.first_order_amount) as average_unit_of_sale
    from customers
    inner join leads
        on customers.canonical_lead_id = leads.canonical_lead_id
    group by customers.acquisition_cohort_month, leads.channel

),

final as (

    select
        cast(acquisition_cohort_month as date) as acquisition_cohort_month,
        cast(acquisition_channel as varchar) as acquisition_channel,
        cast(new_customers as integer) as new_customers,
        cast(total_sales as numeric(38, 2)) as total_sales,
        cast(round(total_sales / new_customers, 2) as numeric(38, 2)) as residual_value,
        cast(round(average_association_days, 2) as numeric(38, 2)) as average_association_days,
        cast(active_customers as integer) as active_customers,
        cast(round(average_unit_of_sale, 2) as numeric(38, 2)) as average_unit_of_sale
    from aggregated

)

select * from final
