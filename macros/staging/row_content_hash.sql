{#- Deterministic hash of a row's raw content (the listed columns, nulls kept apart from empty
    strings). Used as the last tie-break between versions of a key and to identify raw rows that
    have no business key. -#}
{% macro row_content_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
