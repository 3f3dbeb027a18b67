-- One row per handover to sales: each time a lead entered the SQL stage
-- (int_lead_stage_episodes__sequenced). Its first sales touch is the earliest touch
-- (int_leads__sales_touches_unioned: a sales activity or an opportunity created) at or after the
-- handover and before the lead's next handover. SLA (var handover_sla_hours): met when touched
-- within the hours, breached when touched later or still untouched at the end of the as-of date
-- after the hours passed, pending otherwise. Sales' answer: the first accepted / rejected status
-- the CRM records from the handover on (null when it records none).
{%- set sla_hours = var('handover_sla_hours') %}
{%- set as_of_timestamp = 'cast(as_of.as_of_date as ' ~ dbt.type_timestamp() ~ ')' %}
with

episodes as (

    select * from {{ ref('int_lead_stage_episodes__sequenced') }}

),

touches as (

    select * from {{ ref('int_leads__sales_touches_unioned') }}

),

status_events as (

    select * from {{ ref('int_crm_status_events__mapped') }}
    where canonical_lead_id is not null and handover_response is not null

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

handovers as (

    select
        canonical_lead_id,
        stage_episode_number as handover_number,
        entered_at as handed_over_at,
        entry_evidence_source as handover_evidence_source,
        lead(entered_at) over (partition by canonical_lead_id order by entered_at) as next_handover_at
    from episodes
    where stage = 'sql'

),

matched_touches as (

    select
        handovers.canonical_lead_id,
        handovers.handover_number,
        touches.touched_at,
        touches.touch_type,
        row_number() over (
            partition by handovers.canonical_lead_id, handovers.handover_number
            order by touches.touched_at, touches.touch_type
        ) as touch_rank
    from handovers
    inner join touches
        on
            handovers.canonical_lead_id = touches.canonical_lead_id
            and handovers.handed_over_at <= touches.touched_at
            and (handovers.next_handover_at is null or handovers.next_handover_at > touches.touched_at)

),

responses as (

    select
        handovers.canonical_lead_id,
        handovers.handover_number,
        status_events.handover_response,
        row_number() over (
            partition by handovers.canonical_lead_id, handovers.handover_number
            order by status_events.status_at, status_events.handover_response
        ) as response_rank
    from handovers
    inner join status_events
        on
            handovers.canonical_lead_id = status_events.canonical_lead_id
            and handovers.handed_over_at <= status_events.status_at
            and (handovers.next_handover_at is null or handovers.next_handover_at > status_events.status_at)

),

timed as (

    select
        handovers.*,
        matched_touches.touched_at as first_touch_at,
        matched_touches.touch_type as first_touch_type,
        responses.handover_response,
        {{ dbt.dateadd('hour', sla_hours, 'handovers.handed_over_at') }} as sla_deadline_at,
        {{ dbt.dateadd('day', 1, as_of_timestamp) }} as as_of_end_at
    from handovers
    cross join as_of
    left join matched_touches
        on
            handovers.canonical_lead_id = matched_touches.canonical_lead_id
            and handovers.handover_number = matched_touches.handover_number
            and matched_touches.touch_rank = 1
    left join responses
        on
            handovers.canonical_lead_id = responses.canonical_lead_id
            and handovers.handover_number = responses.handover_number
            and responses.response_rank = 1

),

final as (

    select
        canonical_lead_id,
        handover_number,
        handed_over_at,
        handover_evidence_source,
        first_touch_at,
        first_touch_type,
        cast(
            {{ dbt.datediff('handed_over_at', 'first_touch_at', 'minute') | trim }} / 60.0
            as {{ dbt.type_numeric() }}
        ) as hours_to_first_touch,
        {{ sla_hours }} as sla_hours,
        sla_deadline_at,
        case
            when first_touch_at <= sla_deadline_at then 'met'
            when first_touch_at is not null or sla_deadline_at < as_of_end_at then 'breached'
            else 'pending'
        end as sla_status,
        handover_response,
        -- the raw contract carries no lead owner or sales team yet: null until a source has one
        cast(null as {{ dbt.type_string() }}) as sales_owner
    from timed

)

select * from final
