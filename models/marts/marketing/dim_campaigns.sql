-- One row per campaign: every campaign of the campaign list, the placeholder 'no_campaign' for
-- leads and spend without a campaign, and an 'Unknown campaign' row for each campaign id that
-- leads or spend refer to but the campaign list does not have, so every reference resolves.
with

campaigns as (

    select * from {{ ref('int_campaigns__completed') }}

),

final as (

    select
        cast(campaign_id as varchar) as campaign_id,
        cast(campaign_name as varchar) as campaign_name,
        cast(channel as varchar) as channel,
        cast(started_on as date) as started_on,
        cast(ended_on as date) as ended_on,
        cast(is_placeholder as boolean) as is_placeholder
    from campaigns

)

select * from final
