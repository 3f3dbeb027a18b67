{#- True when the whole of the text `value` matches the regular expression `pattern` (null when
    `value` is null). Patterns passed here keep to what every engine reads the same way: `[0-9]`,
    `[.]`, `{m,n}`, `?`, `+`, `*`, groups and alternation, no backslash escapes. -#}
{% macro regex_full_match(value, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'leadwh')(value, pattern)) }}
{%- endmacro %}

{% macro default__regex_full_match(value, pattern) -%}
    ({{ value }} ~ '^({{ pattern }})$')
{%- endmacro %}

{% macro duckdb__regex_full_match(value, pattern) -%}
    regexp_full_match({{ value }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_full_match(value, pattern) -%}
    ({{ value }} rlike '^({{ pattern }})$')
{%- endmacro %}
