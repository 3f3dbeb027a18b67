-- Every lead is counted once in the funnel: the leads of fct_funnel_conversion (all cohorts and
-- channels), the rows of fct_lead_funnel and the leads created in fct_channel_performance all
-- equal the rows of dim_leads.
with

dim as (

    select count(*) as dim_leads
    from {{ ref('dim_leads') }}

),

conversion as (

    select sum(leads) as conversion_leads
    from {{ ref('fct_funnel_conversion') }}

),

funnel as (

    select count(*) as funnel_leads
    from {{ ref('fct_lead_funnel') }}

),

performance as (

    select sum(leads) as performance_leads
    from {{ ref('fct_channel_performance') }}

)

select
    dim.dim_leads,
    conversion.conversion_leads,
    funnel.funnel_leads,
    performance.performance_leads
from dim
cross join conversion
cross join funnel
cross join performance
where
    coalesce(conversion.conversion_leads, 0) != dim.dim_leads
    or funnel.funnel_leads != dim.dim_leads
    or coalesce(performance.performance_leads, 0) != dim.dim_leads
