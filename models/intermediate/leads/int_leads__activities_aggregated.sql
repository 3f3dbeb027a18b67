{#- One row per canonical lead with at least one attached activity: what the lead models need
    from its activities (first evidence per stage, running score, unsubscribe, latest warm and
    hot activity), so they read one row per lead instead of the activity stream.
    Incremental (docs/architecture.md "Incremental models"): a run recomputes, from all of their
    activities, the leads with an activity (re)attached since the model's latest attached_at (at
    its new and at its previous lead); the pre-hook empties the model (a full recompute) when a
    stored lead lost an activity that this misses (an activity rejected by a later version), or
    the MQL threshold or reference data changed. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='canonical_lead_id',
        on_schema_change='fail',
        pre_hook="{{ reset_when_input_replaced(
            replaced_sql=lead_activity_summary_is_stale(ref('int_activities__leads_attached')),
            replaced_reason='a lead of ' ~ this ~ ' lost activities, or the MQL threshold changed'
        ) }}"
    )
}}
with

attached_activities as (

    select * from {{ ref('int_activities__leads_attached') }}
    where canonical_lead_id is not null

),

scoring_rules as (

    select * from {{ ref('activity_scoring_rules') }}

),

{% if is_incremental() %}

recomputed_leads as (

    -- the leads with an activity (re)attached since the last run: the lead it is attached to
    -- now, and the one it was attached to before
    {{ leads_with_changed_activities(ref('int_activities__leads_attached')) }}

),

{% endif %}

scored as (

    -- each activity with the rule of its type and the lead's running score, in the order the
    -- activities happened (occurred_at, then activity_id)
    select
        attached_activities.canonical_lead_id,
        attached_activities.occurred_at,
        attached_activities.attached_at,
        cast(scoring_rules.points as {{ dbt.type_int() }}) as points,
        scoring_rules.stage_signal,
        scoring_rules.temperature_signal,
        cast(scoring_rules.is_unsubscribe as {{ dbt.type_boolean() }}) as is_unsubscribe,
        sum(cast(scoring_rules.points as {{ dbt.type_int() }})) over (
            partition by attached_activities.canonical_lead_id
            order by attached_activities.occurred_at, attached_activities.activity_id
            rows between unbounded preceding and current row
        ) as cumulative_score
    from attached_activities
    {% if is_incremental() %}
        inner join recomputed_leads
            on attached_activities.canonical_lead_id = recomputed_leads.canonical_lead_id
    {% endif %}
    left join scoring_rules
        on attached_activities.activity_type = scoring_rules.activity_type

),

final as (

    select
        canonical_lead_id,
        count(*) as activity_count,
        min(occurred_at) as first_activity_at,
        max(occurred_at) as last_activity_at,
        min(case when stage_signal = 'iql' then occurred_at end) as iql_evidence_at,
        min(case when cumulative_score >= {{ var('mql_score_threshold') }} then occurred_at end) as mql_evidence_at,
        min(case when stage_signal = 'sql' then occurred_at end) as sql_evidence_at,
        sum(points) as current_score,
        max(case when is_unsubscribe then 1 else 0 end) = 1 as is_unsubscribed,
        min(case when temperature_signal in ('warm', 'hot') then occurred_at end) as first_meaningful_activity_at,
        max(case when temperature_signal in ('warm', 'hot') then occurred_at end) as last_meaningful_activity_at,
        max(case when temperature_signal = 'hot' then occurred_at end) as last_hot_activity_at,
        max(attached_at) as attached_at,
        {{ var('mql_score_threshold') }} as mql_score_threshold,
        {{ reference_fingerprint_column() }}
    from scored
    group by canonical_lead_id

)

select * from final
