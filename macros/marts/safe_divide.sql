{#- numerator / denominator, null (never an error) when the denominator is 0 or null.
    The numerator is cast to a decimal first so integer counts never divide as integers. -#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ dbt.type_numeric() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
