{#- A free-text code (lead source, CRM stage name, opportunity stage) as a lookup key: lower-cased,
    every run of blanks, underscores and hyphens turned into one `separator`, trimmed; empty ->
    null. So 'Paid_Search', ' paid-search ' and 'PAID  search' are all `paid search`. Used on both
    sides of a reference-seed join, so a seed's keys may be written either way. -#}
{% macro normalize_key(column, separator=' ') -%}
    {%- set key = adapter.dispatch('normalize_key', 'leadwh')(column) -%}
    {%- if separator != ' ' -%}
        replace({{ key }}, ' ', '{{ separator }}')
    {%- else -%}
        {{ key }}
    {%- endif -%}
{%- endmacro %}

{% macro default__normalize_key(column) -%}
    nullif(trim(regexp_replace(lower({{ column }}), '[[:space:]_-]+', ' ', 'g')), '')
{%- endmacro %}

{% macro spark__normalize_key(column) -%}
    nullif(trim(regexp_replace(lower({{ column }}), '[\\s_-]+', ' ')), '')
{%- endmacro %}
