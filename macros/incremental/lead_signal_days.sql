{#- Incremental plumbing of int_lead_signal_days__aggregated (one row per lead and day with a
    hot-signal or unsubscribe activity). It reuses leads_with_changed_activities: its
    `attached_at` column is the latest attached_at of the whole activity stream when the row was
    written (a watermark), so a run recomputes every lead with an activity (re)attached since
    the previous run, at its new and at its previous lead. -#}

{#- The activity types whose activities the model reads: a hot temperature signal or an
    unsubscribe (the scoring rules seed). -#}
{% macro temperature_signal_activity_types() -%}
    select signal_rules.activity_type
    from {{ ref('activity_scoring_rules') }} as signal_rules
    where
        signal_rules.temperature_signal = 'hot'
        or cast(signal_rules.is_unsubscribe as {{ dbt.type_boolean() }})
{%- endmacro %}

{#- True when an incremental run would leave a stored lead stale: a lead the run does not
    recompute lost a signal activity (rejected by a later version, so deleted from
    int_activities__leads_attached without a trace of its lead). The stored signal counts of the
    leads left alone plus the signal activities of the recomputed leads must add up to every
    attached signal activity (the same reconciliation as lead_activity_summary_is_stale). -#}
{% macro lead_signal_days_are_stale(activities) -%}
    (
        (
            select coalesce(sum(stored_days.signal_activity_count), 0)
            from {{ this }} as stored_days
            where stored_days.canonical_lead_id not in ({{ leads_with_changed_activities(activities) }})
        ) + (
            select count(*)
            from {{ activities }} as attached
            where
                attached.canonical_lead_id in ({{ leads_with_changed_activities(activities) }})
                and attached.activity_type in ({{ temperature_signal_activity_types() }})
        ) != (
            select count(attached.canonical_lead_id)
            from {{ activities }} as attached
            where attached.activity_type in ({{ temperature_signal_activity_types() }})
        )
    )
{%- endmacro %}

{#- Pre-hook: empty the model when lead_signal_days_are_stale (or its reference data changed:
    reset_when_input_replaced compares the stored reference_fingerprint). -#}
{% macro reset_lead_signal_days_when_stale() -%}
    {{ reset_when_input_replaced(
        replaced_sql=lead_signal_days_are_stale(ref('int_activities__leads_attached')),
        replaced_reason='a lead of ' ~ this ~ ' lost signal activities'
    ) }}
{%- endmacro %}

{#- Post-hook: a recomputed lead left without signal activities was written as one row with a
    null signal_date to replace its stored rows; delete it. A no-op on a full build. -#}
{% macro delete_leads_without_signal_days() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where signal_date is null
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
