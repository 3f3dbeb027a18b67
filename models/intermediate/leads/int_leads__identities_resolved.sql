-- One row per clean source lead: the canonical lead it belongs to.
-- Identity key = normalised email without `+tag`; leads without a valid email are their own identity.
-- Canonical lead = earliest created lead of the identity (ties: smallest lead_id).
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

keyed as (

    select
        lead_id,
        created_at,
        case
            when email is not null then {{ email_identity_key('email') }}
            else {{ dbt.concat(["'lead_id:'", 'lead_id']) }}
        end as identity_key,
        case when email is not null then 'email' else 'lead_id' end as identity_match_method
    from leads

),

final as (

    select
        lead_id,
        first_value(lead_id) over (
            partition by identity_key
            order by created_at, lead_id
            rows between unbounded preceding and unbounded following
        ) as canonical_lead_id,
        identity_key,
        identity_match_method
    from keyed

)

select * from final
