{#- Phone number as E.164: keep digits only, a leading international prefix 00 becomes +, and the
    result is '+' followed by 8 to 15 digits not starting with 0; anything else is null.
    Numbers without a country code cannot be told apart from international ones without
    knowing the country, so they are taken as written (the loader is expected to send E.164). -#}
{% macro normalize_phone(column) -%}
    {{ return(adapter.dispatch('normalize_phone', 'leadwh')(column)) }}
{%- endmacro %}

{% macro default__normalize_phone(column) -%}
    case
        when regexp_replace(regexp_replace({{ column }}, '[^0-9]', '', 'g'), '^00', '')
            ~ '^[1-9][0-9]{7,14}$'
            then '+' || regexp_replace(regexp_replace({{ column }}, '[^0-9]', '', 'g'), '^00', '')
    end
{%- endmacro %}

{% macro duckdb__normalize_phone(column) -%}
    case
        when regexp_full_match(
            regexp_replace(regexp_replace({{ column }}, '[^0-9]', '', 'g'), '^00', ''),
            '[1-9][0-9]{7,14}'
        )
            then '+' || regexp_replace(regexp_replace({{ column }}, '[^0-9]', '', 'g'), '^00', '')
    end
{%- endmacro %}

{% macro spark__normalize_phone(column) -%}
    case
        when regexp_replace(regexp_replace({{ column }}, '[^0-9]', ''), '^00', '')
            rlike '^[1-9][0-9]{7,14}$'
            then concat('+', regexp_replace(regexp_replace({{ column }}, '[^0-9]', ''), '^00', ''))
    end
{%- endmacro %}
