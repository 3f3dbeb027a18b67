{#- Text flag -> boolean. true/t/yes/y/1 -> true, false/f/no/n/0 -> false (any case, trimmed);
    empty or null -> `when_empty` (default false); anything else -> null. -#}
{% macro parse_boolean_flag(column, when_empty=false) -%}
    case
        when {{ clean_text(column) }} is null then {{ 'true' if when_empty else 'false' }}
        when lower({{ clean_text(column) }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ clean_text(column) }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
