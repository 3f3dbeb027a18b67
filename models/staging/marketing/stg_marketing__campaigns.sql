with

base_campaigns as (

    select * from {{ ref('base_marketing__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        channel,
        started_on,
        ended_on,
        loaded_at
    from base_campaigns
    where reject_reason is null

)

select * from final
