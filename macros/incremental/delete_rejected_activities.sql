{#- Post-hook of int_activities__leads_attached: delete activities whose latest version is no
    longer usable (rejected in base_marketing__activities for any reason but
    superseded_version). delete+insert only replaces keys present in the new batch, so these
    would otherwise stay. Only what changed since the model's last run can be new here, so the
    ids come from the model's own window, with the watermark from before this run's insert (the
    pre-hook save_watermarks_before_insert): rejections loaded since its window start (a
    rejection the base model reads lies inside it: the model's latest load is not later than
    the base model's). At tier L: 0.72-0.97 s for the ids of the whole history, 0.24-0.31 s for
    these. A no-op on a full build. -#}
{% macro delete_rejected_activities() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            activity_id in (
                select raw_key
                from {{ ref('base_marketing__activities') }}
                where
                    loaded_at >= (
                        select watermarks.window_start
                        from {{ watermarks_before_insert() }} as watermarks
                    )
                    and reject_reason is not null
                    and reject_reason != 'superseded_version'
            )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook (after reset_when_input_replaced) of int_activities__leads_attached: the model's
    window start (incremental_window_start) before this run writes, in a temporary table of
    this connection, for delete_rejected_activities, which runs after the insert has moved it.
    A no-op on a full build. -#}
{% macro save_watermarks_before_insert() -%}
    {%- if execute and is_incremental() -%}
        {%- do run_query('drop table if exists ' ~ watermarks_before_insert()) -%}
        create temporary table {{ watermarks_before_insert() }} as
        select {{ incremental_window_start() }} as window_start
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Post-hook after delete_rejected_activities: drops the temporary table. -#}
{% macro drop_watermarks_before_insert() -%}
    drop table if exists {{ watermarks_before_insert() }}
{%- endmacro %}

{#- The name of the temporary table of save_watermarks_before_insert. -#}
{% macro watermarks_before_insert() -%}
    {{ this.identifier }}__watermarks_before_insert
{%- endmacro %}

{#- The dbt invocation's start time as a timestamp literal (UTC): marks the rows an incremental
    run (re)wrote, so the next model knows what changed. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- A raw row's load time (`_loaded_at`, parsed) later than the start of the run is not a load
    time yet (a loader's clock or time zone is off, or the value is made up): the base models
    quarantine the row as `future_loaded_at`, rank it below every other version of its key, and
    store its `loaded_at` as null, so it never moves an incremental window (the watermark is the
    latest stored `loaded_at`). The raw row stays in every later run's window until the time has
    come, then it is read like any other row. -#}
{% macro is_loaded_in_future(loaded_at) -%}
    coalesce({{ loaded_at }} > {{ run_started_timestamp() }}, false)
{%- endmacro %}

{% macro load_time_until_run_start(loaded_at) -%}
    case when not {{ is_loaded_in_future(loaded_at) }} then {{ loaded_at }} end
{%- endmacro %}
