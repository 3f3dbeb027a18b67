{#- One row per canonical lead with at least one attached activity: what the lead models need
    from its activities (first evidence per stage, running score, unsubscribe, latest warm and
    hot activity), so they read one row per lead instead of the activity stream.
    Incremental (docs/architecture.md "Incremental models"): a run recomputes, from all of their
    activities, the leads with an activity (re)attached since the model's latest attached_at (at
    its new and at its previous lead); the pre-hook empties the model (a full recompute) when a
    stored lead lost an activity that this misses (an activity rejected by a later version), or
    the MQL threshold or reference data changed. A recomputed lead left without activities is
    deleted (post-hook). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='canonical_lead_id',
        on_schema_change='fail',
        pre_hook="{{ reset_lead_activity_summary_when_stale() }}",
        post_hook="{{ delete_leads_without_activities() }}"
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

summarised as (

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

),

final as (

    select * from summarised
    {% if is_incremental() %}
        union all
        -- a recomputed lead left without activities: replaces its stored row, then the
        -- post-hook deletes it (delete_leads_without_activities)
        select
            recomputed_leads.canonical_lead_id,
            0 as activity_count,
            null as first_activity_at,
            null as last_activity_at,
            null as iql_evidence_at,
            null as mql_evidence_at,
            null as sql_evidence_at,
            null as current_score,
            null as is_unsubscribed,
            null as first_meaningful_activity_at,
            null as last_meaningful_activity_at,
            null as last_hot_activity_at,
            null as attached_at,
            {{ var('mql_score_threshold') }} as mql_score_threshold,
            {{ reference_fingerprint_column() }}
        from recomputed_leads
        where recomputed_leads.canonical_lead_id not in (select summarised.canonical_lead_id from summarised)
    {% endif %}

)

select * from final
