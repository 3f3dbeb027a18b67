{#- Replace Cyrillic characters that look like Latin letters (homoglyphs found in pasted or
    spoofed email addresses) with their Latin counterparts:
      lower case  а е о р с х у і ј ѕ            -> a e o p c x y i j s
      upper case  А В Е К М Н О Р С Т Х У І Ј Ѕ  -> A B E K M H O P C T X Y I J S
    (upper-case В К М Н Т look Latin only in upper case, so only their capitals are folded). -#}
{% macro fold_lookalike_characters(column) -%}
    {{ return(adapter.dispatch('fold_lookalike_characters', 'leadwh')(column)) }}
{%- endmacro %}

{#- translate() exists with the same meaning in DuckDB, PostgreSQL and Spark SQL. -#}
{% macro default__fold_lookalike_characters(column) -%}
    translate(
        {{ column }},
        'аеорсхуіјѕАВЕКМНОРСТХУІЈЅ',
        'aeopcxyijsABEKMHOPCTXYIJS'
    )
{%- endmacro %}

{#- DuckDB: translate() is slow on tens of millions of rows, and almost every address is plain
    ASCII (byte length = character length), which has nothing to fold: skip it then. Same result
    as the default; about 6x faster on the scale benchmark's activities. -#}
{% macro duckdb__fold_lookalike_characters(column) -%}
    case
        when strlen({{ column }}) = length({{ column }}) then {{ column }}
        else {{ default__fold_lookalike_characters(column) }}
    end
{%- endmacro %}
