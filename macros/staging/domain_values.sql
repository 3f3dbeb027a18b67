{#- Accepted values of the coded raw columns (docs/architecture.md). One place for the SQL that
    checks them; the YAML accepted_values tests repeat the same lists. -#}
{% macro opportunity_stages() -%}
    {{ return(['discovery', 'proposal', 'negotiation', 'closed_won', 'closed_lost']) }}
{%- endmacro %}

{% macro order_statuses() -%}
    {{ return(['paid', 'refunded', 'cancelled']) }}
{%- endmacro %}

{#- A list of strings as SQL literals for an `in (...)` list: 'a', 'b', 'c'. -#}
{% macro sql_string_list(values) -%}
    {%- for value in values -%}
        '{{ value }}'{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
