-- On the as-of date, fct_lead_temperature_daily counts what dim_leads shows: the leads of each
-- channel and temperature (the daily mart sums interval starts and ends; dim_leads reads
-- int_leads__temperature_assigned). Returns the channel and temperature pairs that differ.
with

daily as (

    select * from {{ ref('fct_lead_temperature_daily') }}

),

leads as (

    select * from {{ ref('dim_leads') }}

),

as_of_counts as (

    select
        daily.channel,
        daily.temperature,
        daily.lead_count
    from daily
    where daily.calendar_date = (select max(leads.as_of_date) from leads)

),

dim_counts as (

    select
        channel,
        temperature,
        count(*) as lead_count
    from leads
    -- the leads with a temperature history by then: created, or interested, by the as-of date
    where cast(created_at as date) <= as_of_date or first_interest_at is not null
    group by channel, temperature

)

select
    coalesce(as_of_counts.channel, dim_counts.channel) as channel,
    coalesce(as_of_counts.temperature, dim_counts.temperature) as temperature,
    as_of_counts.lead_count as daily_lead_count,
    dim_counts.lead_count as dim_leads_lead_count
from as_of_counts
full outer join dim_counts
    on
        as_of_counts.channel = dim_counts.channel
        and as_of_counts.temperature = dim_counts.temperature
where coalesce(as_of_counts.lead_count, 0) != coalesce(dim_counts.lead_count, 0)
