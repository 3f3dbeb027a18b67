{#- Whole calendar days from `start_at` to `end_at` (null when either is null), via dbt's
    cross-database datediff; trimmed so the compiled SQL stays on one line. -#}
{% macro days_between(start_at, end_at) -%}
    {{ return(dbt.datediff(start_at, end_at, 'day') | trim) }}
{%- endmacro %}
