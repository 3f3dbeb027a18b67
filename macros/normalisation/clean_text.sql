{#- Trim a raw text value and turn empty strings into null. Raw columns land as varchar, but the
    cast keeps the macro safe if a loader ever types a column. Dispatched: `default__` is the
    plain rule; `duckdb__` gives the same result faster. -#}
{% macro clean_text(column) -%}
    {{ return(adapter.dispatch('clean_text', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__clean_text(column) -%}
    nullif({{ trim_spaces('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }}, '')
{%- endmacro %}

{#- DuckDB's trim() copies every value, and most raw values need no trimming. It strips spaces
    (U+0020 and the Unicode space separators such as U+00A0), so a pure-ASCII value (strlen, the
    bytes, equals length, the characters) without a leading or trailing space is already trimmed
    and is kept as it is; anything else goes through trim_spaces(). Same result as default__ (checked
    on every raw text column of the L benchmark data); on 19M activities about twice as fast per
    column. -#}
{% macro duckdb__clean_text(column) -%}
    {%- set value = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    nullif(
        case
            when {{ value }} like ' %' or {{ value }} like '% ' or strlen({{ value }}) != length({{ value }})
                then {{ trim_spaces(value) }}
            else {{ value }}
        end,
        ''
    )
{%- endmacro %}

{#- Strip the space characters - U+0020 and the Unicode space separators (category Zs: no-break
    U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, ideographic U+3000) - from both ends of a text
    value; tabs and line breaks are kept. Loaders and spreadsheets pad values with no-break
    spaces, and every engine must clean them alike: PostgreSQL's and Spark's trim() strip U+0020
    only, DuckDB's strips exactly this set. -#}
{% macro trim_spaces(value) -%}
    {{ return(adapter.dispatch('trim_spaces', 'leadwh')(value)) }}
{%- endmacro %}

{% macro default__trim_spaces(value) -%}
    {%- set spaces = ' \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000' -%}
    trim(both '{{ spaces }}' from {{ value }})
{%- endmacro %}

{% macro duckdb__trim_spaces(value) -%}
    trim({{ value }})
{%- endmacro %}
