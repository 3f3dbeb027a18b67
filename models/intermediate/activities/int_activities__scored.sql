-- Attached activities with the running (cumulative) score of their canonical lead, in the order
-- the activities happened (occurred_at, then activity_id). Unattached activities have no lead to
-- score and are left out here (they stay in int_activities__leads_attached).
with

activities as (

    select * from {{ ref('int_activities__leads_attached') }}
    where canonical_lead_id is not null

),

final as (

    select
        activity_id,
        canonical_lead_id,
        attach_method,
        activity_type,
        occurred_at,
        campaign_id,
        channel,
        points,
        stage_signal,
        temperature_signal,
        is_unsubscribe,
        sum(points) over (
            partition by canonical_lead_id
            order by occurred_at, activity_id
            rows between unbounded preceding and current row
        ) as cumulative_score
    from activities

)

select * from final
