-- One row per calendar day, lead channel and transition (from one temperature to another:
-- cold -> warm, cold -> hot, warm -> hot, hot -> warm) on which at least one lead made it:
-- how many leads did. A lead's first temperature (the day it appears) is not a transition.
with

intervals as (

    select * from {{ ref('int_lead_temperature_intervals__derived') }}
    where previous_temperature is not null

),

counted as (

    select
        valid_from as calendar_date,
        channel,
        previous_temperature as from_temperature,
        temperature as to_temperature,
        count(*) as lead_count
    from intervals
    group by valid_from, channel, previous_temperature, temperature

),

final as (

    select
        cast(calendar_date as date) as calendar_date,
        cast(channel as varchar) as channel,
        cast(from_temperature as varchar) as from_temperature,
        cast(to_temperature as varchar) as to_temperature,
        cast(lead_count as integer) as lead_count
    from counted

)

select * from final
