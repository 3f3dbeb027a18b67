-- One row per lead cohort month, lead source (as landed) and channel: how many leads reached
-- each stage and how many became customers, so conversion can be read per lead source without
-- going back to raw data. Sibling of fct_funnel_conversion (which groups by channel only).
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

aggregated as (

    select
        {{ month_start('leads.created_at') }} as cohort_month,
        coalesce(leads.lead_source, '(none)') as lead_source,
        leads.channel,
        count(*) as leads,
        {{ reached_stage_counts('stages.') }},
        {{ median(days_between('stages.lead_at', 'stages.customer_at')) }} as median_days_lead_to_customer
    from leads
    inner join stages
        on leads.canonical_lead_id = stages.canonical_lead_id
    group by {{ month_start('leads.created_at') }}, coalesce(leads.lead_source, '(none)'), leads.channel

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
        cast(lead_source as varchar) as lead_source,
        cast(channel as varchar) as channel,
        cast(leads as integer) as leads,
        cast(iqls as integer) as iqls,
        cast(mqls as integer) as mqls,
        cast(sqls as integer) as sqls,
        cast(opportunities as integer) as opportunities,
        cast(customers as integer) as customers,
        cast({{ safe_divide('mqls', 'leads') }} as numeric(38, 4)) as lead_to_mql_rate,
        cast({{ safe_divide('customers', 'leads') }} as numeric(38, 4)) as lead_to_customer_rate,
        cast(median_days_lead_to_customer as numeric(38, 2)) as median_days_lead_to_customer
    from aggregated

)

select * from final
