-- One row per calendar day from the first day of any lead's temperature history (the earliest
-- valid_from in int_lead_temperature_intervals__derived: the first lead created, or its first
-- interest when earlier) to the as-of date, both included: the days of the daily temperature
-- mart. At most 2^15 days (about 89 years) back from the as-of date.
with

intervals as (

    select * from {{ ref('int_lead_temperature_intervals__derived') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

day_numbers as (

    select generated_number - 1 as days_before_as_of
    from ({{ dbt.generate_series(32768) }}) as series

),

first_day as (

    select min(valid_from) as first_date
    from intervals

),

final as (

    select
        cast({{ dbt.dateadd('day', '-1 * day_numbers.days_before_as_of', 'as_of.as_of_date') }} as date)
            as calendar_date
    from day_numbers
    cross join as_of
    cross join first_day
    where day_numbers.days_before_as_of <= {{ days_between('first_day.first_date', 'as_of.as_of_date') }}

)

select * from final
