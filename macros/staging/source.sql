{#- Schema drift fails fast. Every model reads the raw layer through `source()`; this override
    (dbt resolves a project macro named `source` before the built-in) checks, when a model runs,
    that the landed raw table has every column declared for it in the sources yml
    (models/staging/*/_*__sources.yml). A missing or renamed column stops the build with a
    message naming the table and the column, before any SQL touches it:

        raw table crm.leads (raw.crm_leads) is missing column email ...

    instead of an engine error deep inside a model. Extra landed columns are allowed (loaders add
    columns); a renamed column is reported as missing, with the unexpected landed names listed.
    Data tests, unit tests (fixtures) and parsing resolve sources as usual; a raw table that does
    not exist yet is left to the engine's "does not exist" error. -#}
{% macro source(source_name, table_name) -%}
    {%- set table = builtins.source(source_name, table_name) -%}
    {%- set relation = raw_files_relation(source_name, table) -%}
    {%- if execute and source_node(source_name, table_name).meta.get('optional')
        and not raw_relation_exists(relation) -%}
        {{ return(absent_raw_table_placeholder(table)) }}
    {%- endif -%}
    {%- if execute and model is mapping and model.get('resource_type') == 'model' -%}
        {%- do assert_source_columns(source_name, table_name, relation) -%}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- The source node (graph.sources entry) of this project's source_name.table_name. -#}
{% macro source_node(source_name, table_name) -%}
    {#- unit tests compile without the project graph: no node, nothing optional -#}
    {%- set sources = graph.get('sources', {}) if graph is mapping else {} -%}
    {%- for node in sources.values()
        if node.source_name == source_name and node.name == table_name and node.package_name == project_name -%}
        {{ return(node) }}
    {%- endfor -%}
    {{ return({'meta': {}, 'columns': {}}) }}
{%- endmacro %}

{#- Optional raw tables (`meta: {optional: true}` in the sources yml: everything but the CRM
    leads) may be absent: a warehouse of leads and deals only has no activity, order, campaign
    or spend table. source() then returns an empty stand-in table with the declared columns, in
    the schema `<raw schema>_absent` (created by the on-run-start hook
    create_absent_raw_table_placeholders), so every model builds and reads zero rows. Once the
    loader lands the table, source() reads it. -#}
{% macro absent_raw_table_placeholder(relation) -%}
    {{ return(api.Relation.create(
        database=relation.database, schema=relation.schema ~ '_absent', identifier=relation.identifier
    )) }}
{%- endmacro %}

{#- True when source() reads the empty stand-in of an absent optional raw table. -#}
{% macro is_absent_raw_table(source_name, table_name) -%}
    {%- set table = builtins.source(source_name, table_name) -%}
    {{ return((source(source_name, table_name) | string) == (absent_raw_table_placeholder(table) | string)) }}
{%- endmacro %}

{#- True when a raw relation exists: a table or view, or (raw_parquet_dir) at least one file. -#}
{% macro raw_relation_exists(relation) -%}
    {%- if relation.external -%}
        {%- set path = relation.external.split("read_parquet('", 1)[1].rsplit("')", 1)[0] -%}
        {{ return(run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] > 0) }}
    {%- endif -%}
    {{ return(load_relation(relation) is not none) }}
{%- endmacro %}

{#- on-run-start: creates the stand-in of every optional raw table that is absent (see above). -#}
{% macro create_absent_raw_table_placeholders() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name and node.meta.get('optional') -%}
        {%- set table = builtins.source(node.source_name, node.name) -%}
        {%- set relation = raw_files_relation(node.source_name, table) -%}
        {#- a seed of this run that loads the table (the sample) is not an absent table -#}
        {%- set seeded = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed')
            | selectattr('unique_id', 'in', selected_resources or [])
            | selectattr('alias', 'equalto', relation.identifier)
            | selectattr('schema', 'equalto', relation.schema) | list -%}
        {%- if not seeded and not raw_relation_exists(relation) -%}
            {%- set placeholder = absent_raw_table_placeholder(table) -%}
            {%- do adapter.create_schema(placeholder) -%}
            {%- set columns = [] -%}
            {%- for column in node.columns.values() -%}
                {%- do columns.append(adapter.quote(column.name) ~ ' ' ~ dbt.type_string()) -%}
            {%- endfor -%}
            {%- do run_query('create table if not exists ' ~ placeholder ~ ' (' ~ columns | join(', ') ~ ')') -%}
            {{ log('Raw table ' ~ node.source_name ~ '.' ~ node.name ~ ' (' ~ relation
                ~ ') is absent: read as empty (' ~ placeholder ~ ')', info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

{#- A column of a raw table that loaders may not land (`meta: {optional: true}` on the column):
    the column when the landed table has it, else a typed null, so staging reads it either way.
    Unit tests read it as null (their fixtures take the sample seeds' columns, which lack it). -#}
{% macro optional_source_column(source_name, table_name, column) -%}
    {#- a unit test's fixture stands in for the table: its columns are the sample seed's -#}
    {%- if execute and model is mapping and model.get('resource_type') == 'model' -%}
        {%- set landed = landed_source_columns(source(source_name, table_name)) -%}
        {%- if landed is not none and column | lower in landed -%}
            {{ return(column) }}
        {%- endif -%}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{%- endmacro %}

{#- Raw tables landed as Parquet files instead (DuckDB): with var `raw_parquet_dir` set, the
    tables of the sources in var `raw_parquet_sources` are read from
    `<raw_parquet_dir>/<identifier>.parquet` (what `leadwh generate --parquet DIR` writes) through
    dbt-duckdb's external relations, so models select from `read_parquet(...)`. Unset (the
    default), sources are tables in var `raw_schema`. -#}
{% macro raw_files_relation(source_name, relation) -%}
    {%- set directory = var('raw_parquet_dir', none) -%}
    {%- if directory and source_name in var('raw_parquet_sources', []) -%}
        {%- set path = directory.rstrip('/') ~ '/' ~ relation.identifier ~ '.parquet' -%}
        {{ return(relation.incorporate(external="read_parquet('" ~ path | replace("'", "''") ~ "')")) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- Raises a compiler error naming the raw table and every declared column it lacks. -#}
{% macro assert_source_columns(source_name, table_name, relation) -%}
    {%- set declared = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name == source_name and node.name == table_name -%}
        {%- for column in node.columns.values() if not column.meta.get('optional') -%}
            {%- do declared.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set existing = relation if relation.external else load_relation(relation) -%}
    {%- set landed = landed_source_columns(relation) or [] -%}
    {%- if declared and existing is not none -%}
        {%- set missing = declared | reject('in', landed) | list -%}
        {%- if missing -%}
            {%- set unexpected = landed | reject('in', declared) | list -%}
            {%- do exceptions.raise_compiler_error(
                'Schema drift: raw table ' ~ source_name ~ '.' ~ table_name ~ ' ('
                ~ (existing.external or (existing.schema ~ '.' ~ existing.identifier)) ~ ') is missing column'
                ~ ('s ' if missing | length > 1 else ' ') ~ missing | join(', ')
                ~ (('; landed columns not declared (renamed?): ' ~ unexpected | join(', ')) if unexpected else '')
                ~ '. Fix the loader, or update the columns of ' ~ source_name ~ '.' ~ table_name
                ~ ' in the sources yml and the staging model that reads it.'
            ) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The lower-cased column names of a raw relation as landed, or none when it does not exist. A
    Parquet file (raw_files_relation): its columns as DuckDB reads them. -#}
{% macro landed_source_columns(relation) -%}
    {%- if relation.external -%}
        {{ return(run_query('select column_name from (describe select * from ' ~ relation ~ ')')
            .columns[0].values() | map('lower') | list) }}
    {%- endif -%}
    {%- set existing = load_relation(relation) -%}
    {%- if existing is none -%}{{ return(none) }}{%- endif -%}
    {{ return(adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}
