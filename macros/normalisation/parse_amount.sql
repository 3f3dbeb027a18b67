{#- Money as text -> decimal(18, 2), repaired only when the reading is unambiguous.
    Blanks and the $ € £ symbols are removed first (`amount_text`); then, with an optional minus:
      1200 / 1200.5 / 1200.50            dot as the decimal separator
      1200,50 / 0,5                      comma as the decimal separator (one comma, no dot)
      1,200.50 / 1,234,567               comma groups of three, dot decimal (or two groups or more)
      1.200,50 / 1.234.567               dot groups of three, comma decimal (or two groups or more)
    One separator followed by exactly three digits after one to three digits (`1.234`,
    `12,500`): a thousands group, or three decimals? Decided by the row's currency (`currency`,
    the raw currency column): money in a currency with at most two decimals (USD, EUR, JPY, ...)
    cannot have three, so it is a thousands group (`1,000 USD` = 1000, `1.234 EUR` = 1234); in
    a currency with three decimals (`three_decimal_currencies`: KWD, BHD, ...) it stays
    ambiguous -> reason ambiguous_amount. Without a currency (`currency=none`) it is ambiguous,
    except that a $ or £ sign makes the comma a thousands separator (`$1,500`).
    Anything else (`n/a`, `1e3`, `1.2.3`, `1,23,4`) -> non_numeric_amount. A value of 10^12 or
    more in its own currency (`max_amount_digits` integer digits) -> amount_out_of_range: every
    sum the marts make then fits their numeric(38, 2). `parse_amount` is null whenever
    `amount_reject_reason` names a reason, and for empty text. Negative values are kept (callers
    reject them with their own reason). A loader may land the column typed (a number): it is read
    as the text it would have been. -#}
{% macro parse_amount(column, currency=none) -%}
    {%- set canonical = amount_canonical_text(amount_text(column), column, currency) -%}
    {#- the cast outside the case: PostgreSQL's case yields bare numeric, which prints 1500.0 -#}
    cast(case when not {{ amount_is_out_of_range(canonical) }} then {{ canonical }} end as decimal(18, 2))
{%- endmacro %}

{#- Why the amount text in `column` cannot be read (ambiguous_amount, non_numeric_amount,
    amount_out_of_range), or null when it can, or is empty (callers decide whether empty is
    allowed). -#}
{% macro amount_reject_reason(column, currency=none) -%}
    {%- set text = amount_text(column) -%}
    {%- set canonical = amount_canonical_text(text, column, currency) -%}
    case
        when {{ text }} is null or {{ text }} = '' then null
        when {{ canonical }} is null and {{ regex_full_match(text, amount_ambiguous_pattern()) }}
            then 'ambiguous_amount'
        when {{ canonical }} is null then 'non_numeric_amount'
        when {{ amount_is_out_of_range(canonical) }} then 'amount_out_of_range'
    end
{%- endmacro %}

{% macro max_amount_digits() -%}
    {{ return(12) }}
{%- endmacro %}

{% macro amount_ambiguous_pattern() -%}
    {{ return('-?[1-9][0-9]{0,2}[.,][0-9]{3}') }}
{%- endmacro %}

{#- Amount text with dot decimals and no grouping (see above), or null when not a readable
    amount. `text` is amount_text(column). -#}
{% macro amount_canonical_text(text, column, currency=none) -%}
    {%- set raw = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    case
        when
            {{ regex_full_match(text, amount_ambiguous_pattern()) }}
            and {{ amount_has_thousands_group(text, raw, currency) }}
            then replace(replace({{ text }}, ',', ''), '.', '')
        when {{ regex_full_match(text, amount_ambiguous_pattern()) }} then null
        when {{ regex_full_match(text, '-?[0-9]+([.][0-9]+)?') }} then {{ text }}
        when {{ regex_full_match(text, '-?[0-9]+,[0-9]+') }} then replace({{ text }}, ',', '.')
        when {{ regex_full_match(text, '-?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?') }}
            then replace({{ text }}, ',', '')
        when {{ regex_full_match(text, '-?[0-9]{1,3}([.][0-9]{3})+(,[0-9]+)?') }}
            then replace(replace({{ text }}, '.', ''), ',', '.')
    end
{%- endmacro %}

{#- True when `1.234` / `12,500` (one separator, three digits) is a thousands group: the row's
    currency has at most two decimals; without a currency, a comma after a $ or £ sign. -#}
{% macro amount_has_thousands_group(text, raw, currency) -%}
    {%- if currency is not none -%}
        coalesce(
            upper({{ clean_text(currency) }}) not in ({{ sql_string_list(three_decimal_currencies()) }}),
            false
        )
    {%- else -%}
        (
            {{ regex_full_match(text, '-?[1-9][0-9]{0,2},[0-9]{3}') }}
            and ({{ dbt.position("'$'", raw) }} > 0 or {{ dbt.position("'£'", raw) }} > 0)
        )
    {%- endif -%}
{%- endmacro %}

{#- ISO 4217 currencies with three decimals (minor units): an amount `1.234` in one of them may
    be 1.234 or 1234. -#}
{% macro three_decimal_currencies() -%}
    {{ return(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']) }}
{%- endmacro %}

{#- True when canonical amount text has more than max_amount_digits() integer digits (null when
    the text is null). -#}
{% macro amount_is_out_of_range(canonical) -%}
    {{ regex_full_match(canonical, '-?0*[1-9][0-9]{' ~ max_amount_digits() ~ ',}([.][0-9]+)?') }}
{%- endmacro %}

{#- The landed amount as text without blanks and currency symbols. -#}
{% macro amount_text(column) -%}
    {{ return(adapter.dispatch('amount_text', 'leadwh')('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')')) }}
{%- endmacro %}

{% macro default__amount_text(value) -%}
    regexp_replace({{ value }}, '[[:space:]$€£]', '', 'g')
{%- endmacro %}

{% macro duckdb__amount_text(value) -%}
    regexp_replace({{ value }}, '[\s$€£]', '', 'g')
{%- endmacro %}

{% macro spark__amount_text(value) -%}
    regexp_replace({{ value }}, '[\\s$€£]', '')
{%- endmacro %}
