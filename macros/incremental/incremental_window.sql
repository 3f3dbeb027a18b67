{#- Incremental models (docs/architecture.md "Incremental models"). The watermark is the latest
    `loaded_at` already in the model ({{ this }}); rows loaded since the watermark minus the
    lookback window (var incremental_lookback_days) are reprocessed, so rows that land late with
    an older `_loaded_at` (a lagging loader) are still picked up. An empty model (no watermark,
    e.g. emptied by reset_when_input_replaced) gives earliest_timestamp(): every row is in the
    window. Never null, so `loaded_at >= {{ incremental_window_start() }}` is a plain comparison
    with a scalar subquery, which DuckDB turns into a filter of the table scan and answers from
    the row groups' min/max of loaded_at (wrapped in coalesce(..., true) it read every row of
    every column the query needs: 0.7 -> 0.05 s over the 18M clean activities at tier L). -#}
{% macro incremental_window_start(loaded_at_column='loaded_at') -%}
    (
        select coalesce(max(stored_rows.{{ loaded_at_column }}) - {{ lookback_interval() }}, {{ earliest_timestamp() }})
        from {{ this }} as stored_rows
    )
{%- endmacro %}

{#- A timestamp before any load: the window start of an empty model. -#}
{% macro earliest_timestamp() -%}
    cast('0001-01-01 00:00:00' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The lookback as an interval literal (var incremental_lookback_days, whole days). -#}
{% macro lookback_interval() -%}
    {{ return(adapter.dispatch('lookback_interval', 'leadwh')()) }}
{%- endmacro %}

{% macro default__lookback_interval() -%}
    interval '{{ var("incremental_lookback_days") | int }} days'
{%- endmacro %}

{#- Raw text `_loaded_at` -> timestamp for the window filter: the same UTC timestamp the base
    model stores as its `loaded_at` (parse_timestamp_utc), so the window and the reset check
    compare like with like. DuckDB: the canonical `YYYY-MM-DD HH:MM:SS` (nearly every landed
    value) is read by a strict try_strptime, as fast as a plain try_cast on tens of millions of
    rows; anything else (an offset, `Z`, padding, other formats) goes through the full parser
    (a `case`, not a coalesce: DuckDB then evaluates the full parser for those rows only -
    0.50 s for the max over 19M raw activities, against 0.69 s with coalesce and 0.49 s for
    the plain try_cast used before). A plain try_cast reads `10:00:00-05:00` as 10:00, not
    15:00 UTC: a loader writing negative offsets made the raw table's latest load look older
    than the model's, which reset the model on every run, and shifted the window by the offset.
    Unparseable values are null and are always reprocessed (see raw_rows_to_reprocess). -#}
{% macro raw_loaded_at(column='_loaded_at') -%}
    {{ return(adapter.dispatch('raw_loaded_at', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__raw_loaded_at(column) -%}
    {{ parse_timestamp_utc(column) }}
{%- endmacro %}

{% macro duckdb__raw_loaded_at(column) -%}
    {%- set canonical = "try_strptime(cast(" ~ column ~ " as varchar), '%Y-%m-%d %H:%M:%S')" -%}
    case when {{ canonical }} is not null then {{ canonical }} else {{ parse_timestamp_utc(column) }} end
{%- endmacro %}

{#- Predicate on a raw source table: the rows an incremental base model must reprocess: rows
    loaded inside the window (or with an unparseable `_loaded_at`), plus every other version of
    the same business key, so "latest version wins" is decided over all of the key's history.
    `key_column` is the raw column of the business key (cleaned with clean_text). -#}
{% macro raw_rows_to_reprocess(source_relation, key_column) -%}
    coalesce({{ raw_loaded_at() }} >= {{ incremental_window_start() }}, true)
    or {{ clean_text(key_column) }} in (
        select {{ clean_text('window_rows.' ~ key_column) }}
        from {{ source_relation }} as window_rows
        where coalesce({{ raw_loaded_at('window_rows._loaded_at') }} >= {{ incremental_window_start() }}, true)
    )
{%- endmacro %}

{#- Pre-hook of the incremental models: empty the model when its input no longer contains what
    the model was built from, so the run reprocesses everything, like --full-refresh:
    - fewer input rows than the model holds, or an older latest load (input_count_sql,
      this_count_sql, input_max_sql, this_max_sql): the input was replaced rather than appended
      to (a reloaded sample, another raw_schema); input_newest_max_sql, the latest load among
      the input's newest rows only, can spare the scan of input_max_sql (see
      newest_load_is_not_older);
    - or `replaced_sql`, a boolean SQL expression for inputs where a count says nothing (an
      input that was rebuilt from scratch since the model last read it; `replaced_reason` is
      then the logged reason);
    - or the reference data changed: the model's column reference_fingerprint differs from
      reference_fingerprint() (a reference seed or var the stored rows were computed with).
    The conditions are checked by a query first; the hook deletes (and logs why) only when one
    holds. A no-op on a full build. -#}
{% macro reset_when_input_replaced(input_count_sql=none, this_count_sql='select count(*) from ' ~ this,
                                   input_max_sql=none, this_max_sql=none, replaced_sql=none,
                                   input_newest_max_sql=none, replaced_reason=none) -%}
    {%- if execute and is_incremental() -%}
        {%- set conditions = [] -%}
        {%- if input_count_sql -%}
            {%- do conditions.append('(' ~ input_count_sql ~ ') < (' ~ this_count_sql ~ ')') -%}
        {%- endif -%}
        {%- if input_max_sql and not newest_load_is_not_older(input_newest_max_sql, this_max_sql) -%}
            {%- do conditions.append('coalesce((' ~ input_max_sql ~ ') < (' ~ this_max_sql ~ '), false)') -%}
        {%- endif -%}
        {%- if replaced_sql -%}
            {%- do conditions.append('coalesce(' ~ replaced_sql ~ ', false)') -%}
        {%- endif -%}
        {%- set reasons = [] -%}
        {%- if conditions -%}
            {%- do reasons.append("when " ~ (conditions | join(' or ')) ~ " then '"
                ~ (replaced_reason or 'the input of ' ~ this ~ ' was replaced') ~ "'") -%}
        {%- endif -%}
        {%- if 'reference_fingerprint' in adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
            {%- set fingerprint = reference_fingerprint() -%}
            {%- do reasons.append("when coalesce((select min(reference_fingerprint) from " ~ this ~ ") != " ~ fingerprint
                ~ " or (select max(reference_fingerprint) from " ~ this ~ ") != " ~ fingerprint
                ~ ", false) then 'the reference data of " ~ this ~ " changed (reference seeds or vars)'") -%}
        {%- endif -%}
        {%- set check_sql -%}
            select case {{ reasons | join(' ') }} end as reset_reason
        {%- endset -%}
        {%- set reason = run_query(check_sql).columns[0].values()[0] if reasons else none -%}
        {%- if reason -%}
            {%- do log('reset_when_input_replaced: ' ~ reason ~ '; the model is emptied and rebuilt', info=true) -%}
            delete from {{ this }}
        {%- else -%}
            select 1
        {%- endif -%}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- True when `newest_max_sql` (the latest load among the input's newest rows, a lower bound of
    its latest load) is not older than the model's latest load: then the input's latest load is
    not older either, and reset_when_input_replaced skips the scan of the whole input that would
    only confirm it. False when there is no such query, or either side is null (the full check
    decides, as before). -#}
{% macro newest_load_is_not_older(newest_max_sql, this_max_sql) -%}
    {%- if not newest_max_sql -%}{{ return(false) }}{%- endif -%}
    {%- set check_sql -%}
        select coalesce(({{ newest_max_sql }}) >= ({{ this_max_sql }}), false) as is_not_older
    {%- endset -%}
    {{ return(run_query(check_sql).columns[0].values()[0]) }}
{%- endmacro %}

{#- The latest `expression` among the newest rows of a raw table `relation`, a cheap lower bound
    of its latest load, or none where there is no such shortcut. Dispatched: DuckDB tables keep
    their rows in the order they were appended, and a filter on rowid reads only the last row
    group (122,880 rows): ~0.01 s against ~0.5 s for every `_loaded_at` of 19M raw activities at
    tier L. Sources read from files or views, and other databases, have no rowid: none. -#}
{% macro newest_raw_rows_max_sql(relation, expression) -%}
    {{ return(adapter.dispatch('newest_raw_rows_max_sql', 'leadwh')(relation, expression)) }}
{%- endmacro %}

{% macro default__newest_raw_rows_max_sql(relation, expression) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__newest_raw_rows_max_sql(relation, expression) -%}
    {%- set table = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) if execute and relation.database and relation.schema else none -%}
    {%- if table is none or not table.is_table or (table | string) != (relation | string) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set sql -%}
        select max({{ expression }}) from {{ relation }}
        where rowid >= (select max(rowid) from {{ relation }}) - 122880
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{#- Raw rows without a business key are known by the hash of their content (raw_key
    `row:<hash>`, see raw_row_key), so a raw row edited in place - an erasure request scrubs the
    email of a keyless activity - changes key, and delete+insert on raw_key could neither find
    its old row nor know it is the same row. Keyless rows are few (a data-quality share of the
    raw rows: ~57k of 19M activities at tier L), so an incremental run replaces all of them:
    - delete_keyless_rows (pre-hook) deletes every keyless row of the model;
    - keyless_raw_rows_before_window, a predicate on the raw table, selects the keyless rows
      loaded before the window (those inside it are reprocessed anyway) to read again.
    Cost at tier L: ~1 s (the scan finds keyless rows in nearly every vector of the raw table,
    so it reads all its columns). A no-op (select 1) on a full build. -#}
{% macro keyless_raw_rows_before_window(key_column) -%}
    {{ clean_text(key_column) }} is null
    and not coalesce({{ raw_loaded_at() }} >= {{ incremental_window_start() }}, true)
{%- endmacro %}

{% macro delete_keyless_rows(key_column) -%}
    {%- if execute and is_incremental() -%}
        delete from {{ this }}
        where {{ key_column }} is null
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The raw rows an incremental base model reads: all of them on a full build; incrementally
    the rows to reprocess (raw_rows_to_reprocess) and every keyless row loaded before the window
    (the pre-hook delete_keyless_rows deleted them all). `key_column` is the raw business key. -#}
{% macro raw_rows_for_base_model(source_relation, key_column) -%}
    {{ return(adapter.dispatch('raw_rows_for_base_model', 'leadwh')(source_relation, key_column)) }}
{%- endmacro %}

{% macro default__raw_rows_for_base_model(source_relation, key_column) -%}
    select * from {{ source_relation }}
    {%- if is_incremental() %}
    where {{ raw_rows_to_reprocess(source_relation, key_column) }}
    union all
    select * from {{ source_relation }}
    where {{ keyless_raw_rows_before_window(key_column) }}
    {%- endif %}
{%- endmacro %}

{#- The pre-hooks of an incremental base model over source(source_name, table_name), as the
    list config(pre_hook=...) takes: reset_base_model_when_raw_replaced and delete_keyless_rows.
    The strings only call macros, which run when the hook runs: dbt's partial parsing can keep a
    config string built at parse time after the macro that built it changed (seen going from
    c29c6bb to 149c326: the old reset check ran until `dbt parse --no-partial-parse`), so what
    the hooks do lives in the macros they call. -#}
{% macro incremental_base_model_pre_hooks(source_name, table_name, key_column) -%}
    {{ return([
        "{{ reset_base_model_when_raw_replaced('" ~ source_name ~ "', '" ~ table_name ~ "') }}",
        "{{ delete_keyless_rows('" ~ key_column ~ "') }}",
    ]) }}
{%- endmacro %}

{#- Pre-hook of an incremental base model: reset_when_input_replaced on its raw table - fewer
    raw rows than the model holds, or an older latest load (the newest raw rows checked first,
    newest_raw_rows_max_sql). -#}
{% macro reset_base_model_when_raw_replaced(source_name, table_name) -%}
    {%- set raw = source(source_name, table_name) -%}
    {{ reset_when_input_replaced(
        'select count(*) from ' ~ raw,
        input_max_sql='select max(' ~ raw_loaded_at() ~ ') from ' ~ raw,
        this_max_sql='select max(loaded_at) from ' ~ this,
        input_newest_max_sql=newest_raw_rows_max_sql(raw, raw_loaded_at()),
    ) }}
{%- endmacro %}

{#- DuckDB: the same rows, chosen in two steps. The rules read two raw columns (the key and
    `_loaded_at`), but a predicate with a subquery cannot be pushed into the scan, so the
    default reads every column of every raw row before filtering. Here a first pass reads just
    the two columns and picks the rows by `rowid`, and only those rows are read whole: at tier L
    (19M raw activities) 3.7 -> 1.6 s for the rows of one new day. Only raw tables have a
    rowid: sources read from files (var raw_parquet_dir) or views take the default, and so do
    unit tests (their inputs are CTEs, without a schema). -#}
{% macro duckdb__raw_rows_for_base_model(source_relation, key_column) -%}
    {%- set raw_table = adapter.get_relation(
        database=source_relation.database, schema=source_relation.schema, identifier=source_relation.identifier
    ) if execute and is_incremental() and source_relation.database and source_relation.schema else none -%}
    {%- if raw_table is none or not raw_table.is_table or (raw_table | string) != (source_relation | string) -%}
        {{ return(default__raw_rows_for_base_model(source_relation, key_column)) }}
    {%- endif -%}
    select * from {{ source_relation }}
    where rowid in (
        with raw_rules as materialized (
            select
                rowid as raw_rowid,
                {{ clean_text(key_column) }} as business_key,
                coalesce({{ raw_loaded_at() }} >= {{ incremental_window_start() }}, true) as is_in_window
            from {{ source_relation }}
        )

        select raw_rules.raw_rowid
        from raw_rules
        where
            raw_rules.is_in_window
            or raw_rules.business_key is null
            or raw_rules.business_key in (
                select window_keys.business_key
                from raw_rules as window_keys
                where window_keys.is_in_window
            )
    )
{%- endmacro %}
