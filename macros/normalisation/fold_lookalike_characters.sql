{#- Replace Cyrillic characters that look like Latin letters (homoglyphs often found in pasted
    or spoofed email addresses) with their Latin counterparts, lower and upper case. -#}
{% macro fold_lookalike_characters(column) -%}
    {{ return(adapter.dispatch('fold_lookalike_characters', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__fold_lookalike_characters(column) -%}
    translate({{ column }}, 'аеорсхуіјѕАЕОРСХУІЈЅ', 'aeopcxyijsAEOPCXYIJS')
{%- endmacro %}

{#- Spark has translate() too; listed so the dispatch chain is explicit for the next target. -#}
{% macro spark__fold_lookalike_characters(column) -%}
    translate({{ column }}, 'аеорсхуіјѕАЕОРСХУІЈЅ', 'aeopcxyijsAEOPCXYIJS')
{%- endmacro %}
