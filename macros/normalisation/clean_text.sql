{#- Trim a raw text value and turn empty strings into null. Raw columns land as varchar, but the
    cast keeps the macro safe if a loader ever types a column. -#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
