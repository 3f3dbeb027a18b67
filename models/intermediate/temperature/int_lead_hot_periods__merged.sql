-- One row per canonical lead and hot period: the days it was hot by its hot-signal activities,
-- from hot_from (inclusive) to hot_to (exclusive). Each day with a hot-signal activity opens a
-- window of that day and the var hot_window_days days after it; overlapping or touching windows
-- merge into one period; no window opens on or after the day the lead first unsubscribed, and
-- one open then ends that day (an unsubscribed lead is at most warm). Periods may run past the
-- as-of date (int_lead_temperature_intervals__derived cuts them).
with

signal_days as (

    select * from {{ ref('int_lead_signal_days__aggregated') }}

),

unsubscribes as (

    select
        canonical_lead_id,
        min(signal_date) as unsubscribe_date
    from signal_days
    where unsubscribe_count > 0
    group by canonical_lead_id

),

hot_windows as (

    select
        signal_days.canonical_lead_id,
        signal_days.signal_date as window_start,
        unsubscribes.unsubscribe_date,
        cast({{ dbt.dateadd('day', var('hot_window_days') ~ ' + 1', 'signal_days.signal_date') }} as date)
            as window_end
    from signal_days
    left join unsubscribes
        on signal_days.canonical_lead_id = unsubscribes.canonical_lead_id
    where
        signal_days.hot_activity_count > 0
        and (unsubscribes.unsubscribe_date is null or signal_days.signal_date < unsubscribes.unsubscribe_date)

),

windows_marked as (

    -- windows have one length (or end at the one unsubscribe day), so their ends grow with
    -- their starts: a window starts a new period when it starts after the previous one ended
    select
        canonical_lead_id,
        window_start,
        case when unsubscribe_date < window_end then unsubscribe_date else window_end end as window_end,
        case
            when
                window_start
                <= lag(window_end) over (partition by canonical_lead_id order by window_start)
                then 0
            else 1
        end as starts_period
    from hot_windows

),

windows_numbered as (

    select
        canonical_lead_id,
        window_start,
        window_end,
        sum(starts_period) over (
            partition by canonical_lead_id
            order by window_start
            rows between unbounded preceding and current row
        ) as period_number
    from windows_marked

),

final as (

    select
        canonical_lead_id,
        min(window_start) as hot_from,
        max(window_end) as hot_to
    from windows_numbered
    group by canonical_lead_id, period_number

)

select * from final
