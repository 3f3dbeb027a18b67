-- One row per calendar day (first lead day to the as-of date), lead channel and temperature
-- (cold, warm, hot): how many leads had that temperature on that day, and how many moved into
-- it that day from another temperature. Counted from the leads' temperature intervals as +1 on
-- the day an interval starts and -1 on the day it ends, summed over the days: never one row
-- per lead and day.
with

intervals as (

    select * from {{ ref('int_lead_temperature_intervals__derived') }}

),

days as (

    select * from {{ ref('int_temperature_days__spined') }}

),

temperatures as (

    select 'cold' as temperature
    union all
    select 'warm' as temperature
    union all
    select 'hot' as temperature

),

channels as (

    select distinct channel
    from intervals

),

changes as (

    select
        valid_from as calendar_date,
        channel,
        temperature,
        1 as lead_change,
        0 as is_entry
    from intervals
    union all
    -- the day a lead changes temperature (not its first day): an entry into the new one
    select
        valid_from as calendar_date,
        channel,
        temperature,
        0 as lead_change,
        1 as is_entry
    from intervals
    where previous_temperature is not null
    union all
    select
        valid_to as calendar_date,
        channel,
        temperature,
        -1 as lead_change,
        0 as is_entry
    from intervals
    where valid_to is not null

),

daily_changes as (

    select
        calendar_date,
        channel,
        temperature,
        sum(lead_change) as lead_change,
        sum(is_entry) as leads_entered
    from changes
    group by calendar_date, channel, temperature

),

grid as (

    select
        days.calendar_date,
        channels.channel,
        temperatures.temperature
    from days
    cross join channels
    cross join temperatures

),

counted as (

    select
        grid.calendar_date,
        grid.channel,
        grid.temperature,
        coalesce(daily_changes.leads_entered, 0) as leads_entered,
        sum(coalesce(daily_changes.lead_change, 0)) over (
            partition by grid.channel, grid.temperature
            order by grid.calendar_date
            rows between unbounded preceding and current row
        ) as lead_count
    from grid
    left join daily_changes
        on
            grid.calendar_date = daily_changes.calendar_date
            and grid.channel = daily_changes.channel
            and grid.temperature = daily_changes.temperature

),

final as (

    select
        cast(calendar_date as date) as calendar_date,
        cast(channel as varchar) as channel,
        cast(temperature as varchar) as temperature,
        cast(lead_count as integer) as lead_count,
        cast(leads_entered as integer) as leads_entered
    from counted

)

select * from final
