-- Opportunities that do not attach to a lead are kept (null canonical lead), not dropped:
-- attached plus unattached opportunities equal the clean opportunities.
with

clean as (

    select count(*) as clean_opportunities
    from {{ ref('stg_sales__opportunities') }}

),

attached as (

    select
        sum(case when attach_method != 'unattached' then 1 else 0 end) as attached_opportunities,
        sum(case when attach_method = 'unattached' then 1 else 0 end) as unattached_opportunities
    from {{ ref('int_opportunities__leads_attached') }}

)

select
    clean.clean_opportunities,
    attached.attached_opportunities,
    attached.unattached_opportunities
from clean
cross join attached
where attached.attached_opportunities + attached.unattached_opportunities != clean.clean_opportunities
