-- One row per campaign, plus one placeholder row campaign_id = 'no_campaign' that stands for
-- leads and spend without a campaign.
with

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

with_placeholder as (

    select
        campaign_id,
        campaign_name,
        channel,
        started_on,
        ended_on,
        false as is_placeholder
    from campaigns

    union all

    select
        'no_campaign' as campaign_id,
        'No campaign' as campaign_name,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as date) as started_on,
        cast(null as date) as ended_on,
        true as is_placeholder

),

final as (

    select
        cast(campaign_id as varchar) as campaign_id,
        cast(campaign_name as varchar) as campaign_name,
        cast(channel as varchar) as channel,
        cast(started_on as date) as started_on,
        cast(ended_on as date) as ended_on,
        cast(is_placeholder as boolean) as is_placeholder
    from with_placeholder

)

select * from final
