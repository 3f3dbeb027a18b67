-- One row per clean opportunity with its canonical lead (by lead_id through the identity map).
-- Opportunities whose lead is unknown are kept with a null canonical lead ('unattached').
with

opportunities as (

    select * from {{ ref('stg_sales__opportunities') }}

),

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.lead_id,
        identities.canonical_lead_id,
        case
            when identities.canonical_lead_id is not null then 'lead_id'
            else 'unattached'
        end as attach_method,
        opportunities.opportunity_stage,
        opportunities.is_won,
        opportunities.is_lost,
        opportunities.amount,
        opportunities.currency_code,
        opportunities.created_at,
        opportunities.closed_at
    from opportunities
    left join identities
        on opportunities.lead_id = identities.lead_id

)

select * from final
