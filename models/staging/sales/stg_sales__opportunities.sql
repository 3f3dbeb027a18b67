with

base_opportunities as (

    select * from {{ ref('base_sales__opportunities') }}

),

final as (

    select
        opportunity_id,
        lead_id,
        opportunity_stage,
        is_won,
        is_lost,
        amount,
        currency_code,
        created_at,
        closed_at,
        loaded_at
    from base_opportunities
    where reject_reason is null

)

select * from final
