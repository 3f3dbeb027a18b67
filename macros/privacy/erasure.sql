{#- Right to be forgotten. Runs as an on-run-start and an on-run-end hook of every build, so
    requests landed in privacy.erasure_requests are applied on the next build, to the raw tables
    as well as to every table the warehouse built (incremental tables included).

    Who: the view stg_privacy__erased_people (hashed identity keys and CRM lead ids).
    Where: every table (views read from scrubbed tables) of every source, seed and model whose
    columns are declared personal with `meta: {pii: true}` in yml, or are named like a personal
    field (var pii_column_names: email, first_name, last_name, phone), so a new table cannot slip
    through by forgetting the meta.
    What: in rows of an erased identity (by email) or an erased lead (by lead_id), an email column
    becomes the tombstone `erased:<md5 identity key>` (the same hash the intermediate models and
    marts key the person by, so every count stays the same) and every other personal column
    becomes null. Idempotent: rows already scrubbed are not touched again.

    Which tables, so that each is scanned once per run (an activity table takes seconds):
    - on-run-start skips the model tables this run rebuilds from scratch (erasure_rebuilt_nodes:
      selected `table` models, and incremental ones on a full refresh); they are rebuilt from
      inputs scrubbed here;
    - on-run-end (`run_results` = `results`) scrubs what the run may have brought personal data
      back into: when it (re)loaded a seed (the sample's raw tables are seeds), every seed and
      model it built; in any case the skipped tables it did not rebuild after all (an error
      or a skip left the old table). When the run reloaded the erasure requests themselves (a
      seed), the request list may be new: then every table is scrubbed again. When a raw table is
      not a table this hook can update - Parquet files (var raw_parquet_dir), a view - the
      models read the person from it again on every run (the rows in the incremental window, or
      everything on a full refresh), so every table the run built is scrubbed too
      (erasure_unscrubbable_sources). The files themselves are the loader's to erase. -#}
{% macro apply_erasure_requests(run_results=none) -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set erased_node = graph.nodes.get('model.leadwh.stg_privacy__erased_people') -%}
    {%- if erased_node is none -%}{{ return('') }}{%- endif -%}

    {%- set rebuilt = erasure_rebuilt_nodes() -%}
    {%- set scope = namespace(only=none, skip=rebuilt) -%}
    {%- if run_results is not none -%}
        {%- set built = run_results | map(attribute='node') | map(attribute='unique_id') | list -%}
        {%- set succeeded = run_results | selectattr('status', 'equalto', 'success')
            | map(attribute='node') | map(attribute='unique_id') | list -%}
        {%- set seeds_built = graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'seed')
            | selectattr('unique_id', 'in', built)
            | list -%}
        {%- set requests = source('privacy', 'erasure_requests') -%}
        {%- set reloaded_requests = seeds_built
            | selectattr('alias', 'equalto', requests.identifier)
            | selectattr('schema', 'equalto', requests.schema)
            | list -%}
        {%- set scope.skip = [] -%}
        {%- if not reloaded_requests -%}
            {%- set scope.only = rebuilt | reject('in', succeeded) | list -%}
            {%- if seeds_built or erasure_unscrubbable_sources() -%}
                {%- set scope.only = scope.only + built -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {#- nothing in scope (an ordinary run's on-run-end): do not even read the request list, a
        view over the CRM leads (~0.5 s at tier L) -#}
    {%- if scope.only is not none and not scope.only -%}{{ return('') }}{%- endif -%}

    {%- set erased_relation = adapter.get_relation(
        database=erased_node.database, schema=erased_node.schema, identifier=erased_node.alias
    ) -%}
    {%- if erased_relation is none -%}{{ return('') }}{%- endif -%}
    {%- set erased = run_query('select identity_key, lead_id from ' ~ erased_relation) -%}
    {%- set identity_keys = erased.columns[0].values() | reject('none') | unique | list -%}
    {%- set lead_ids = erased.columns[1].values() | reject('none') | unique | list -%}
    {%- if not identity_keys and not lead_ids -%}{{ return('') }}{%- endif -%}

    {%- set statements = [] -%}
    {%- set seen = [] -%}
    {%- for node in erasure_target_nodes()
        if (scope.only is none or node.unique_id in scope.only) and node.unique_id not in scope.skip -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.get('identifier') or node.alias
        ) -%}
        {%- if relation is not none and relation.is_table and (relation | string) not in seen -%}
            {%- do seen.append(relation | string) -%}
            {%- set sql = erasure_update_sql(node, relation, identity_keys, lead_ids) -%}
            {%- if sql -%}{%- do statements.append(sql) -%}{%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do log('apply_erasure_requests: ' ~ identity_keys | length ~ ' identities, ' ~ lead_ids | length
        ~ ' lead ids checked in ' ~ statements | length ~ ' tables', info=false) -%}
    {%- for statement in statements -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {#- the updates opened a transaction on the hook's connection: commit it (hooks do not).
        None when every table was skipped (PostgreSQL refuses a commit without a transaction). -#}
    {%- if statements -%}{%- do adapter.commit() -%}{%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- unique_ids of the models this command rebuilds from scratch: selected `table` models, and
    selected incremental models on a full refresh (--full-refresh, or their full_refresh config),
    when the command builds models at all (run, build). -#}
{% macro erasure_rebuilt_nodes() -%}
    {%- set rebuilt = [] -%}
    {%- if flags.WHICH in ('run', 'build') -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.unique_id in selected_resources -%}
            {%- set full_refresh = node.config.full_refresh if node.config.full_refresh is not none
                else flags.FULL_REFRESH -%}
            {%- if node.config.materialized == 'table'
                or (node.config.materialized == 'incremental' and full_refresh) -%}
                {%- do rebuilt.append(node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(rebuilt) }}
{%- endmacro %}

{#- unique_ids of the project's sources that models read from something the hooks cannot update:
    a file (an external relation, see raw_files_relation) or a relation that is not a table (a
    view). A source with no relation at all is not read by any successful model: left out. -#}
{% macro erasure_unscrubbable_sources() -%}
    {%- set unscrubbable = [] -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- set read = source(node.source_name, node.name) -%}
        {%- set relation = none if read.external else adapter.get_relation(
            database=read.database, schema=read.schema, identifier=read.identifier
        ) -%}
        {%- if read.external or (relation is not none and not relation.is_table) -%}
            {%- do unscrubbable.append(node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(unscrubbable) }}
{%- endmacro %}

{#- Sources, seeds and models of this project (anything that can be a table holding personal data). -#}
{% macro erasure_target_nodes() -%}
    {%- set nodes = [] -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ('seed', 'model') and node.package_name == project_name -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {{ return(nodes) }}
{%- endmacro %}

{#- The UPDATE that scrubs one table, or '' when it has no personal column. -#}
{% macro erasure_update_sql(node, relation, identity_keys, lead_ids) -%}
    {%- set declared = [] -%}
    {%- for column in node.columns.values() if column.meta.get('pii') -%}
        {%- do declared.append(column.name | lower) -%}
    {%- endfor -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- set pii = [] -%}
    {%- for name in names
        if (name | lower) in declared or (name | lower) in var('pii_column_names', ['email', 'first_name', 'last_name', 'phone']) -%}
        {%- do pii.append(name) -%}
    {%- endfor -%}
    {%- if not pii -%}{{ return('') }}{%- endif -%}
    {%- set email_columns = pii | select('in', names | select('equalto', 'email') | list) | list -%}
    {%- set lead_id_columns = names | select('equalto', 'lead_id') | list -%}

    {%- set who = [] -%}
    {%- if identity_keys -%}
        {%- for column in email_columns -%}
            {%- do who.append(column ~ ' in (' ~ erased_email_values(relation, column, identity_keys) ~ ')') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if lead_ids -%}
        {%- for column in lead_id_columns -%}
            {%- do who.append(clean_text(column) ~ ' in (' ~ sql_literal_list(lead_ids) ~ ')') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not who -%}{{ return('') }}{%- endif -%}

    {%- set assignments = [] -%}
    {%- set not_yet_scrubbed = [] -%}
    {%- for column in pii -%}
        {%- if column in email_columns -%}
            {%- do assignments.append(column ~ ' = ' ~ erasure_tombstone(column)) -%}
            {%- do not_yet_scrubbed.append('(' ~ column ~ ' is not null and ' ~ column ~ " not like 'erased:%')") -%}
        {%- else -%}
            {%- do assignments.append(column ~ ' = null') -%}
            {%- do not_yet_scrubbed.append(column ~ ' is not null') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set sql -%}
        update {{ relation }}
        set {{ assignments | join(', ') }}
        where ({{ who | join(' or ') }})
            and ({{ not_yet_scrubbed | join(' or ') }})
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{#- The values of an email column of `relation` that belong to an erased identity. The identity
    key is computed once per distinct value, in steps (normalise, then hash), not once per row:
    an activity table holds tens of millions of rows but about one distinct address per person. -#}
{% macro erased_email_values(relation, column, identity_keys) -%}
    {#- `as materialized` (DuckDB, PostgreSQL 12+) keeps the optimiser from pushing the key filter
        back below the distinct, which would hash every row again. -#}
    with distinct_values as materialized (
        select distinct {{ column }} as email_value
        from {{ relation }}
        where {{ column }} is not null
    ),

    normalized_values as materialized (
        select
            email_value,
            {{ normalize_email('email_value') }} as email_normalized
        from distinct_values
    ),

    keyed_values as materialized (
        select
            email_value,
            {{ email_identity_key('email_normalized') }} as identity_key
        from normalized_values
    )

    select email_value
    from keyed_values
    where identity_key in ({{ sql_literal_list(identity_keys) }})
{%- endmacro %}

{#- The hashed identity key of an email column as landed or normalised (tombstones included). -#}
{% macro erased_identity_key(column) -%}
    {{ email_identity_key(normalize_email(column)) }}
{%- endmacro %}

{#- What an erased email becomes: `erased:` and its hashed identity key (null stays null). -#}
{% macro erasure_tombstone(column) -%}
    case
        when {{ clean_text(column) }} is not null
            then {{ dbt.concat(["'erased:'", erased_identity_key(column)]) }}
    end
{%- endmacro %}

{#- 'a', 'b', ... with quotes escaped. -#}
{% macro sql_literal_list(values) -%}
    {%- for value in values -%}
        '{{ value | string | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
