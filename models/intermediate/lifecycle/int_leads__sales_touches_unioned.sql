-- One row per sales touch of a canonical lead: a sales-touch activity
-- (int_activities__sales_touches_filtered: a call by default) or an opportunity created (sales
-- working a deal with the lead). int_lead_handovers__timed finds the first touch after a handover.
with

sales_touches as (

    select * from {{ ref('int_activities__sales_touches_filtered') }}
    where canonical_lead_id is not null

),

opportunities as (

    select * from {{ ref('int_opportunities__leads_attached') }}
    where canonical_lead_id is not null

),

final as (

    select
        canonical_lead_id,
        activity_id as touch_id,
        occurred_at as touched_at,
        activity_type as touch_type
    from sales_touches

    union all

    select
        canonical_lead_id,
        opportunity_id as touch_id,
        created_at as touched_at,
        'opportunity' as touch_type
    from opportunities

)

select * from final
