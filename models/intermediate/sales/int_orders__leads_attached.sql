-- One row per clean order with its canonical lead: by lead_id through the identity map, else by
-- the identity key of the order's email. Orders that match neither are kept ('unattached').
with

orders as (

    select * from {{ ref('stg_sales__orders') }}

),

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

identity_keys as (

    select distinct
        identity_key,
        canonical_lead_id
    from identities
    where identity_match_method = 'email'

),

final as (

    select
        orders.order_id,
        orders.lead_id,
        coalesce(by_lead_id.canonical_lead_id, by_email.canonical_lead_id) as canonical_lead_id,
        case
            when by_lead_id.canonical_lead_id is not null then 'lead_id'
            when by_email.canonical_lead_id is not null then 'email'
            else 'unattached'
        end as attach_method,
        orders.ordered_at,
        orders.order_amount,
        orders.currency_code,
        orders.order_status,
        orders.refunded_amount,
        orders.refunded_at
    from orders
    left join identities as by_lead_id
        on orders.lead_id = by_lead_id.lead_id
    left join identity_keys as by_email
        on {{ email_identity_key('orders.email') }} = by_email.identity_key

)

select * from final
