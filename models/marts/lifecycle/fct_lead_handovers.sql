-- One row per handover to sales (a lead entering the SQL stage): the first sales touch, the
-- speed to lead in hours, the SLA status (var handover_sla_hours) and sales' answer where the
-- CRM records it (int_lead_handovers__timed), with the lead's channel and the handover week.
with

handovers as (

    select * from {{ ref('int_lead_handovers__timed') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

final as (

    select
        cast(leads.lead_key as varchar) as lead_key,
        cast(handovers.handover_number as integer) as handover_number,
        cast(handovers.handed_over_at as timestamp) as handed_over_at,
        cast({{ dbt.date_trunc('week', 'handovers.handed_over_at') }} as date) as handover_week,
        cast(handovers.handover_evidence_source as varchar) as handover_evidence_source,
        cast(handovers.first_touch_at as timestamp) as first_touch_at,
        cast(handovers.first_touch_type as varchar) as first_touch_type,
        cast(handovers.hours_to_first_touch as numeric(38, 2)) as hours_to_first_touch,
        cast(handovers.sla_hours as integer) as sla_hours,
        cast(handovers.sla_deadline_at as timestamp) as sla_deadline_at,
        cast(handovers.sla_status as varchar) as sla_status,
        cast(handovers.sla_status = 'breached' as boolean) as is_sla_breached,
        cast(handovers.handover_response as varchar) as handover_response,
        cast(handovers.sales_owner as varchar) as sales_owner,
        cast(leads.channel as varchar) as channel
    from handovers
    inner join leads
        on handovers.canonical_lead_id = leads.canonical_lead_id

)

select * from final
