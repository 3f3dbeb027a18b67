-- One row per clean activity, attached to its canonical lead: by lead_id through the identity
-- map, else by the identity key of its email; activities that match neither are kept as
-- 'unattached' so nothing is lost. Carries the scoring rule of the activity type.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

scoring_rules as (

    select * from {{ ref('activity_scoring_rules') }}

),

identity_keys as (

    select distinct
        identity_key,
        canonical_lead_id
    from identities
    where identity_match_method = 'email'

),

attached as (

    select
        activities.activity_id,
        activities.lead_id,
        activities.activity_type,
        activities.occurred_at,
        activities.campaign_id,
        activities.channel,
        coalesce(by_lead_id.canonical_lead_id, by_email.canonical_lead_id) as canonical_lead_id,
        case
            when by_lead_id.canonical_lead_id is not null then 'lead_id'
            when by_email.canonical_lead_id is not null then 'email'
            else 'unattached'
        end as attach_method
    from activities
    left join identities as by_lead_id
        on activities.lead_id = by_lead_id.lead_id
    left join identity_keys as by_email
        on {{ email_identity_key('activities.email') }} = by_email.identity_key

),

final as (

    select
        attached.activity_id,
        attached.lead_id,
        attached.canonical_lead_id,
        attached.attach_method,
        attached.activity_type,
        attached.occurred_at,
        attached.campaign_id,
        attached.channel,
        cast(scoring_rules.points as {{ dbt.type_int() }}) as points,
        scoring_rules.stage_signal,
        scoring_rules.temperature_signal,
        cast(scoring_rules.is_unsubscribe as {{ dbt.type_boolean() }}) as is_unsubscribe
    from attached
    left join scoring_rules
        on attached.activity_type = scoring_rules.activity_type

)

select * from final
