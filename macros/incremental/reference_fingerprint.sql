{#- A number that changes whenever the reference data an incremental model was built with
    changes: the rows of every seed under seeds/reference (scoring rules, channels, currency
    rates, the lead-source map) and the vars in `var_names` (which e-mail domains are test or
    internal, and so which leads exist). Rows the incremental models already hold were computed
    with the old reference data; each model stores the fingerprint it was built with
    (column reference_fingerprint) and reset_when_input_replaced rebuilds it when the current
    one differs. Order-independent (rows are sorted); 0 while dbt parses and in unit tests
    (which have no graph of nodes and never reset). -#}
{% macro reference_fingerprint(var_names=['internal_email_domains', 'test_email_domains']) -%}
    {%- set nodes = graph.get('nodes') if execute else none -%}
    {%- if nodes is none -%}{{ return(0) }}{%- endif -%}
    {%- set parts = [] -%}
    {%- for node in nodes.values()
        if node.resource_type == 'seed' and node.package_name == project_name
        and node.original_file_path.startswith('seeds/reference/') -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if relation is none -%}
            {%- do parts.append(node.name ~ ' missing') -%}
        {%- else -%}
            {%- for row in run_query('select * from ' ~ relation).rows -%}
                {%- do parts.append(node.name ~ ' ' ~ (row.values() | map('string') | join('|'))) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in var_names -%}
        {%- do parts.append('var ' ~ name ~ ' ' ~ tojson(var(name, none))) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | sort | join('\n'))[:15] | int(0, 16)) }}
{%- endmacro %}

{#- The fingerprint as the column an incremental model stores (a constant per build). -#}
{% macro reference_fingerprint_column() -%}
    cast({{ reference_fingerprint() }} as {{ dbt.type_bigint() }}) as reference_fingerprint
{%- endmacro %}
