{#- A run with no new data rebuilds nothing (docs/architecture.md "Unchanged models"). Each
    model's build is recorded in the table `leadwh_model_builds` (beside the erasure state):
    the fingerprint of its code (compiled SQL and hooks) and of its inputs (the recorded
    version of every node it reads, and the project-wide inputs of build_inputs_fingerprint).
    A model whose code and inputs match its recorded build, and whose relation exists, is not
    rebuilt: the run reports it "unchanged". A model's version is the hash of the two
    fingerprints, so it is the same whenever the same code read the same inputs.
    The raw tables, seeds and snapshots get their versions from the start-of-run hook
    (record_build_inputs): a seed by its file's checksum and its table's marker, a raw table
    or snapshot by its marker (row count, last row id, first and last rows), so anything
    landed since changes it. Never skipped: a full refresh, --empty, var
    skip_unchanged_models false, and engines without a marker (only DuckDB has one here). -#}

{% materialization table, adapter='duckdb' -%}
    {{ return(build_unless_unchanged('table')) }}
{%- endmaterialization %}

{% materialization incremental, adapter='duckdb' -%}
    {{ return(build_unless_unchanged('incremental')) }}
{%- endmaterialization %}

{% materialization view, adapter='duckdb' -%}
    {{ return(build_unless_unchanged('view')) }}
{%- endmaterialization %}

{#- The materialization `kind`, unless the model is unchanged since its recorded build. -#}
{% macro build_unless_unchanged(kind) -%}
    {%- set build = model_build_fingerprints() -%}
    {%- if build.unchanged -%}
        {%- do log('Unchanged since its last build, not rebuilt: ' ~ this, info=false) -%}
        {%- do store_result('main', response='unchanged') -%}
        {{ return({'relations': [this.incorporate(type=('view' if kind == 'view' else 'table'))]}) }}
    {%- endif -%}
    {%- if kind == 'table' -%}
        {%- set relations = dbt.materialization_table_duckdb() -%}
    {%- elif kind == 'incremental' -%}
        {%- set relations = dbt.materialization_incremental_duckdb() -%}
    {%- else -%}
        {%- set relations = dbt.materialization_view_default() -%}
    {%- endif -%}
    {%- if build.recordable -%}
        {%- do record_model_build(model.unique_id, build.code, build.inputs) -%}
    {%- endif -%}
    {{ return(relations) }}
{%- endmacro %}

{#- {code, inputs, recordable, unchanged} of the model being built. `code`: its compiled SQL
    (the run's start time, which incremental models write as a value, left out) and hooks;
    `inputs`: the recorded versions of the nodes it reads and of the project's inputs; none
    when one is not recorded. -#}
{% macro model_build_fingerprints() -%}
    {%- set result = {'code': none, 'inputs': none, 'recordable': false, 'unchanged': false} -%}
    {%- if not unchanged_models_enabled() -%}{{ return(result) }}{%- endif -%}
    {%- set code = local_md5(
        (model.compiled_code | replace(run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f"), ''))
        ~ '|' ~ tojson(model.config.get('pre_hook', [])) ~ '|' ~ tojson(model.config.get('post_hook', []))
        ~ '|' ~ model.config.get('materialized')
    ) -%}
    {%- set parents = (model.depends_on.nodes | unique | sort | list) + ['project'] -%}
    {%- set recorded = recorded_builds(parents + [model.unique_id]) -%}
    {%- set versions = [] -%}
    {%- for parent in parents -%}
        {%- if parent not in recorded -%}
            {%- do result.update({'code': code, 'recordable': false}) -%}
            {{ return(result) }}
        {%- endif -%}
        {%- do versions.append(parent ~ '=' ~ recorded[parent].version) -%}
    {%- endfor -%}
    {%- set inputs = local_md5(versions | join('|')) -%}
    {%- set own = recorded.get(model.unique_id) -%}
    {%- set unchanged = not flags.FULL_REFRESH and own is not none
        and own.code == code and own.inputs == inputs and load_cached_relation(this) is not none -%}
    {%- do result.update({'code': code, 'inputs': inputs, 'recordable': true, 'unchanged': unchanged}) -%}
    {{ return(result) }}
{%- endmacro %}

{#- Whether this run may skip unchanged models and record builds. -#}
{% macro unchanged_models_enabled() -%}
    {{ return(execute and target.type == 'duckdb' and var('skip_unchanged_models', true)
        and not flags.EMPTY and flags.WHICH in ('run', 'build')) }}
{%- endmacro %}

{% macro model_builds_relation() -%}
    {%- set erased_node = graph.nodes.get('model.leadwh.stg_privacy__erased_people') -%}
    {{ return(api.Relation.create(
        database=erased_node.database, schema=erased_node.schema, identifier='leadwh_model_builds'
    )) }}
{%- endmacro %}

{#- {unique_id: {version, code, inputs}} of the latest recorded build of each of `unique_ids`. -#}
{% macro recorded_builds(unique_ids) -%}
    {%- set recorded = {} -%}
    {%- set relation = model_builds_relation() -%}
    {%- if load_cached_relation(relation) is none and load_relation(relation) is none -%}
        {{ return(recorded) }}
    {%- endif -%}
    {%- set sql -%}
        select unique_id, version, code_fingerprint, inputs_fingerprint
        from {{ relation }}
        where unique_id in ({{ sql_literal_list(unique_ids) }})
        order by recorded_at
    {%- endset -%}
    {%- for row in run_query(sql).rows -%}
        {%- do recorded.update({row[0]: {'version': row[1], 'code': row[2], 'inputs': row[3]}}) -%}
    {%- endfor -%}
    {{ return(recorded) }}
{%- endmacro %}

{#- Appends a build record (its own transaction: the materialization has committed). -#}
{% macro record_model_build(unique_id, code, inputs) -%}
    {%- call statement('record_model_build', auto_begin=true) -%}
        insert into {{ model_builds_relation() }} (unique_id, version, code_fingerprint, inputs_fingerprint, recorded_at)
        values ({{ sql_literal_list([unique_id, local_md5(code ~ '|' ~ inputs), code, inputs]) }}, {{ dbt.current_timestamp() }})
    {%- endcall -%}
    {%- do adapter.commit() -%}
{%- endmacro %}

{#- on-run-start, last (after the erasure pass): records the version of every raw table, seed
    and snapshot, and of the project-wide inputs (row `project`, build_inputs_fingerprint),
    that the models' build records are compared with; keeps only the latest record per node. -#}
{% macro record_build_inputs() -%}
    {%- if not unchanged_models_enabled() -%}{{ return('') }}{%- endif -%}
    {%- set relation = model_builds_relation() -%}
    {%- do run_in_transaction('create schema if not exists ' ~ relation.without_identifier()) -%}
    {%- do run_in_transaction('create table if not exists ' ~ relation ~ ' (unique_id ' ~ dbt.type_string()
        ~ ', version ' ~ dbt.type_string() ~ ', code_fingerprint ' ~ dbt.type_string()
        ~ ', inputs_fingerprint ' ~ dbt.type_string() ~ ', recorded_at ' ~ dbt.type_timestamp() ~ ')') -%}
    {%- do run_in_transaction('delete from ' ~ relation ~ ' as recorded using (select unique_id, max(recorded_at) as latest from '
        ~ relation ~ ' group by unique_id) as latest where recorded.unique_id = latest.unique_id'
        ~ ' and recorded.recorded_at < latest.latest') -%}
    {%- set versions = {'project': build_inputs_fingerprint()} -%}
    {%- for node in graph.sources.values() -%}
        {%- do versions.update({node.unique_id: build_input_version(source(node.source_name, node.name))}) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() if node.resource_type in ('seed', 'snapshot') -%}
        {%- set read = load_relation(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
        {%- set version = build_input_version(read) -%}
        {%- if node.resource_type == 'seed' and version is not none -%}
            {%- set version = local_md5(node.checksum.checksum ~ '|' ~ version) -%}
        {%- endif -%}
        {%- do versions.update({node.unique_id: version}) -%}
    {%- endfor -%}
    {%- set rows = [] -%}
    {%- for unique_id, version in versions.items() -%}
        {#- an input without a version gets one no later run can match: what reads it is rebuilt -#}
        {%- do rows.append('(' ~ sql_literal_list([unique_id, version if version is not none else invocation_id ~ ' unversioned'])
            ~ ', null, null, ' ~ dbt.current_timestamp() ~ ')') -%}
    {%- endfor -%}
    {%- do run_in_transaction('delete from ' ~ relation ~ ' where unique_id in (' ~ sql_literal_list(versions.keys() | list) ~ ')') -%}
    {%- do run_in_transaction('insert into ' ~ relation ~ ' (unique_id, version, code_fingerprint, inputs_fingerprint, recorded_at) values '
        ~ rows | join(', ')) -%}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}

{#- What every model reads besides its parents: the project's macros, the vars (CLI and
    dbt_project.yml), the seeds' files, the target, dbt's version, the day of the run (the
    default as-of date, and what counts as loaded "in the future") and the inputs of the erasure
    request list (a new request or CRM lead rebuilds every model: the erasure hooks skip the
    tables a run rebuilds). None when the request list inputs have no marker. -#}
{% macro build_inputs_fingerprint() -%}
    {%- set erasure_inputs = erasure_request_inputs_marker() -%}
    {%- if erasure_inputs is none -%}{{ return(none) }}{%- endif -%}
    {%- set parts = [
        dbt_version, target.type, target.name, target.database, target.schema,
        run_started_at.strftime('%Y-%m-%d'), tojson(invocation_args_dict.get('vars')), erasure_inputs,
    ] -%}
    {%- for name in build_input_var_names() -%}
        {%- do parts.append(name ~ '=' ~ tojson(var(name, none))) -%}
    {%- endfor -%}
    {%- set macros = context.get(project_name, {}) -%}
    {%- for name in macros.keys() | sort -%}
        {%- do parts.append(name ~ ':' ~ macros[name].macro.macro_sql) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') if node.resource_type == 'seed' -%}
        {%- do parts.append(node.unique_id ~ ':' ~ node.checksum.checksum) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('\n'))) }}
{%- endmacro %}

{#- Every var of dbt_project.yml (tests_py/test_unchanged_models.py checks the list is whole). -#}
{% macro build_input_var_names() -%}
    {{ return([
        'reporting_currency', 'raw_schema', 'raw_parquet_dir', 'raw_parquet_sources', 'mql_score_threshold',
        'stage_evidence', 'customer_evidence', 'hot_window_days', 'engagement_window_days', 'as_of_date',
        'handover_sla_hours', 'sales_touch_activity_types', 'customer_active_window_days',
        'internal_email_domains', 'test_email_domains', 'incremental_lookback_days', 'pii_column_names',
        'erasure_scrub_landed_rows_only', 'skip_unchanged_models',
    ]) }}
{%- endmacro %}

{#- The version of a raw table, seed or snapshot: its marker, or none when it has none (a file,
    a view, an engine without row ids). -#}
{% macro build_input_version(relation) -%}
    {%- if relation is none -%}{{ return('absent') }}{%- endif -%}
    {%- if relation.external is defined and relation.external -%}{{ return(none) }}{%- endif -%}
    {%- set loaded = load_relation(relation) -%}
    {%- if loaded is none -%}{{ return('absent') }}{%- endif -%}
    {%- if not loaded.is_table -%}{{ return(none) }}{%- endif -%}
    {{ return(adapter.dispatch('build_input_version', 'leadwh')(loaded)) }}
{%- endmacro %}

{% macro default__build_input_version(relation) -%}
    {{ return(none) }}
{%- endmacro %}

{#- DuckDB: the row count, the last row id (rows are appended after it) and a hash of the first
    and last 100 rows (a table replaced by one of the same size). -#}
{% macro duckdb__build_input_version(relation) -%}
    {%- set bounds = run_query('select count(*), coalesce(max(rowid), -1) from ' ~ relation).rows[0] -%}
    {%- set last_row = bounds[1] | int -%}
    {%- set edges = run_query("select md5(coalesce(string_agg(cast(edge as varchar), '|' order by rowid), '')) from "
        ~ relation ~ " as edge where rowid < 100 or rowid > " ~ (last_row - 100)).rows[0] -%}
    {{ return(bounds[0] ~ ' ' ~ last_row ~ ' ' ~ edges[0]) }}
{%- endmacro %}
