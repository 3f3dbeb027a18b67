{#- What the BI tools' role finds in the PostgreSQL catalog. Comments are readable by every role
    (pg_description cannot be restricted without breaking BI drivers), so only the marts carry
    them: dbt_project.yml persists docs on the marts only, and this on-run-end hook clears the
    comments left on any other relation dbt builds or seeds - an incremental table keeps the
    comments an earlier version of the project persisted. Relations the build role does not own
    (a loader's raw tables) are left alone. The rest of the catalog is restricted by the server's
    operator: scripts/pg_reporting_access.sql, docs/architecture.md "PostgreSQL access". -#}
{% macro clear_comments_outside_marts() -%}
    {{ return(adapter.dispatch('clear_comments_outside_marts')()) }}
{%- endmacro %}

{% macro default__clear_comments_outside_marts() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set mart_schemas = [] -%}
    {%- set other_schemas = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ('model', 'seed', 'snapshot')
        and node.database == target.database -%}
        {%- set is_mart = node.resource_type == 'model' and node.fqn[1] == 'marts' -%}
        {%- set schemas = mart_schemas if is_mart else other_schemas -%}
        {%- if node.schema not in schemas %}{% do schemas.append(node.schema) %}{% endif -%}
    {%- endfor -%}
    {%- for source in graph.sources.values() if source.database == target.database -%}
        {%- if source.schema not in other_schemas -%}
            {%- do other_schemas.append(source.schema) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set schemas = other_schemas | reject('in', mart_schemas) | list -%}
    {%- if not schemas %}{{ return('') }}{% endif -%}
    do $leadwh$
    declare
        commented record;
    begin
        for commented in
            select
                relation.oid::regclass as relation_name,
                relation.relkind,
                attribute.attname
            from pg_catalog.pg_description as description
            inner join pg_catalog.pg_class as relation
                on description.objoid = relation.oid
            inner join pg_catalog.pg_namespace as namespace
                on relation.relnamespace = namespace.oid
            left join pg_catalog.pg_attribute as attribute
                on
                    description.objoid = attribute.attrelid
                    and description.objsubid = attribute.attnum
            where
                description.classoid = 'pg_catalog.pg_class'::regclass
                and namespace.nspname in (
                    {%- for schema in schemas -%}
                        '{{ schema | replace("'", "''") }}'{{ ", " if not loop.last }}
                    {%- endfor -%}
                )
                and relation.relkind in ('r', 'p', 'v', 'm', 'f')
                and pg_catalog.pg_has_role(relation.relowner, 'USAGE')
        loop
            if commented.attname is null then
                execute format(
                    'comment on %s %s is null',
                    case commented.relkind
                        when 'v' then 'view'
                        when 'm' then 'materialized view'
                        when 'f' then 'foreign table'
                        else 'table'
                    end,
                    commented.relation_name
                );
            else
                execute format(
                    'comment on column %s.%I is null', commented.relation_name, commented.attname
                );
            end if;
        end loop;
    end
    $leadwh$
{%- endmacro %}

{#- DuckDB has no roles: whoever can open the file reads everything, comments included. -#}
{% macro duckdb__clear_comments_outside_marts() -%}
{%- endmacro %}
