-- One row per calendar day: the time spine MetricFlow joins metrics to (metric_time, the weeks,
-- months, quarters and years of a day, and the conversion windows). It spans the years the
-- warehouse can hold data for, generously; a day outside it cannot be a metric_time.
with

days as (

    {{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2036-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
