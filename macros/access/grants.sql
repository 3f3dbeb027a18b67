{#- Access control. The marts are the only relations BI tools may read: the marts folder sets
    `+grants: {select: [<reporting role>]}` in dbt_project.yml and dbt applies it to every mart
    table; this on-run-end hook adds the schema usage a role needs to reach them. -#}
{% macro grant_reporting_schema_usage() -%}
    {{ return(adapter.dispatch('grant_reporting_schema_usage')()) }}
{%- endmacro %}

{% macro default__grant_reporting_schema_usage() -%}
    {%- if not execute %}{{ return('') }}{% endif -%}
    {%- set role = env_var('LEADWH_REPORTING_ROLE', 'reporting') -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.fqn[1] == 'marts' and node.schema not in marts -%}
        {%- do marts.append(node.schema) -%}
    {%- endfor -%}
    {%- for schema in marts %}
    {%- if not loop.first %};{% endif %}
    grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(role) }}
    {%- endfor %}
{%- endmacro %}

{#- DuckDB has no roles: whoever can open the file reads everything, so there is nothing to
    grant (and dbt-duckdb warns on every grant config). -#}
{% macro duckdb__grant_reporting_schema_usage() -%}
{%- endmacro %}

{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}
