{#- Text date -> `date`: 2025-03-04, 04.03.2025, or any timestamp parse_timestamp_utc accepts
    (its UTC date). Null when unparseable. -#}
{% macro parse_date(column) -%}
    cast({{ parse_timestamp_utc(column) }} as date)
{%- endmacro %}
