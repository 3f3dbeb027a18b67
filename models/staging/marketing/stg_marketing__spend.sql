with

base_spend as (

    select * from {{ ref('base_marketing__spend') }}

),

final as (

    select
        spend_date,
        channel,
        campaign_id,
        spend_amount,
        currency_code,
        loaded_at
    from base_spend
    where reject_reason is null

)

select * from final
