{#- Right to be forgotten. Runs as an on-run-start and an on-run-end hook of every build, so
    requests landed in privacy.erasure_requests are applied on the next build, to the raw tables
    as well as to every table the warehouse built (incremental tables included).

    Who: the query of the view stg_privacy__erased_people (erased_people_sql: hashed identity
    keys and CRM lead ids), run directly, so the list is known before the view exists (the
    first run on a new warehouse) - nothing when the CRM leads cannot be read yet.
    Where: every table (views read from scrubbed tables) of every source, seed and model whose
    columns are declared personal with `meta: {pii: true}` in yml, or are named like a personal
    field (var pii_column_names: email, first_name, last_name, phone), so a new table cannot slip
    through by forgetting the meta.
    What: in rows of an erased person - found by the loose erasure key of an email in any form
    (macros/privacy/erasure_keys.sql: invisible characters, blanks, trailing dots, look-alikes,
    +tag; also values the warehouse rejects as invalid), a phone in any notation, or a lead id -
    an email column becomes a tombstone (`erased:<md5 identity key>`, the same hash the
    intermediate models and marts key the person by, so every count stays the same; or
    `erased-invalid:<hash>` for an address the warehouse reads as invalid, which stays invalid),
    every other personal or quasi-identifying column (names, phone, company, job title, country)
    becomes null, and every lead id (`lead_id`, `canonical_lead_id`, a `raw_key` holding one)
    becomes `erased:<md5 of the id>`, the same in every table, so joins and counts hold while no
    table keeps the CRM id (not when a raw table is a file: the models read the id from it on
    every run). Idempotent: rows already scrubbed are not touched again.

    Which tables, so that each is scanned at most once per run (an activity table takes seconds):
    - on-run-start scrubs the raw tables and seeds; it skips the model tables this run rebuilds
      from scratch (erasure_rebuilt_nodes: selected `table` models, and incremental ones on a
      full refresh), rebuilt from inputs scrubbed here, and every model table when the state
      says these very requests were applied to all of them already (erasure_state: models only
      read scrubbed raw tables since). Otherwise it scrubs them and records the requests as
      pending. A raw table or seed is scrubbed only in the rows landed since the last pass, or
      not at all when none landed, unless the requests changed (erasure_raw_table_plan and the
      state table of macros/privacy/erasure_raw_state.sql); when nothing landed anywhere and
      the model tables are known clean, the pass ends without reading the request list;
    - on-run-end (`run_results` = `results`) scrubs what the run may have brought personal data
      back into: when it (re)loaded a seed (the sample's raw tables are seeds), every seed and
      model it built; in any case the skipped tables it did not rebuild after all (an error
      or a skip left the old table). When the run reloaded the erasure requests themselves (a
      seed), the request list may be new: then every table is scrubbed again. When a raw table is
      not a table this hook can update - Parquet files (var raw_parquet_dir), a view - the
      models read the person from it again on every run (the rows in the incremental window, or
      everything on a full refresh), so every table the run built is scrubbed too
      (erasure_unscrubbable_sources). The files themselves are the loader's to erase. With no
      start-of-run pass recorded (the list could not be read then), every table. It then
      confirms the pending state (or records the requests as applied after a pass over every
      table): a run killed between the hooks leaves it pending, and the next run scrubs the
      model tables again. -#}
{% macro apply_erasure_requests(run_results=none) -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set erased_node = graph.nodes.get('model.leadwh.stg_privacy__erased_people') -%}
    {%- if erased_node is none -%}{{ return('') }}{%- endif -%}
    {%- set at_start = run_results is none -%}

    {%- set rebuilt = erasure_rebuilt_nodes() -%}
    {%- set scope = namespace(only=none, skip=rebuilt, models_clean=false, tombstone_lead_ids=true) -%}
    {%- if not at_start -%}
        {%- set scope.skip = [] -%}
        {%- set scope.only = erasure_end_of_run_scope(run_results, rebuilt) -%}
    {%- endif -%}

    {%- set state_relation = erasure_state_relation(erased_node) -%}
    {%- set raw_state_relation = erasure_raw_state_relation(erased_node) -%}
    {%- if at_start and not erased_people_readable() -%}
        {#- no CRM leads to read the request list against yet (a new warehouse): nothing is
            scrubbed, so no table is known clean any more -#}
        {%- do clear_erasure_state(state_relation) -%}
        {%- do clear_erasure_raw_state(raw_state_relation) -%}
        {{ return('') }}
    {%- endif -%}
    {#- From here the hook's connection has a transaction open (erasure_state began one), and
        every way out commits it: hooks do not, and on PostgreSQL the next on-run-end hook (the
        grants) would be rolled back with it. -#}
    {%- set state = erasure_state(state_relation) -%}
    {%- set raw_state = erasure_raw_state(raw_state_relation) -%}
    {%- if not at_start and state is none -%}
        {#- no start-of-run pass recorded (the request list could not be read when the run
            started, or the state was lost): every table, then they are all known clean -#}
        {%- set scope.only = none -%}
    {%- endif -%}
    {%- if scope.only is not none and not scope.only -%}
        {#- nothing in scope (an ordinary run's end): do not even read the request list, a query
            over the CRM leads (~0.5 s at tier L); confirm the start-of-run pass -#}
        {%- if state is not none and state.is_pending -%}
            {%- do write_erasure_state(state_relation, state.fingerprint, false) -%}
        {%- endif -%}
        {%- do adapter.commit() -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not at_start and not erased_people_readable() -%}
        {%- do adapter.commit() -%}
        {{ return('') }}
    {%- endif -%}

    {#- lead ids become tombstones only when every raw table can be scrubbed for good: the models
        read the plain id from a file again on every run, or from a raw table a seed reloads in
        the middle of a build (the sample), while the incremental leads table and the tables the
        hooks scrubbed hold the tombstone: joins on the id would break (found by test_faults.py) -#}
    {%- set scope.tombstone_lead_ids = not erasure_unscrubbable_sources() and not erasure_seeded_sources() -%}

    {#- A start-of-run pass with nothing landed anywhere since the last one (the same request
        list inputs, every raw table and seed as recorded, the model tables known clean): done,
        without reading the request list (a scan of the CRM leads) or any table. -#}
    {%- set inputs_marker = erasure_request_inputs_marker() -%}
    {%- set recorded_list = raw_state.get('erased_people_sql') -%}
    {%- if at_start and inputs_marker is not none and recorded_list is not none
        and recorded_list.table_id == inputs_marker and state is not none and not state.is_pending
        and recorded_list.fingerprint == state.fingerprint
        and not (flags.FULL_REFRESH and flags.WHICH in ('run', 'build')) -%}
        {%- set plans = erasure_plans(scope, state.fingerprint, true, at_start, raw_state) -%}
        {%- if not (plans | rejectattr('action', 'equalto', 'skip') | list) -%}
            {%- do log('apply_erasure_requests: nothing landed since the last pass (' ~ plans | length
                ~ ' raw tables and seeds unchanged, the request list as recorded)'
                ~ ' (model tables skipped: these requests are already applied)', info=false) -%}
            {%- do adapter.commit() -%}
            {{ return('') }}
        {%- endif -%}
    {%- endif -%}

    {%- set erased = run_query(erased_people_sql()) -%}
    {%- set identity_keys = erased.columns[0].values() | reject('none') | unique | sort | list -%}
    {%- set lead_ids = erased.columns[1].values() | reject('none') | unique | sort | list -%}
    {%- set phone_keys = erased.columns[2].values() | reject('none') | unique | sort | list -%}
    {#- the phones only find leads, whose email keys and lead ids stay in the list once their rows
        are scrubbed (and their phones gone): not part of the fingerprint -#}
    {%- set fingerprint = local_md5(identity_keys | join(',') ~ '|' ~ lead_ids | join(',')) -%}
    {%- if at_start and state is not none and state.fingerprint == fingerprint and not state.is_pending -%}
        {#- these requests were applied to every model table by an earlier run, and models only
            read scrubbed raw tables since: only the raw tables and seeds can hold them again -#}
        {%- set scope.models_clean = true -%}
    {%- endif -%}

    {%- set plans = erasure_plans(scope, fingerprint, scope.models_clean, at_start, raw_state) -%}
    {%- set statements = [] -%}
    {%- set recorded = {} -%}
    {%- for plan in plans if plan.action != 'skip' -%}
        {%- set sql = erasure_update_sql(plan.node, plan.relation, identity_keys, lead_ids, phone_keys,
            scope.tombstone_lead_ids, plan.row_filter) if (identity_keys or lead_ids) else '' -%}
        {%- if sql -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {%- for plan in plans if plan.marker is not none -%}
        {%- do recorded.update({plan.relation | string: {
            'fingerprint': plan.fingerprint, 'table_id': plan.marker.table_id,
            'row_count': plan.marker.row_count, 'last_row': plan.marker.last_row
        }}) -%}
    {%- endfor -%}
    {%- if inputs_marker is not none -%}
        {%- do recorded.update({'erased_people_sql': {
            'fingerprint': fingerprint, 'table_id': inputs_marker, 'row_count': none, 'last_row': none
        }}) -%}
    {%- endif -%}
    {%- do log('apply_erasure_requests: ' ~ identity_keys | length ~ ' identities, ' ~ lead_ids | length
        ~ ' lead ids checked in ' ~ statements | length ~ ' tables ('
        ~ plans | selectattr('action', 'equalto', 'full') | list | length ~ ' scrubbed whole, '
        ~ plans | selectattr('action', 'equalto', 'delta') | list | length ~ ' in the rows landed since the last pass, '
        ~ plans | selectattr('action', 'equalto', 'skip') | list | length ~ ' unchanged)'
        ~ (' (model tables skipped: these requests are already applied)' if scope.models_clean else ''),
        info=false) -%}
    {%- for statement in statements -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {#- the raw tables and seeds are clean of this list up to their marker (same transaction) -#}
    {%- do write_erasure_raw_state(raw_state_relation, recorded) -%}
    {#- the state: pending after a start-of-run pass over every table the run does not rebuild
        (the end of the run confirms it, once the rebuilt tables are built or scrubbed); applied
        after an end-of-run pass over every table -#}
    {%- if at_start and not scope.models_clean -%}
        {%- do write_erasure_state(state_relation, fingerprint, true) -%}
    {%- elif not at_start and scope.only is none -%}
        {%- do write_erasure_state(state_relation, fingerprint, false) -%}
    {%- elif not at_start and state.is_pending -%}
        {%- do write_erasure_state(state_relation, state.fingerprint, false) -%}
    {%- endif -%}
    {#- the hook's statements opened a transaction on its connection: commit it (hooks do not) -#}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}

{#- The tables a hook pass scrubs, as {node, relation, action, row_filter, marker, fingerprint}:
    every existing table of erasure_target_nodes in `scope` (scope.only, scope.skip; the model
    tables unless `models_clean`), once each. A model table is scrubbed whole (action 'full',
    no marker); a raw table or seed at the start of a run as erasure_raw_table_plan says
    ('full', 'delta' with the rows landed since its recorded marker, or 'skip'), at the end of
    a run whole - its marker (erasure_table_marker) is then recorded with the fingerprint it
    was scrubbed under (erasure_table_fingerprint). Tables with nothing to scrub are left out. -#}
{% macro erasure_plans(scope, list_fingerprint, models_clean, at_start, raw_state) -%}
    {%- set plans = [] -%}
    {%- set seen = [] -%}
    {%- for node in erasure_target_nodes()
        if (scope.only is none or node.unique_id in scope.only)
            and node.unique_id not in scope.skip
            and not (models_clean and node.resource_type in ('model', 'snapshot')) -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.get('identifier') or node.alias
        ) -%}
        {%- if relation is not none and relation.is_table and (relation | string) not in seen -%}
            {%- do seen.append(relation | string) -%}
            {%- if node.resource_type in ('model', 'snapshot') -%}
                {%- do plans.append({'node': node, 'relation': relation, 'action': 'full', 'row_filter': none,
                    'marker': none, 'fingerprint': none}) -%}
            {%- else -%}
                {%- set fingerprint = erasure_table_fingerprint(node, relation, list_fingerprint, scope.tombstone_lead_ids) -%}
                {%- if fingerprint -%}
                    {%- set plan = erasure_raw_table_plan(relation, raw_state.get(relation | string), fingerprint)
                        if at_start else {'action': 'full', 'marker': erasure_table_marker(relation), 'row_filter': none} -%}
                    {%- do plans.append({'node': node, 'relation': relation, 'action': plan.action,
                        'row_filter': plan.row_filter, 'marker': plan.marker, 'fingerprint': fingerprint}) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(plans) }}
{%- endmacro %}

{#- Erasure state: which request list every model table is known to be clean of. One row - the
    fingerprint (md5) of the erased identity keys and lead ids, and whether the pass is still
    pending - in table erasure_requests_applied beside stg_privacy__erased_people. Read by the
    start-of-run hook to skip the model tables (seconds at tier L) when the requests have not
    changed; a missing row means "nothing known". -#}
{% macro erasure_state_relation(erased_node) -%}
    {{ return(api.Relation.create(
        database=erased_node.database, schema=erased_node.schema, identifier='erasure_requests_applied'
    )) }}
{%- endmacro %}

{#- The state row as {fingerprint, is_pending}, or none; creates the table when missing. -#}
{% macro erasure_state(state_relation) -%}
    {%- do adapter.create_schema(state_relation) -%}
    {%- do run_in_transaction('create table if not exists ' ~ state_relation ~ ' (requests_fingerprint '
        ~ dbt.type_string() ~ ', is_pending ' ~ dbt.type_boolean() ~ ', recorded_at ' ~ dbt.type_timestamp() ~ ')') -%}
    {%- set rows = run_query('select requests_fingerprint, is_pending from ' ~ state_relation).rows -%}
    {%- if rows | length != 1 -%}{{ return(none) }}{%- endif -%}
    {{ return({'fingerprint': rows[0][0], 'is_pending': rows[0][1]}) }}
{%- endmacro %}

{#- Forgets the state (when it exists): no table is known clean. -#}
{% macro clear_erasure_state(state_relation) -%}
    {%- if load_relation(state_relation) is not none -%}
        {%- do run_in_transaction('delete from ' ~ state_relation) -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
{%- endmacro %}

{#- True when the request list can be read (erased_people_sql): the CRM leads exist with their
    lead_id and email (the requests table itself may be missing: nobody is erased). -#}
{% macro erased_people_readable() -%}
    {%- set landed = landed_source_columns(source('crm', 'leads')) -%}
    {{ return(landed is not none and 'lead_id' in landed and 'email' in landed and 'phone' in landed) }}
{%- endmacro %}

{#- Replaces the state row. -#}
{% macro write_erasure_state(state_relation, fingerprint, is_pending) -%}
    {%- do run_in_transaction('delete from ' ~ state_relation) -%}
    {%- do run_in_transaction('insert into ' ~ state_relation ~ ' (requests_fingerprint, is_pending, recorded_at) values ('
        ~ "'" ~ fingerprint ~ "', " ~ ('true' if is_pending else 'false') ~ ', ' ~ dbt.current_timestamp() ~ ')') -%}
{%- endmacro %}

{#- unique_ids of the tables the end-of-run hook scrubs (see apply_erasure_requests), or none
    for every table (the run reloaded the erasure requests themselves). -#}
{% macro erasure_end_of_run_scope(run_results, rebuilt) -%}
    {%- set built = run_results | map(attribute='node') | map(attribute='unique_id') | list -%}
    {%- set succeeded = run_results | selectattr('status', 'equalto', 'success')
        | map(attribute='node') | map(attribute='unique_id') | list -%}
    {%- set seeds_built = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'seed')
        | selectattr('unique_id', 'in', built)
        | list -%}
    {%- set requests = source('privacy', 'erasure_requests') -%}
    {%- if seeds_built | selectattr('alias', 'equalto', requests.identifier)
        | selectattr('schema', 'equalto', requests.schema) | list -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set only = rebuilt | reject('in', succeeded) | list -%}
    {%- if seeds_built or erasure_unscrubbable_sources() -%}
        {{ return(only + built) }}
    {%- endif -%}
    {{ return(only) }}
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
        {%- set relation = none if read.external else load_relation(read) -%}
        {%- if read.external or (relation is not none and not relation.is_table) -%}
            {%- do unscrubbable.append(node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(unscrubbable) }}
{%- endmacro %}

{#- unique_ids of the project's sources whose raw table is loaded by a seed of the project (the
    shipped sample: seeds/raw is the raw layer, reloaded with its plain ids by every build). -#}
{% macro erasure_seeded_sources() -%}
    {%- set seeded = [] -%}
    {%- set seed_relations = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.package_name == project_name -%}
        {%- do seed_relations.append((node.schema ~ '.' ~ node.alias) | lower) -%}
    {%- endfor -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- set read = source(node.source_name, node.name) -%}
        {%- if not read.external and ((read.schema ~ '.' ~ read.identifier) | lower) in seed_relations -%}
            {%- do seeded.append(node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(seeded) }}
{%- endmacro %}

{#- Sources, seeds, models and snapshots of this project (anything that can be a table holding personal data). -#}
{% macro erasure_target_nodes() -%}
    {%- set nodes = [] -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ('seed', 'model', 'snapshot') and node.package_name == project_name -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {{ return(nodes) }}
{%- endmacro %}

{#- The UPDATE that scrubs one table, or '' when it has no personal column and no lead id.
    Who: rows whose email (erased_values: its hashed erasure key), phone (any notation) or lead
    id (`lead_id`, `canonical_lead_id`; `raw_key` in a table without a lead id, e.g. the rejected
    rows, where it may be one) belongs to an erased person. What: the email becomes its
    tombstone, every other personal or quasi-identifying column (var pii_column_names: names,
    phone, company, job title, country; or `meta: {pii: true}`) becomes null, and every lead id
    (and a `raw_key` equal to it) becomes its tombstone `erased:<md5>`. -#}
{% macro erasure_update_sql(node, relation, identity_keys, lead_ids, phone_keys=[], tombstone_lead_ids=true, row_filter=none) -%}
    {%- set declared = [] -%}
    {%- for column in node.columns.values() if column.meta.get('pii') -%}
        {%- do declared.append(column.name | lower) -%}
    {%- endfor -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- set pii = [] -%}
    {%- for name in names
        if (name | lower) in declared or (name | lower) in var('pii_column_names', ['email', 'first_name', 'last_name', 'phone', 'company', 'job_title', 'country']) -%}
        {%- do pii.append(name) -%}
    {%- endfor -%}
    {%- set email_columns = pii | select('in', names | select('equalto', 'email') | list) | list -%}
    {%- set phone_columns = pii | select('in', names | select('equalto', 'phone') | list) | list -%}
    {%- set lead_id_columns = names | select('in', ['lead_id', 'canonical_lead_id']) | list -%}
    {%- set raw_key_columns = names | select('equalto', 'raw_key') | list -%}
    {%- set tombstoned_lead_id_columns = lead_id_columns if tombstone_lead_ids else [] -%}
    {%- set tombstoned_raw_key_columns = raw_key_columns if tombstone_lead_ids else [] -%}
    {%- if not pii and not tombstoned_lead_id_columns and not tombstoned_raw_key_columns -%}{{ return('') }}{%- endif -%}

    {%- set who = [] -%}
    {%- if identity_keys -%}
        {%- for column in email_columns -%}
            {%- do who.append(column ~ ' in (' ~ erased_values(relation, column, 'email', identity_keys, row_filter) ~ ')') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if phone_keys -%}
        {%- for column in phone_columns -%}
            {%- do who.append(column ~ ' in (' ~ erased_values(relation, column, 'phone', phone_keys, row_filter) ~ ')') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if lead_ids -%}
        {%- for column in lead_id_columns -%}
            {%- do who.append(column ~ ' in (' ~ erased_values(relation, column, 'lead_id', lead_ids, row_filter) ~ ')') -%}
        {%- endfor -%}
        {%- if not lead_id_columns -%}
            {%- for column in tombstoned_raw_key_columns -%}
                {%- do who.append(column ~ ' in (' ~ erased_values(relation, column, 'lead_id', lead_ids, row_filter) ~ ')') -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {%- if not who -%}{{ return('') }}{%- endif -%}

    {%- set assignments = [] -%}
    {%- set not_yet_scrubbed = [] -%}
    {%- for column in pii -%}
        {%- if column in email_columns -%}
            {%- do assignments.append(column ~ ' = ' ~ erasure_tombstone(column)) -%}
            {%- do not_yet_scrubbed.append('(' ~ column ~ ' is not null and not ' ~ is_erasure_tombstone(column) ~ ')') -%}
        {%- else -%}
            {%- do assignments.append(column ~ ' = null') -%}
            {%- do not_yet_scrubbed.append(column ~ ' is not null') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in tombstoned_lead_id_columns -%}
        {%- do assignments.append(column ~ ' = ' ~ erasure_lead_id_tombstone(column)) -%}
        {%- do not_yet_scrubbed.append('(' ~ column ~ ' is not null and ' ~ column ~ " not like 'erased:%')") -%}
    {%- endfor -%}
    {%- for column in tombstoned_raw_key_columns -%}
        {%- if 'lead_id' in lead_id_columns -%}
            {#- the base table of the CRM leads: raw_key is the lead id (or `row:<hash>`) -#}
            {%- do assignments.append(column ~ ' = case when ' ~ column ~ ' = lead_id then '
                ~ erasure_lead_id_tombstone('lead_id') ~ ' else ' ~ column ~ ' end') -%}
        {%- elif not lead_id_columns -%}
            {%- do assignments.append(column ~ ' = ' ~ erasure_lead_id_tombstone(column)) -%}
            {%- do not_yet_scrubbed.append('(' ~ column ~ ' is not null and ' ~ column ~ " not like 'erased:%')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not assignments -%}{{ return('') }}{%- endif -%}
    {%- set sql -%}
        update {{ relation }}
        set {{ assignments | join(', ') }}
        where ({{ who | join(' or ') }})
            and ({{ not_yet_scrubbed | join(' or ') }})
            {%- if row_filter %}
            and {{ row_filter }}
            {%- endif %}
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{#- The values of a column of `relation` that belong to an erased person: `kind` says how the
    column is keyed - 'email' (erasure_email_hash of its loose key), 'phone' (erasure_phone_key)
    or 'lead_id' (erasure_lead_id_hash) - and `keys` are the erased hashes. The key is computed
    once per distinct value, in steps, not once per row: an activity table holds tens of
    millions of rows but about one distinct address per person. -#}
{% macro erased_values(relation, column, kind, keys, row_filter=none) -%}
    {#- `as materialized` (DuckDB, PostgreSQL 12+) keeps the optimiser from pushing the key filter
        back below the distinct, which would hash every row again. -#}
    with distinct_values as materialized (
        select distinct {{ column }} as erased_value
        from {{ relation }}
        where {{ column }} is not null
        {%- if row_filter %}
            and {{ row_filter }}
        {%- endif %}
    ),

    {%- if kind == 'email' %}
    loose_values as materialized (
        select
            erased_value,
            {{ erasure_email_key('erased_value') }} as erasure_key_text
        from distinct_values
    ),

    keyed_values as materialized (
        select
            erased_value,
            {{ erasure_email_hash('erasure_key_text') }} as erasure_key
        from loose_values
    )
    {%- elif kind == 'phone' %}
    keyed_values as materialized (
        select
            erased_value,
            {{ erasure_phone_key('erased_value') }} as erasure_key
        from distinct_values
    )
    {%- else %}
    keyed_values as materialized (
        select
            erased_value,
            {{ erasure_lead_id_hash('erased_value') }} as erasure_key
        from distinct_values
    )
    {%- endif %}

    select erased_value
    from keyed_values
    where erasure_key in ({{ sql_literal_list(keys) }})
{%- endmacro %}

{#- What an erased email becomes (null stays null): `erased:` and its hashed identity key when the
    warehouse reads it as a valid address (a tombstone included), so the person keeps their
    identity; `erased-invalid:` and its hashed erasure key when it does not (a zero-width space,
    a trailing dot, ...), which stays invalid, so the row is read exactly as before (no identity
    by email, the same rejects). -#}
{% macro erasure_tombstone(column) -%}
    case
        when {{ clean_text(column) }} is null then null
        when {{ is_valid_email(normalize_email(column)) }}
            then {{ dbt.concat(["'erased:'", email_identity_key(normalize_email(column))]) }}
        else {{ dbt.concat(["'erased-invalid:'", erasure_email_hash(erasure_email_key(column))]) }}
    end
{%- endmacro %}

{#- 'a', 'b', ... with quotes escaped. -#}
{% macro sql_literal_list(values) -%}
    {%- for value in values -%}
        '{{ value | string | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Runs `sql` inside a transaction dbt knows of, beginning one when none is open (run_query
    does not: on PostgreSQL the hook's adapter.commit() then fails, "does not have one open"). -#}
{% macro run_in_transaction(sql) -%}
    {%- call statement('erasure_in_transaction', auto_begin=true) -%}{{ sql }}{%- endcall -%}
{%- endmacro %}
