-- One row per handover week, channel and sales owner (unknown while the CRM export carries no
-- owner): how many leads were handed over to sales, how fast sales first touched them (median
-- and average speed to lead in hours) and the SLA attainment (var handover_sla_hours): met /
-- (met + breached); pending handovers are not yet decided and left out of the rate.
with

handovers as (

    select * from {{ ref('int_lead_handovers__timed') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

aggregated as (

    select
        {{ dbt.date_trunc('week', 'handovers.handed_over_at') }} as handover_week,
        leads.channel,
        coalesce(handovers.sales_owner, 'unknown') as sales_owner,
        count(*) as handovers,
        sum(case when handovers.first_touch_at is not null then 1 else 0 end) as touched_handovers,
        {{ median('handovers.hours_to_first_touch') }} as median_hours_to_first_touch,
        avg(handovers.hours_to_first_touch) as avg_hours_to_first_touch,
        sum(case when handovers.sla_status = 'met' then 1 else 0 end) as sla_met,
        sum(case when handovers.sla_status = 'breached' then 1 else 0 end) as sla_breached,
        sum(case when handovers.sla_status = 'pending' then 1 else 0 end) as sla_pending,
        sum(case when handovers.handover_response = 'accepted' then 1 else 0 end) as accepted_by_sales,
        sum(case when handovers.handover_response = 'rejected' then 1 else 0 end) as rejected_by_sales
    from handovers
    inner join leads
        on handovers.canonical_lead_id = leads.canonical_lead_id
    group by 1, 2, 3

),

final as (

    select
        cast(handover_week as date) as handover_week,
        cast(channel as varchar) as channel,
        cast(sales_owner as varchar) as sales_owner,
        cast(handovers as integer) as handovers,
        cast(touched_handovers as integer) as touched_handovers,
        cast(median_hours_to_first_touch as numeric(38, 2)) as median_hours_to_first_touch,
        cast(avg_hours_to_first_touch as numeric(38, 2)) as avg_hours_to_first_touch,
        cast({{ var('handover_sla_hours') }} as integer) as sla_hours,
        cast(sla_met as integer) as sla_met,
        cast(sla_breached as integer) as sla_breached,
        cast(sla_pending as integer) as sla_pending,
        cast({{ safe_divide('sla_met', 'sla_met + sla_breached') }} as numeric(38, 4)) as sla_attainment_rate,
        cast(accepted_by_sales as integer) as accepted_by_sales,
        cast(rejected_by_sales as integer) as rejected_by_sales
    from aggregated

)

select * from final
