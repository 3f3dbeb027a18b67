{#- The leads int_leads__activities_aggregated recomputes in an incremental run (a select of
    canonical_lead_id): the lead of every activity (re)attached since the model's latest
    attached_at, and the lead it was attached to before (previous_canonical_lead_id). An empty
    model has no watermark: every lead. `activities` = int_activities__leads_attached. -#}
{% macro leads_with_changed_activities(activities) -%}
    select changed.canonical_lead_id
    from {{ activities }} as changed
    where
        changed.attached_at > (
            select coalesce(max(summarised.attached_at), {{ earliest_timestamp() }})
            from {{ this }} as summarised
        )
        and changed.canonical_lead_id is not null
    union
    select changed.previous_canonical_lead_id
    from {{ activities }} as changed
    where
        changed.attached_at > (
            select coalesce(max(summarised.attached_at), {{ earliest_timestamp() }})
            from {{ this }} as summarised
        )
        and changed.previous_canonical_lead_id is not null
{%- endmacro %}

{#- For reset_when_input_replaced(replaced_sql=...) of int_leads__activities_aggregated: true
    when an incremental run would leave a stored lead stale, so the model is emptied and
    recomputed whole instead:
    - the MQL threshold the stored rows were computed with is not var mql_score_threshold;
    - or a lead the run does not recompute lost an activity: one rejected by a later version
      (deleted from int_activities__leads_attached, which keeps no trace of its lead), or moved
      when its previous lead is unknown (a new version of an activity loaded before the window).
      The stored counts of the leads left alone plus the activities of the recomputed leads must
      add up to every attached activity; a lead left alone can only lose activities (a gained
      activity is (re)attached, so its lead is recomputed), so a stale lead always shows in the
      sum. -#}
{% macro lead_activity_summary_is_stale(activities) -%}
    (
        coalesce((select min(mql_score_threshold) from {{ this }}) != {{ var('mql_score_threshold') }}, false)
        or coalesce((select max(mql_score_threshold) from {{ this }}) != {{ var('mql_score_threshold') }}, false)
        or (
            select coalesce(sum(summarised.activity_count), 0)
            from {{ this }} as summarised
            where summarised.canonical_lead_id not in ({{ leads_with_changed_activities(activities) }})
        ) + (
            select count(*)
            from {{ activities }} as attached
            where attached.canonical_lead_id in ({{ leads_with_changed_activities(activities) }})
        ) != (select count(canonical_lead_id) from {{ activities }})
    )
{%- endmacro %}

{#- Pre-hook of int_leads__activities_aggregated: empty it when lead_activity_summary_is_stale. -#}
{% macro reset_lead_activity_summary_when_stale() -%}
    {{ reset_when_input_replaced(
        replaced_sql=lead_activity_summary_is_stale(ref('int_activities__leads_attached')),
        replaced_reason='a lead of ' ~ this ~ ' lost activities, or the MQL threshold changed'
    ) }}
{%- endmacro %}

{#- Post-hook of int_leads__activities_aggregated: a lead an incremental run recomputed and found
    without activities (all moved to other leads, unattached or rejected) was written with
    activity_count 0 to replace its stored row; delete it (a full build has no row for it). A
    no-op on a full build. -#}
{% macro delete_leads_without_activities() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where activity_count = 0
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
