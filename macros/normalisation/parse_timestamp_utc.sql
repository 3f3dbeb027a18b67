{#- Text timestamp in any of the landed formats -> UTC `timestamp` without time zone:
      2025-03-04 10:22:00        plain, taken as UTC (also with T, fractional seconds, or no seconds)
      2025-03-04T10:22:00Z       UTC designator
      2025-03-04T12:22:00+02:00  offset (also -0530, +02): converted to UTC
      04.03.2025 10:22           day.month.year, taken as UTC (seconds optional)
      1741083720                 Unix epoch seconds (9 or 10 digits)
      2025-03-04                 a bare date: midnight UTC
    Anything else (including impossible dates such as 2025-02-30) -> null. -#}
{% macro parse_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'leadwh')(clean_text(column))) }}
{%- endmacro %}

{#- PostgreSQL flavour. Formats are recognised by pattern first so a cast only sees text of the
    right shape; an impossible calendar date of the right shape still raises an error here. -#}
{% macro default__parse_timestamp_utc(value) -%}
    case
        when {{ value }} ~ '^[0-9]{9,10}$'
            then to_timestamp(cast({{ value }} as bigint)) at time zone 'UTC'
        when {{ value }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$'
            then cast({{ value }} as timestamp with time zone) at time zone 'UTC'
        when {{ value }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$'
            then cast({{ value }} as timestamp)
        when {{ value }} ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$'
            then cast(
                regexp_replace({{ value }}, '^([0-9]{2})\.([0-9]{2})\.([0-9]{4})', '\3-\2-\1') as timestamp
            )
    end
{%- endmacro %}

{#- DuckDB: an offset must go through `timestamptz` (a plain `cast(... as timestamp)` silently
    drops the offset), then `timezone('UTC', ...)` gives the UTC wall clock as `timestamp`;
    `to_timestamp(epoch)` also returns `timestamptz`. try_strptime / try_cast return null instead
    of failing, so impossible dates are null. -#}
{% macro duckdb__parse_timestamp_utc(value) -%}
    case
        when regexp_full_match({{ value }}, '[0-9]{9,10}')
            then timezone('UTC', to_timestamp(cast({{ value }} as bigint)))
        when regexp_full_match(
            {{ value }},
            '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)'
        )
            then timezone('UTC', try_cast({{ value }} as timestamptz))
        else try_strptime(
            {{ value }},
            [
                '%Y-%m-%d %H:%M:%S',
                '%Y-%m-%d %H:%M:%S.%f',
                '%Y-%m-%d %H:%M',
                '%Y-%m-%dT%H:%M:%S',
                '%Y-%m-%dT%H:%M:%S.%f',
                '%Y-%m-%dT%H:%M',
                '%d.%m.%Y %H:%M',
                '%d.%m.%Y %H:%M:%S',
                '%d.%m.%Y',
                '%Y-%m-%d'
            ]
        )
    end
{%- endmacro %}
