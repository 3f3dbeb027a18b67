{#- The CRM's own stage columns of crm.leads, which loaders may not land: `sql` maps each column
    to the SQL that reads it (a typed null when absent, optional_source_column) and `landed`
    lists the ones the landed table has (they are part of its row hash). -#}
{% macro crm_lead_stage_columns() -%}
    {%- set columns = [
        'lifecycle_stage', 'lifecycle_stage_set_at', 'became_iql_at', 'became_mql_at', 'became_sql_at',
        'became_opportunity_at', 'became_customer_at',
    ] -%}
    {%- set column_sql = {} -%}
    {%- set landed = [] -%}
    {%- for column in columns -%}
        {%- do column_sql.update({column: optional_source_column('crm', 'leads', column)}) -%}
        {%- if column_sql[column] == column -%}{%- do landed.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- do return({'sql': column_sql, 'landed': landed}) -%}
{%- endmacro %}
