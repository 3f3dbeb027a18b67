{#- For reset_when_input_replaced(replaced_sql=...) of int_leads__activities_aggregated: true
    when an incremental run would leave a stored lead stale, so the model is emptied and
    recomputed whole instead:
    - the MQL threshold the stored rows were computed with is not var mql_score_threshold;
    - or a lead the run does not recompute lost an activity (moved to another canonical lead by
      a changed identity, or rejected by a later version): the run recomputes the leads with an
      activity (re)attached since the model's latest attached_at, so the stored counts of the
      other leads plus the activities of those leads must add up to every attached activity. A
      lead the run leaves alone can only lose activities (a gained activity is (re)attached), so
      a stale lead always shows in the sum. `activities` = int_activities__leads_attached. -#}
{% macro lead_activity_summary_is_stale(activities) -%}
    {%- set recomputed -%}
        select later.canonical_lead_id
        from {{ activities }} as later
        where
            later.attached_at > (select max(latest.attached_at) from {{ this }} as latest)
            and later.canonical_lead_id is not null
    {%- endset -%}
    (
        coalesce((select min(mql_score_threshold) from {{ this }}) != {{ var('mql_score_threshold') }}, false)
        or coalesce((select max(mql_score_threshold) from {{ this }}) != {{ var('mql_score_threshold') }}, false)
        or (
            select coalesce(sum(summarised.activity_count), 0)
            from {{ this }} as summarised
            where summarised.canonical_lead_id not in ({{ recomputed }})
        ) + (
            select count(*)
            from {{ activities }} as attached
            where attached.canonical_lead_id in ({{ recomputed }})
        ) != (select count(canonical_lead_id) from {{ activities }})
    )
{%- endmacro %}
