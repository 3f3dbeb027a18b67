with

base_activities as (

    select * from {{ ref('base_marketing__activities') }}

),

final as (

    select
        activity_id,
        lead_id,
        email,
        activity_type,
        occurred_at,
        campaign_id,
        channel,
        loaded_at
    from base_activities
    where reject_reason is null

)

select * from final
