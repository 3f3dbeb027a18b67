-- Question: is nurturing moving leads from cold to warm to hot, week by week? For each week (the
-- engine's week start: Monday on DuckDB and PostgreSQL), the leads of each temperature on the
-- week's last day in the data, and how many leads moved into warm and into hot during the week.
with

daily as (

    select * from {{ ref('fct_lead_temperature_daily') }}

),

weekly as (

    select
        {{ dbt.date_trunc('week', 'calendar_date') }} as week_start,
        max(calendar_date) as last_day,
        sum(case when temperature = 'warm' then leads_entered else 0 end) as leads_entered_warm,
        sum(case when temperature = 'hot' then leads_entered else 0 end) as leads_entered_hot
    from daily
    group by {{ dbt.date_trunc('week', 'calendar_date') }}

),

final as (

    select
        weekly.week_start,
        sum(case when daily.temperature = 'cold' then daily.lead_count else 0 end) as cold_leads,
        sum(case when daily.temperature = 'warm' then daily.lead_count else 0 end) as warm_leads,
        sum(case when daily.temperature = 'hot' then daily.lead_count else 0 end) as hot_leads,
        max(weekly.leads_entered_warm) as leads_entered_warm,
        max(weekly.leads_entered_hot) as leads_entered_hot
    from weekly
    inner join daily
        on weekly.last_day = daily.calendar_date
    group by weekly.week_start

)

select * from final
order by week_start
