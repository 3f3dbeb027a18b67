-- depends_on: {{ ref('base_marketing__activities') }}
{#- Incremental (docs/architecture.md "Incremental models"): for each affected canonical lead -
    the lead an activity (re)attached since the last run (attached_at) belongs to now, the lead
    it belonged to before, and the lead of an activity whose latest version became unusable in
    the window - a run rescores the lead's activities from the earliest change on (the earliest
    occurred_at of a changed activity, at its new or its old place), on top of the points of the
    lead's unchanged activities before that point. Unusable and now unattached activities are
    deleted (post-hook). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='fail',
        pre_hook=[
            "{{ reset_when_input_replaced(replaced_sql=input_rebuilt_since_last_read(ref('int_activities__leads_attached'))) }}",
            "{{ save_watermarks_before_insert() }}",
        ],
        post_hook=[
            "{{ delete_rejected_activities(also_unattached=true) }}",
            "{{ drop_watermarks_before_insert() }}",
        ]
    )
}}
-- Attached activities with the scoring rule of their type (points, signals, unsubscribe) and the
-- running (cumulative) score of their canonical lead, in the order the activities happened
-- (occurred_at, then activity_id): the columns the lead models read.
-- Unattached activities have no lead to score and are left out here (they stay in
-- int_activities__leads_attached).
with

attached_activities as (

    select * from {{ ref('int_activities__leads_attached') }}

),

scoring_rules as (

    select * from {{ ref('activity_scoring_rules') }}

),

{% if is_incremental() %}

changed_activities as (

    -- read straight from the model, not through attached_activities: a CTE referenced twice
    -- is materialised whole by DuckDB (tens of millions of rows). A plain comparison with the
    -- watermark (an emptied model, see reset_when_input_replaced, has none: everything is new)
    -- lets DuckDB skip the row groups written before it.
    select
        changed.activity_id,
        changed.canonical_lead_id,
        changed.occurred_at
    from {{ ref('int_activities__leads_attached') }} as changed
    where
        changed.attached_at > (
            select coalesce(max(scored.attached_at), {{ earliest_timestamp() }})
            from {{ this }} as scored
        )

),

removed_activities as (

    select raw_key as activity_id
    from {{ ref('base_marketing__activities') }}
    where
        loaded_at >= {{ incremental_window_start() }}
        and reject_reason is not null
        and reject_reason != 'superseded_version'

),

moved_or_removed_activities as (

    select changed_activities.activity_id from changed_activities
    union
    select removed_activities.activity_id from removed_activities

),

changed_places as (

    -- where each change sits in a lead's history: its new place ...
    select
        changed_activities.canonical_lead_id,
        changed_activities.occurred_at
    from changed_activities
    where changed_activities.canonical_lead_id is not null
    union all
    -- ... and the place it was scored at before
    select
        scored.canonical_lead_id,
        scored.occurred_at
    from {{ this }} as scored
    inner join moved_or_removed_activities
        on scored.activity_id = moved_or_removed_activities.activity_id

),

affected_leads as (

    -- the running score of an affected lead is recomputed from its earliest change on
    select
        canonical_lead_id,
        min(occurred_at) as rescore_from
    from changed_places
    group by canonical_lead_id

),

score_before_change as (

    -- the lead's unchanged activities before that point (every changed activity, at its old
    -- or new place, is at or after it)
    select
        affected_leads.canonical_lead_id,
        sum(scored.points) as points
    from {{ this }} as scored
    inner join affected_leads
        on
            scored.canonical_lead_id = affected_leads.canonical_lead_id
            and scored.occurred_at < affected_leads.rescore_from
    group by affected_leads.canonical_lead_id

),

{% endif %}

activities as (

    select
        attached_activities.*,
        cast(scoring_rules.points as {{ dbt.type_int() }}) as points,
        scoring_rules.stage_signal,
        scoring_rules.temperature_signal,
        cast(scoring_rules.is_unsubscribe as {{ dbt.type_boolean() }}) as is_unsubscribe,
        {% if is_incremental() -%}
            coalesce(score_before_change.points, 0)
        {%- else -%}
            0
        {%- endif %} as score_before
    from attached_activities
    left join scoring_rules
        on attached_activities.activity_type = scoring_rules.activity_type
    {% if is_incremental() %}
        inner join affected_leads
            on
                attached_activities.canonical_lead_id = affected_leads.canonical_lead_id
                and attached_activities.occurred_at >= affected_leads.rescore_from
        left join score_before_change
            on attached_activities.canonical_lead_id = score_before_change.canonical_lead_id
    {% endif %}
    where attached_activities.canonical_lead_id is not null

),

final as (

    select
        activity_id,
        canonical_lead_id,
        occurred_at,
        points,
        stage_signal,
        temperature_signal,
        is_unsubscribe,
        score_before + sum(points) over (
            partition by canonical_lead_id
            order by occurred_at, activity_id
            rows between unbounded preceding and current row
        ) as cumulative_score,
        loaded_at,
        attached_at,
        {{ reference_fingerprint_column() }}
    from activities

)

select * from final
