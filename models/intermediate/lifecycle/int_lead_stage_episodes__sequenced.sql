-- One row per lead per stage episode: the lead's stage evidence (int_lead_stage_events__unioned)
-- read in time order (ties: stage order, then source) as a sequence of stages. Declared evidence
-- (a CRM status or stage change, a lost deal) moves the lead to its stage, back or forward;
-- other evidence only moves it forward: it counts when its stage ranks above every stage the
-- lead was in since the last declared evidence (nurturing ranks between MQL and SQL,
-- disqualified below lead). A lost deal after the lead became a customer is no evidence.
-- Consecutive evidence of one stage is one episode; an episode ends when the next begins.
with

events as (

    select * from {{ ref('int_lead_stage_events__unioned') }}

),

first_customer as (

    select
        canonical_lead_id,
        min(stage_at) as first_customer_at
    from events
    where stage = 'customer'
    group by canonical_lead_id

),

ordered as (

    select
        events.*,
        -- a segment starts at each declared event: forward evidence is compared within it
        sum(case when events.is_declared then 1 else 0 end) over (
            partition by events.canonical_lead_id
            order by events.stage_at, events.stage_rank, events.evidence_source
            rows between unbounded preceding and current row
        ) as segment_number
    from events
    left join first_customer
        on events.canonical_lead_id = first_customer.canonical_lead_id
    where not (
        events.evidence_source = 'lost_deal'
        and coalesce(first_customer.first_customer_at <= events.stage_at, false)
    )

),

ranked as (

    select
        *,
        max(stage_rank) over (
            partition by canonical_lead_id, segment_number
            order by stage_at, stage_rank, evidence_source
            rows between unbounded preceding and 1 preceding
        ) as prior_segment_rank
    from ordered

),

effective as (

    select
        *,
        lag(stage) over (
            partition by canonical_lead_id order by stage_at, stage_rank, evidence_source
        ) as previous_stage
    from ranked
    where is_declared or prior_segment_rank is null or stage_rank > prior_segment_rank

),

episodes as (

    select
        canonical_lead_id,
        stage,
        stage_rank,
        stage_at as entered_at,
        evidence_source as entry_evidence_source,
        previous_stage as entered_from_stage
    from effective
    where previous_stage is null or previous_stage != stage

),

final as (

    select
        canonical_lead_id,
        row_number() over lead_order as lead_episode_number,
        stage,
        row_number() over (
            partition by canonical_lead_id, stage order by entered_at, stage_rank, entry_evidence_source
        ) as stage_episode_number,
        entered_at,
        lead(entered_at) over lead_order as exited_at,
        entered_from_stage,
        lead(stage) over lead_order as exited_to_stage,
        entry_evidence_source
    from episodes
    window lead_order as (partition by canonical_lead_id order by entered_at, stage_rank, entry_evidence_source)

)

select * from final
