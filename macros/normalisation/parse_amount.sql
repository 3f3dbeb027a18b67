{#- Money as text -> decimal(18, 2). Removes blanks, thousands commas and the $ € £ symbols, then
    accepts only an optional minus sign, digits and an optional decimal part. Anything else
    ('n/a', '1e3', '') is null, so callers can tell "not numeric" from a value. Negative values
    are kept (callers reject them with their own reason). -#}
{% macro parse_amount(column) -%}
    {#- a loader may land the column typed (a number): read it as the text it would have been -#}
    {{ return(adapter.dispatch('parse_amount', 'leadwh')('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')')) }}
{%- endmacro %}

{#- PostgreSQL: the outer cast keeps the type modifier (a `case` yields bare `numeric`, which
    would print 1500.0 and 1500.00 differently). -#}
{% macro default__parse_amount(column) -%}
    cast(
        case
            when regexp_replace({{ column }}, '[[:space:],$€£]', '', 'g') ~ '^-?[0-9]+(\.[0-9]+)?$'
                then regexp_replace({{ column }}, '[[:space:],$€£]', '', 'g')
        end as decimal(18, 2)
    )
{%- endmacro %}

{% macro duckdb__parse_amount(column) -%}
    case
        when regexp_full_match(regexp_replace({{ column }}, '[\s,$€£]', '', 'g'), '-?[0-9]+(\.[0-9]+)?')
            then try_cast(regexp_replace({{ column }}, '[\s,$€£]', '', 'g') as decimal(18, 2))
    end
{%- endmacro %}

{% macro spark__parse_amount(column) -%}
    case
        when regexp_replace({{ column }}, '[\\s,$€£]', '') rlike '^-?[0-9]+(\\.[0-9]+)?$'
            then cast(regexp_replace({{ column }}, '[\\s,$€£]', '') as decimal(18, 2))
    end
{%- endmacro %}
