{#- One row per canonical lead and calendar day on which it had at least one hot-signal activity
    (demo request, call, pricing page, contact-sales form) or an unsubscribe: the only part of
    the activity stream the temperature intervals need beyond the per-lead summary
    (int_leads__activities_aggregated). Incremental like that summary
    (macros/incremental/lead_signal_days.sql): a run recomputes, from all of their signal
    activities, the leads with an activity (re)attached since the previous run; the pre-hook
    empties the model when a lead left alone lost a signal activity or the reference data
    changed; a recomputed lead left without signal activities is deleted (post-hook). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='canonical_lead_id',
        on_schema_change='fail',
        pre_hook="{{ reset_lead_signal_days_when_stale() }}",
        post_hook="{{ delete_leads_without_signal_days() }}"
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

watermark as (

    select max(attached_at) as attached_at
    from attached_activities

),

{% if is_incremental() %}

recomputed_leads as (

    {{ leads_with_changed_activities(ref('int_activities__leads_attached')) }}

),

{% endif %}

signal_activities as (

    select
        attached_activities.canonical_lead_id,
        cast(attached_activities.occurred_at as date) as signal_date,
        case when scoring_rules.temperature_signal = 'hot' then 1 else 0 end as is_hot_signal,
        case when cast(scoring_rules.is_unsubscribe as {{ dbt.type_boolean() }}) then 1 else 0 end
            as is_unsubscribe
    from attached_activities
    inner join scoring_rules
        on attached_activities.activity_type = scoring_rules.activity_type
    {% if is_incremental() %}
        inner join recomputed_leads
            on attached_activities.canonical_lead_id = recomputed_leads.canonical_lead_id
    {% endif %}
    where attached_activities.activity_type in ({{ temperature_signal_activity_types() }})

),

summarised as (

    select
        signal_activities.canonical_lead_id,
        signal_activities.signal_date,
        sum(signal_activities.is_hot_signal) as hot_activity_count,
        sum(signal_activities.is_unsubscribe) as unsubscribe_count,
        count(*) as signal_activity_count,
        max(watermark.attached_at) as attached_at,
        {{ reference_fingerprint_column() }}
    from signal_activities
    cross join watermark
    group by signal_activities.canonical_lead_id, signal_activities.signal_date

),

final as (

    select * from summarised
    {% if is_incremental() %}
        union all
        -- a recomputed lead left without signal activities: replaces its stored rows, then
        -- the post-hook deletes it (delete_leads_without_signal_days)
        select
            recomputed_leads.canonical_lead_id,
            cast(null as date) as signal_date,
            0 as hot_activity_count,
            0 as unsubscribe_count,
            0 as signal_activity_count,
            watermark.attached_at,
            {{ reference_fingerprint_column() }}
        from recomputed_leads
        cross join watermark
        where recomputed_leads.canonical_lead_id not in (select summarised.canonical_lead_id from summarised)
    {% endif %}

)

select * from final
