{#- The temperature named by its rank in int_lead_temperature_intervals__derived (1 cold, 2 warm,
    3 hot; null stays null). -#}
{% macro temperature_of_priority(expression) -%}
    case {{ expression }} when 3 then 'hot' when 2 then 'warm' when 1 then 'cold' end
{%- endmacro %}
