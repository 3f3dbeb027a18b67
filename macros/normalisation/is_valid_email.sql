{#- True when an already normalised email matches a simple, portable pattern:
    local@domain.tld with ASCII letters, digits and . _ % + - in the local part and a dotted domain
    ending in a 2+ letter top-level domain. False (never null) for null input.
    The tombstone of an erased email (`erased:<hash>`, see macros/privacy/erasure.sql) counts as
    valid: the person keeps their identity, only the address is gone. -#}
{% macro is_valid_email(column) -%}
    {{ return(
        '(' ~ adapter.dispatch('is_valid_email', 'leadwh')(column)
        ~ ' or coalesce(' ~ column ~ " like 'erased:%', false))"
    ) }}
{%- endmacro %}

{% macro default__is_valid_email(column) -%}
    coalesce({{ column }} ~ '^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$', false)
{%- endmacro %}

{% macro duckdb__is_valid_email(column) -%}
    coalesce(regexp_full_match({{ column }}, '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}'), false)
{%- endmacro %}

{% macro spark__is_valid_email(column) -%}
    coalesce({{ column }} rlike '^[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$', false)
{%- endmacro %}
