{#- Incremental models (docs/architecture.md "Incremental models"). The watermark is the latest
    `loaded_at` already in the model ({{ this }}); rows loaded since the watermark minus the
    lookback window (var incremental_lookback_days) are reprocessed, so rows that land late with
    an older `_loaded_at` (a lagging loader) are still picked up. -#}
{% macro incremental_window_start(loaded_at_column='loaded_at') -%}
    (
        select max({{ loaded_at_column }}) - {{ lookback_interval() }}
        from {{ this }}
    )
{%- endmacro %}

{#- The lookback as an interval literal (var incremental_lookback_days, whole days). -#}
{% macro lookback_interval() -%}
    {{ return(adapter.dispatch('lookback_interval', 'leadwh')()) }}
{%- endmacro %}

{% macro default__lookback_interval() -%}
    interval '{{ var("incremental_lookback_days") | int }} days'
{%- endmacro %}

{#- Raw text `_loaded_at` -> timestamp for the window filter. DuckDB: a plain try_cast (fast on
    tens of millions of rows); elsewhere the full parser. Unparseable values are null and are
    always reprocessed (see raw_rows_to_reprocess). -#}
{% macro raw_loaded_at(column='_loaded_at') -%}
    {{ return(adapter.dispatch('raw_loaded_at', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__raw_loaded_at(column) -%}
    {{ parse_timestamp_utc(column) }}
{%- endmacro %}

{% macro duckdb__raw_loaded_at(column) -%}
    try_cast(trim({{ column }}) as timestamp)
{%- endmacro %}

{#- Predicate on a raw source table: the rows an incremental base model must reprocess: rows
    loaded inside the window (or with an unparseable `_loaded_at`), plus every other version of
    the same business key, so "latest version wins" is decided over all of the key's history.
    `key_expression` is the business key computed from the raw columns. -#}
{% macro raw_rows_to_reprocess(source_relation, key_expression) -%}
    coalesce({{ raw_loaded_at() }} >= {{ incremental_window_start() }}, true)
    or {{ key_expression }} in (
        select {{ key_expression }}
        from {{ source_relation }}
        where coalesce({{ raw_loaded_at() }} >= {{ incremental_window_start() }}, true)
    )
{%- endmacro %}

{#- Pre-hook of the incremental models: empty the model when its input no longer contains what
    the model was built from (fewer rows than the model holds, or an older latest load): the
    input was replaced rather than appended to (a reloaded sample, another raw_schema). The run
    then reprocesses everything, like --full-refresh. A no-op on a full build. -#}
{% macro reset_when_input_replaced(input_count_sql, this_count_sql='select count(*) from ' ~ this,
                                   input_max_sql=none, this_max_sql=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            ({{ input_count_sql }}) < ({{ this_count_sql }})
            {%- if input_max_sql %}
                or coalesce(({{ input_max_sql }}) < ({{ this_max_sql }}), false)
            {%- endif %}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
