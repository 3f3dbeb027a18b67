-- Nothing is lost when activities are attached to leads: attached (by lead_id or email) plus
-- unattached activities equal the clean activities, each clean activity exactly once.
with

clean as (

    select count(*) as clean_activities
    from {{ ref('stg_marketing__activities') }}

),

attached as (

    select
        sum(case when attach_method in ('lead_id', 'email') then 1 else 0 end) as attached_activities,
        sum(case when attach_method = 'unattached' then 1 else 0 end) as unattached_activities,
        count(distinct activity_id) as distinct_activities
    from {{ ref('int_activities__leads_attached') }}

)

select
    clean.clean_activities,
    attached.attached_activities,
    attached.unattached_activities,
    attached.distinct_activities
from clean
cross join attached
where
    attached.attached_activities + attached.unattached_activities != clean.clean_activities
    or attached.distinct_activities != clean.clean_activities
