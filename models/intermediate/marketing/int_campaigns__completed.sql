-- Every campaign a mart can refer to: the campaign list, the placeholder 'no_campaign' for leads
-- and spend without a campaign, and an 'Unknown campaign' row for each campaign id that leads or
-- spend refer to but the campaign list lacks. dim_campaigns publishes it; marts join to it.
with

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

spend as (

    select * from {{ ref('int_marketing_spend__converted') }}

),

referenced_campaign_ids as (

    select first_campaign_id as campaign_id
    from leads
    where first_campaign_id is not null

    union

    select campaign_id
    from spend
    where campaign_id is not null

),

unknown_campaigns as (

    select referenced_campaign_ids.campaign_id
    from referenced_campaign_ids
    left join campaigns
        on referenced_campaign_ids.campaign_id = campaigns.campaign_id
    where campaigns.campaign_id is null

),

all_campaigns as (

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

    union all

    select
        campaign_id,
        'Unknown campaign' as campaign_name,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as date) as started_on,
        cast(null as date) as ended_on,
        true as is_placeholder
    from unknown_campaigns

)

select * from all_campaigns
