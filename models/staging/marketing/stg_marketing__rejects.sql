with

base_activities as (

    select * from {{ ref('base_marketing__activities') }}

),

base_campaigns as (

    select * from {{ ref('base_marketing__campaigns') }}

),

base_spend as (

    select * from {{ ref('base_marketing__spend') }}

),

rejected_activities as (

    select
        'marketing.activities' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_activities
    where reject_reason is not null

),

rejected_campaigns as (

    select
        'marketing.campaigns' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_campaigns
    where reject_reason is not null

),

rejected_spend as (

    select
        'marketing.spend' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_spend
    where reject_reason is not null

),

final as (

    select * from rejected_activities
    union all
    select * from rejected_campaigns
    union all
    select * from rejected_spend

)

select * from final
