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
