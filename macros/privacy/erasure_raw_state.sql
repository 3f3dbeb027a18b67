{#- What the erasure hooks know about the raw tables and seeds (docs/architecture.md "Incremental
    models", erasure): the table `erasure_raw_tables_scrubbed` beside stg_privacy__erased_people
    holds one row per table the hooks scrubbed - its fingerprint (erasure_table_fingerprint: the
    request list and the scrubbing SQL), and its marker at that moment (erasure_table_marker: a
    table id, the row count and the last row id) - so that the next start-of-run pass scrubs
    only the rows landed since (erasure_raw_table_plan), and one row `erased_people_sql`: the
    request list's fingerprint and the marker of its inputs (erasure_request_inputs_marker), so
    that a run where nothing landed anywhere does not even read the list. The raw layer is
    assumed append-only (as by the incremental models); var erasure_scrub_landed_rows_only
    false scrubs every raw row on every run (loaders that overwrite or rewrite tables). -#}
{% macro erasure_raw_state_relation(erased_node) -%}
    {{ return(api.Relation.create(
        database=erased_node.database, schema=erased_node.schema, identifier='erasure_raw_tables_scrubbed'
    )) }}
{%- endmacro %}

{#- The recorded rows as {relation name: {fingerprint, table_id, row_count, last_row}}; creates
    the table when missing (the schema exists: erasure_state created it). -#}
{% macro erasure_raw_state(raw_state_relation) -%}
    {%- do run_in_transaction('create table if not exists ' ~ raw_state_relation ~ ' (relation_name '
        ~ dbt.type_string() ~ ', scrub_fingerprint ' ~ dbt.type_string() ~ ', table_id ' ~ dbt.type_string()
        ~ ', row_count ' ~ dbt.type_bigint() ~ ', last_row ' ~ dbt.type_bigint()
        ~ ', recorded_at ' ~ dbt.type_timestamp() ~ ')') -%}
    {%- set recorded = {} -%}
    {%- for row in run_query('select relation_name, scrub_fingerprint, table_id, row_count, last_row from '
        ~ raw_state_relation).rows -%}
        {%- do recorded.update({row[0]: {
            'fingerprint': row[1], 'table_id': row[2], 'row_count': row[3], 'last_row': row[4]
        }}) -%}
    {%- endfor -%}
    {{ return(recorded) }}
{%- endmacro %}

{#- Replaces the recorded rows of the relations named in `entries` ({relation name: {fingerprint,
    table_id, row_count, last_row}}), inside the hook's transaction. -#}
{% macro write_erasure_raw_state(raw_state_relation, entries) -%}
    {%- if not entries -%}{{ return('') }}{%- endif -%}
    {%- set names = entries.keys() | list -%}
    {%- set values = [] -%}
    {%- for name in names -%}
        {%- set entry = entries[name] -%}
        {%- do values.append('(' ~ sql_literal_list([name, entry.fingerprint]) ~ ', '
            ~ (sql_literal_list([entry.table_id]) if entry.table_id is not none else 'null') ~ ', '
            ~ (entry.row_count | int if entry.row_count is not none else 'null') ~ ', '
            ~ (entry.last_row | int if entry.last_row is not none else 'null') ~ ', '
            ~ dbt.current_timestamp() ~ ')') -%}
    {%- endfor -%}
    {%- do run_in_transaction('delete from ' ~ raw_state_relation ~ ' where relation_name in ('
        ~ sql_literal_list(names) ~ ')') -%}
    {%- do run_in_transaction('insert into ' ~ raw_state_relation
        ~ ' (relation_name, scrub_fingerprint, table_id, row_count, last_row, recorded_at) values '
        ~ values | join(', ')) -%}
{%- endmacro %}

