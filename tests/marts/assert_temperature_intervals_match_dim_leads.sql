-- The temperature history agrees with today's label: for every lead, the interval of
-- int_lead_temperature_intervals__derived open on the as-of date (valid_to null) has the
-- temperature of dim_leads (a lead without one, created after the as-of date, is cold there).
-- Returns the leads that disagree.
with

leads as (

    select * from {{ ref('dim_leads') }}

),

current_intervals as (

    select * from {{ ref('int_lead_temperature_intervals__derived') }}
    where valid_to is null

)

select
    leads.canonical_lead_id,
    leads.temperature as dim_leads_temperature,
    current_intervals.temperature as interval_temperature
from leads
left join current_intervals
    on leads.canonical_lead_id = current_intervals.canonical_lead_id
where coalesce(current_intervals.temperature, 'cold') != leads.temperature
