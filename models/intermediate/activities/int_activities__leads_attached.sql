-- depends_on: {{ ref('base_crm__leads') }}
-- depends_on: {{ ref('base_marketing__activities') }}
{#- Incremental (docs/architecture.md "Incremental models"; the plumbing is in
    macros/incremental/activity_attachment.sql): a run re-attaches the clean activities loaded
    in the window (latest loaded_at here minus var incremental_lookback_days) and every activity
    whose attachment may have changed because a lead was loaded in the window. Of the rows read
    again, only those that differ from the stored row are written: an unchanged row keeps its
    attached_at, so int_leads__activities_aggregated recomputes only the leads whose activities
    changed. Activities whose latest version became unusable are deleted (post-hook). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='fail',
        pre_hook=activity_attachment_pre_hooks(),
        post_hook=activity_attachment_post_hooks()
    )
}}
-- One row per clean activity, attached to its canonical lead: by lead_id through the identity
-- map, else by the identity key of its email; activities that match neither are kept as
-- 'unattached' so nothing is lost. The one stored copy of the activity stream after staging:
-- only what the models after it read (the scoring rule of the activity type is joined in
-- int_leads__activities_aggregated; campaign and channel stay in stg_marketing__activities).
with

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

{% if is_incremental() %}
    {{ activities_to_reattach_ctes() }}
{% endif %}

activities as (

    {{ activities_to_attach(ref('stg_marketing__activities')) }}

),

identity_keys as (

    select distinct
        identity_key,
        canonical_lead_id
    from identities
    where identity_match_method = 'email'

),

attached_by_lead_id as (

    select
        activities.*,
        by_lead_id.canonical_lead_id as lead_id_canonical_lead_id
    from activities
    left join identities as by_lead_id
        on activities.lead_id = by_lead_id.lead_id

),

keyed_activities as (

    -- the email's identity key only where the lead id found no lead: a lead id match always
    -- wins, and hashing every activity's email was a large part of this model's time
    select
        *,
        case
            when lead_id_canonical_lead_id is null then {{ email_identity_key('email') }}
        end as email_identity_key
    from attached_by_lead_id

),

attached as (

    select
        keyed_activities.*,
        coalesce(
            keyed_activities.lead_id_canonical_lead_id, by_email.canonical_lead_id
        ) as canonical_lead_id,
        case
            when keyed_activities.lead_id_canonical_lead_id is not null then 'lead_id'
            when by_email.canonical_lead_id is not null then 'email'
            else 'unattached'
        end as attach_method
    from keyed_activities
    left join identity_keys as by_email
        on keyed_activities.email_identity_key = by_email.identity_key

),

final as (

    select
        attached.activity_id,
        attached.lead_id,
        attached.canonical_lead_id,
        attached.attach_method,
        attached.activity_type,
        attached.occurred_at,
        attached.email_identity_key,
        attached.loaded_at,
        {{ run_started_timestamp() }} as attached_at,
        {{ previous_canonical_lead('attached') }} as previous_canonical_lead_id,
        {{ reference_fingerprint_column() }}
    from attached
    {{ only_changed_attachments('attached') }}

)

select * from final
