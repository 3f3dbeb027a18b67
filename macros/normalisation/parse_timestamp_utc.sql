{#- Text timestamp in any of the landed formats -> UTC `timestamp` without time zone:
      2025-03-04 10:22:00        plain, taken as UTC (also with T, fractional seconds, or no seconds)
      2025-03-04T10:22:00Z       UTC designator
      2025-03-04T12:22:00+02:00  offset (also -0530, +02; hours 00-14, minutes 00-59): to UTC
      04.03.2025 10:22           day.month.year, taken as UTC (seconds optional)
      1741083720                 Unix epoch seconds (9 or 10 digits)
      2025-03-04                 a bare date: midnight UTC
    Anything else (impossible dates such as 2025-02-30, the hour 24, offsets out of range such
    as +15:99) -> null, the same on every engine. -#}
{% macro parse_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'leadwh')(clean_text(column))) }}
{%- endmacro %}

{#- PostgreSQL flavour. Formats are recognised by pattern first and the calendar is checked
    before any cast (PostgreSQL raises on 2025-02-30 or 25:00 where DuckDB's try_ functions return
    null), so an impossible date or time is null here too. Nested `case` guarantees the order. -#}
{% macro default__parse_timestamp_utc(value) -%}
    case
        when {{ value }} ~ '^[0-9]{9,10}$'
            then to_timestamp(cast({{ value }} as bigint)) at time zone 'UTC'
        when {{ value }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?{{ leadwh.utc_offset_pattern() }}$'
            then case
                when {{ leadwh.is_valid_calendar_timestamp(value, 1, 6, 9, 12) }}
                    then cast({{ value }} as timestamp with time zone) at time zone 'UTC'
            end
        when {{ value }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$'
            then case
                when {{ leadwh.is_valid_calendar_timestamp(value, 1, 6, 9, 12) }}
                    then cast({{ value }} as timestamp)
            end
        when {{ value }} ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$'
            then case
                when {{ leadwh.is_valid_calendar_timestamp(value, 7, 4, 1, 12) }}
                    then cast(
                        regexp_replace({{ value }}, '^([0-9]{2})\.([0-9]{2})\.([0-9]{4})', '\3-\2-\1') as timestamp
                    )
            end
    end
{%- endmacro %}

{#- A UTC designator or an offset a clock can have: `Z`, or a sign, hours 00-14 and optional
    minutes 00-59 (`+02`, `-0530`, `+14:00`). `+15:99` or `+99:99` match no format: null on every
    engine (DuckDB's timestamptz cast would shift the time by them; PostgreSQL raised "time zone
    displacement out of range"). -#}
{% macro utc_offset_pattern() -%}
    {{ return('(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)') }}
{%- endmacro %}

{#- True when the text `value` (already matched to a known shape) holds a real calendar date and
    clock time: the year, month and day start at the given 1-based positions (4, 2 and 2 digits),
    the optional time at `time_at` (HH:MM[:SS]). Year 1 or later, month 1-12, day within the
    month (leap years included), hour 0-23, minute and second 0-59. -#}
{% macro is_valid_calendar_timestamp(value, year_at, month_at, day_at, time_at) -%}
    {%- set y = 'cast(substr(' ~ value ~ ', ' ~ year_at ~ ', 4) as integer)' -%}
    {%- set m = 'cast(substr(' ~ value ~ ', ' ~ month_at ~ ', 2) as integer)' -%}
    {%- set d = 'cast(substr(' ~ value ~ ', ' ~ day_at ~ ', 2) as integer)' -%}
    (
        {{ y }} >= 1
        and {{ m }} between 1 and 12
        and {{ d }} between 1 and case
            when {{ m }} in (4, 6, 9, 11) then 30
            when {{ m }} = 2 and ({{ y }} % 4 = 0 and ({{ y }} % 100 != 0 or {{ y }} % 400 = 0)) then 29
            when {{ m }} = 2 then 28
            else 31
        end
        and (
            length({{ value }}) < {{ time_at + 4 }}
            or (
                cast(substr({{ value }}, {{ time_at }}, 2) as integer) <= 23
                and cast(substr({{ value }}, {{ time_at + 3 }}, 2) as integer) <= 59
                and (
                    substr({{ value }}, {{ time_at + 5 }}, 1) != ':'
                    or cast(substr({{ value }}, {{ time_at + 6 }}, 2) as integer) <= 59
                )
            )
        )
    )
{%- endmacro %}

{#- DuckDB: an offset must go through `timestamptz` (a plain `cast(... as timestamp)` silently
    drops the offset), then `timezone('UTC', ...)` gives the UTC wall clock as `timestamp`;
    `to_timestamp(epoch)` also returns `timestamptz`. try_strptime / try_cast return null instead
    of failing, so impossible dates are null.
    Fast paths first, for the fixed-width shapes loaders write (checked with `glob`, cheap): each
    gives exactly what the general rules (the second argument of the coalesce) give for that
    shape, and whatever a fast path leaves null (another shape, or an impossible date or time)
    goes through the general rules, so the result is the same with or without them:
      `2025-03-04 10:22:00`        DuckDB's own cast, as the first format of the list (hour 24,
                                   which the cast would take, is left to the rules, which reject it)
      `2025-03-04T10:22:00Z`       strict strptime, read as UTC as the offset rule reads it
      `1741083720`                 the epoch rule
      `2025-03-04T12:22:00+02:00`  the offset rule
      `04.03.2025 10:22`           the list's first format for it (the formats before it start
                                   with a 4-digit year and cannot match)
    On the scale benchmark (19M activities) parsing drops from ~6 s to ~2 s per column. -#}
{% macro duckdb__parse_timestamp_utc(value) -%}
    {%- set d2 = '[0-9][0-9]' -%}
    {%- set ymd = d2 ~ d2 ~ '-' ~ d2 ~ '-' ~ d2 -%}
    {%- set hms = d2 ~ ':' ~ d2 ~ ':' ~ d2 -%}
    coalesce(
        case
            when {{ value }} glob '{{ ymd }} {{ hms }}'
                then case when substr({{ value }}, 12, 2) < '24' then try_cast({{ value }} as timestamp) end
            when {{ value }} glob '{{ ymd }}T{{ hms }}Z'
                then try_strptime({{ value }}, '%Y-%m-%dT%H:%M:%SZ')
            when {{ value }} glob '{{ d2 * 5 }}' or {{ value }} glob '{{ d2 * 4 }}[0-9]'
                then timezone('UTC', to_timestamp(cast({{ value }} as bigint)))
            when {{ value }} glob '{{ ymd }}T{{ hms }}[+-]{{ d2 }}:{{ d2 }}'
                then case
                    when substr({{ value }}, 12, 2) < '24' and substr({{ value }}, 21, 2) <= '14'
                        and substr({{ value }}, 24, 2) <= '59'
                        then timezone('UTC', try_cast({{ value }} as timestamptz))
                end
            when {{ value }} glob '{{ d2 }}.{{ d2 }}.{{ d2 ~ d2 }} {{ d2 }}:{{ d2 }}'
                then try_strptime({{ value }}, '%d.%m.%Y %H:%M')
        end,
        case
            when regexp_full_match({{ value }}, '[0-9]{9,10}')
                then timezone('UTC', to_timestamp(cast({{ value }} as bigint)))
            when regexp_full_match(
                {{ value }},
                '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?{{ leadwh.utc_offset_pattern() }}'
            )
                then case
                    when substr({{ value }}, 12, 2) < '24' then timezone('UTC', try_cast({{ value }} as timestamptz))
                end
            -- the shapes PostgreSQL's rules accept: strptime alone reads `1.2.3` as 0003-02-01
            when regexp_full_match(
                {{ value }},
                '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?'
                || '|[0-9]{2}[.][0-9]{2}[.][0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?'
            )
                then try_strptime(
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
    )
{%- endmacro %}
