-- One row per customer (a lead with customer evidence: a won deal, a counted order of any amount,
-- a CRM customer stage): unit of sale, residual value (total sales, first purchase included),
-- association length, and how it compares with what the acquisition channel paid per customer.
with

customers as (

    select * from {{ ref('int_customers__orders_aggregated') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

channel_performance as (

    select * from {{ ref('int_channel_performance__joined') }}

),

channel_month_cac as (

    -- CAC of a channel in a month over all its campaigns: spend / new customers, the same
    -- attribution as fct_channel_performance (both read int_channel_performance__joined).
    select
        report_month,
        channel,
        {{ safe_divide('sum(spend)', 'sum(new_customers)') }} as customer_acquisition_cost
    from channel_performance
    group by report_month, channel

),

final as (

    select
        cast(customers.lead_key as varchar) as lead_key,
        cast(leads.channel as varchar) as acquisition_channel,
        cast(coalesce(leads.first_campaign_id, 'no_campaign') as varchar) as acquisition_campaign_id,
        cast(customers.acquisition_cohort_month as date) as acquisition_cohort_month,
        cast(customers.first_order_at as timestamp) as first_order_at,
        cast(customers.first_order_amount as numeric(38, 2)) as first_order_amount,
        cast(customers.order_count as integer) as order_count,
        cast(customers.net_revenue as numeric(38, 2)) as net_revenue,
        cast(customers.residual_value as numeric(38, 2)) as residual_value,
        cast(customers.tenure_days as integer) as tenure_days,
        cast(customers.average_order_value as numeric(38, 2)) as average_order_value,
        cast(channel_month_cac.customer_acquisition_cost as numeric(38, 2)) as customer_acquisition_cost,
        cast(
            {{ safe_divide('customers.net_revenue', 'channel_month_cac.customer_acquisition_cost') }}
            as numeric(38, 4)
        ) as ltv_to_cac_ratio,
        cast(customers.became_customer_at as timestamp) as became_customer_at,
        cast(customers.customer_evidence_source as varchar) as customer_evidence_source,
        cast(customers.is_active_customer as boolean) as is_active_customer,
        cast(customers.association_days as integer) as association_days
    from customers
    inner join leads
        on customers.canonical_lead_id = leads.canonical_lead_id
    left join channel_month_cac
        on
            customers.acquisition_cohort_month = channel_month_cac.report_month
            and leads.channel = channel_month_cac.channel

)

select * from final
