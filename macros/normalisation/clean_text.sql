{#- Trim a raw text value and turn empty strings into null. Raw columns land as varchar, but the
    cast keeps the macro safe if a loader ever types a column. Dispatched: `default__` is the
    plain rule; `duckdb__` gives the same result faster. -#}
{% macro clean_text(column) -%}
    {{ return(adapter.dispatch('clean_text', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- DuckDB's trim() copies every value, and most raw values need no trimming. It strips spaces
    (U+0020 and the Unicode space separators such as U+00A0), so a pure-ASCII value (strlen, the
    bytes, equals length, the characters) without a leading or trailing space is already trimmed
    and is kept as it is; anything else goes through trim(). Same result as default__ (checked
    on every raw text column of the L benchmark data); on 19M activities about twice as fast per
    column. -#}
{% macro duckdb__clean_text(column) -%}
    {%- set value = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    nullif(
        case
            when {{ value }} like ' %' or {{ value }} like '% ' or strlen({{ value }}) != length({{ value }})
                then trim({{ value }})
            else {{ value }}
        end,
        ''
    )
{%- endmacro %}