{#- Forgets every recorded row (when the table exists): every raw table is scrubbed whole next. -#}
{% macro clear_erasure_raw_state(raw_state_relation) -%}
    {%- if load_relation(raw_state_relation) is not none -%}
        {%- do run_in_transaction('delete from ' ~ raw_state_relation) -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
{%- endmacro %}

{#- A table's marker {table_id, row_count, last_row, rows_since}: what says cheaply whether rows
    landed in it. `rows_since`: the rows after the row id `last_row` (none where there are no
    row ids). Dispatched: DuckDB counts a table's rows from its metadata and appends new rows
    after the last row id (raw tables have no index, and an UPDATE keeps row ids), so the rows
    landed since a marker are `rowid > last_row`, read from the last row groups only; it has no
    persistent table id (duckdb_tables().table_oid is renumbered when the file is opened again).
    PostgreSQL: the row count and the table's oid (a table dropped and created again gets
    another). Other databases: the row count only. -#}
{% macro erasure_table_marker(relation, last_row=none) -%}
    {{ return(adapter.dispatch('erasure_table_marker', 'leadwh')(relation, last_row)) }}
{%- endmacro %}

{% macro default__erasure_table_marker(relation, last_row) -%}
    {%- set row = run_query('select count(*) from ' ~ relation).rows[0] -%}
    {{ return({'table_id': none, 'row_count': row[0], 'last_row': none, 'rows_since': none}) }}
{%- endmacro %}

{% macro postgres__erasure_table_marker(relation, last_row) -%}
    {%- set row = run_query('select cast(to_regclass(' ~ sql_literal_list([relation.include(database=false) | string]) ~ ') as oid)::text, count(*) from '
        ~ relation).rows[0] -%}
    {{ return({'table_id': row[0], 'row_count': row[1], 'last_row': none, 'rows_since': none}) }}
{%- endmacro %}

{% macro duckdb__erasure_table_marker(relation, last_row) -%}
    {%- set sql -%}
        select
            (select count(*) from {{ relation }}) as row_count,
            (select coalesce(max(rowid), -1) from {{ relation }}) as last_row,
            {%- if last_row is not none %}
            (select count(*) from {{ relation }} where rowid > {{ last_row | int }}) as rows_since
            {%- else %}
            cast(null as bigint) as rows_since
            {%- endif %}
    {%- endset -%}
    {%- set row = run_query(sql).rows[0] -%}
    {{ return({'table_id': none, 'row_count': row[0], 'last_row': row[1], 'rows_since': row[2]}) }}
{%- endmacro %}

{#- Predicate on a table: its rows landed after the row id `last_row` (see erasure_table_marker),
    or none where there are no row ids (the table is scrubbed whole). -#}
{% macro erasure_rows_landed_since(last_row) -%}
    {{ return(adapter.dispatch('erasure_rows_landed_since', 'leadwh')(last_row)) }}
{%- endmacro %}

{% macro default__erasure_rows_landed_since(last_row) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__erasure_rows_landed_since(last_row) -%}
    {{ return('rowid > ' ~ (last_row | int)) }}
{%- endmacro %}

{#- What the start-of-run hook does with a raw table or seed: {action, marker, row_filter}.
    `recorded` is its row in the state (or none), `fingerprint` its erasure_table_fingerprint.
    - 'full' (scrub every row): nothing recorded, another fingerprint (the request list or the
      scrubbing SQL changed), a full refresh, var erasure_scrub_landed_rows_only false, or the
      table is not the one recorded (another table id, fewer rows, or rows gone or rewritten:
      the rows after the recorded last row are not exactly the rows gained);
    - 'skip': the same fingerprint and marker - nothing landed since it was scrubbed;
    - 'delta' (only the rows landed since, `row_filter`): the rows gained are exactly the rows
      after the recorded last row, whatever their `_loaded_at` (late, null or unparseable
      values included: rows are told by where they landed, not by their load time).
    Without row ids (other databases) a table whose row count grew is scrubbed whole. -#}
{% macro erasure_raw_table_plan(relation, recorded, fingerprint) -%}
    {%- set full_refresh = flags.FULL_REFRESH and flags.WHICH in ('run', 'build') -%}
    {%- if full_refresh or recorded is none or recorded.fingerprint != fingerprint
        or not var('erasure_scrub_landed_rows_only', true) -%}
        {{ return({'action': 'full', 'marker': erasure_table_marker(relation), 'row_filter': none}) }}
    {%- endif -%}
    {%- set marker = erasure_table_marker(relation, recorded.last_row) -%}
    {%- set same_table = marker.table_id == recorded.table_id and marker.row_count >= recorded.row_count -%}
    {%- if same_table and marker.row_count == recorded.row_count and marker.last_row == recorded.last_row -%}
        {{ return({'action': 'skip', 'marker': marker, 'row_filter': none}) }}
    {%- endif -%}
    {%- set row_filter = erasure_rows_landed_since(recorded.last_row) if recorded.last_row is not none else none -%}
    {%- if same_table and row_filter and marker.rows_since is not none
        and marker.rows_since == marker.row_count - recorded.row_count -%}
        {{ return({'action': 'delta', 'marker': marker, 'row_filter': row_filter}) }}
    {%- endif -%}
    {{ return({'action': 'full', 'marker': marker, 'row_filter': none}) }}
{%- endmacro %}

{#- The fingerprint a table is scrubbed under: the request list's fingerprint, the lead id mode
    and the scrubbing SQL itself (its columns, assignments and the macros that write them, with
    stand-in keys), so a new request, a new personal column or new erasure code scrubs the
    table whole again. '' when the table has nothing to scrub. -#}
{% macro erasure_table_fingerprint(node, relation, list_fingerprint, tombstone_lead_ids) -%}
    {%- set template = erasure_update_sql(node, relation, ['identity'], ['lead_id'], [], tombstone_lead_ids) -%}
    {%- if not template -%}{{ return('') }}{%- endif -%}
    {{ return(local_md5(list_fingerprint ~ '|' ~ tombstone_lead_ids ~ '|' ~ template)) }}
{%- endmacro %}

{#- The marker of what the request list is read from: the SQL of erased_people_sql and the
    markers of the CRM leads and the erasure requests, or none when one of them is not a table
    with row ids (the list is then read on every run). -#}
{% macro erasure_request_inputs_marker() -%}
    {%- if not var('erasure_scrub_landed_rows_only', true) -%}{{ return(none) }}{%- endif -%}
    {%- set parts = [erased_people_sql()] -%}
    {%- for source_name, table_name in [('crm', 'leads'), ('privacy', 'erasure_requests')] -%}
        {%- set read = source(source_name, table_name) -%}
        {%- set relation = none if read.external else load_relation(read) -%}
        {%- if relation is none and table_name == 'erasure_requests' and not read.external -%}
            {%- do parts.append(table_name ~ ': absent') -%}
        {%- elif relation is none or not relation.is_table -%}
            {{ return(none) }}
        {%- else -%}
            {%- set marker = erasure_table_marker(relation) -%}
            {%- if marker.last_row is none -%}{{ return(none) }}{%- endif -%}
            {%- do parts.append(relation ~ ': ' ~ marker.table_id ~ ' ' ~ marker.row_count ~ ' ' ~ marker.last_row) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('|'))) }}
{%- endmacro %}
