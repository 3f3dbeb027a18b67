-- depends_on: {{ ref('base_crm__leads') }}
-- depends_on: {{ ref('base_marketing__activities') }}
{#- Incremental (docs/architecture.md "Incremental models"): a run re-attaches
    - the clean activities loaded in the window (latest loaded_at here minus var
      incremental_lookback_days), and
    - every activity whose attachment may have changed because a lead was loaded in the window
      (new lead, new version, soft delete): activities of those leads, of every lead sharing an
      identity with one of them, of canonical leads among them, and activities whose email has
      the identity key of one of them.
    Of the rows read again, only those that differ from the stored row are written: an unchanged
    row keeps its attached_at, so int_leads__activities_aggregated recomputes only the leads
    whose activities changed.
    Activities whose latest version became unusable are deleted (post-hook). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='fail',
        pre_hook=[
            "{{ reset_when_input_replaced('select count(*) from ' ~ ref('stg_marketing__activities'), input_max_sql='select max(loaded_at) from ' ~ ref('stg_marketing__activities'), this_max_sql='select max(loaded_at) from ' ~ this) }}",
            "{{ save_watermarks_before_insert() }}",
        ],
        post_hook=["{{ delete_rejected_activities() }}", "{{ drop_watermarks_before_insert() }}"]
    )
}}
-- One row per clean activity, attached to its canonical lead: by lead_id through the identity
-- map, else by the identity key of its email; activities that match neither are kept as
-- 'unattached' so nothing is lost. Only what the models after it read is stored: every column
-- of an 18M-row table costs time to write. The scoring rule of the activity type is joined where
-- it is used (int_leads__activities_aggregated); an activity's campaign and channel stay in
-- stg_marketing__activities (join on activity_id).
with

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

{% if is_incremental() %}

changed_leads as (

    -- every lead with a CRM row (any version, usable or not) loaded in the window
    select distinct lead_id
    from {{ ref('base_crm__leads') }}
    where loaded_at >= {{ incremental_window_start() }} and lead_id is not null

),

changed_identity_keys as (

    select distinct identity_key
    from identities
    where lead_id in (select changed_leads.lead_id from changed_leads)

),

affected_leads as (

    select changed_leads.lead_id from changed_leads
    union
    select identities.lead_id
    from identities
    where identity_key in (select changed_identity_keys.identity_key from changed_identity_keys)

),

reattached_activities as (

    -- the stored activities whose attachment may change, with their stored attachment (one scan:
    -- DuckDB turns the or-ed `in (...)` subqueries into hash joins on the small sides)
    select
        attached.activity_id,
        attached.canonical_lead_id,
        attached.attach_method,
        attached.email_identity_key
    from {{ this }} as attached
    where
        attached.lead_id in (select affected_leads.lead_id from affected_leads)
        or attached.canonical_lead_id in (select affected_leads.lead_id from affected_leads)
        or attached.email_identity_key in (
            select changed_identity_keys.identity_key from changed_identity_keys
        )

),

stored_window_activities as (

    -- the stored rows loaded in the window (the model's latest rows: DuckDB skips the row groups
    -- before the window by their min/max of loaded_at)
    select
        activity_id,
        lead_id,
        canonical_lead_id,
        attach_method,
        activity_type,
        occurred_at,
        email_identity_key,
        loaded_at
    from {{ this }}
    where loaded_at >= {{ incremental_window_start() }}

),

{% endif %}

activities as (

    {% if not is_incremental() %}
        select * from {{ ref('stg_marketing__activities') }}
    {% else %}
        -- loaded in the window (an emptied model, see reset_when_input_replaced, has the
        -- earliest possible window: everything) ...
        select
            *,
            false as is_read_for_attachment
        from {{ ref('stg_marketing__activities') }}
        where loaded_at >= {{ incremental_window_start() }}
        union all
        -- ... or without a load time (one branch each: an `or` would keep DuckDB from
        -- filtering the scan by the window, see incremental_window_start) ...
        select
            *,
            false as is_read_for_attachment
        from {{ ref('stg_marketing__activities') }}
        where loaded_at is null
        union all
        -- ... or loaded before it and re-attached (not the plain `loaded_at <` comparison: with
        -- it DuckDB misjudges the row count and builds its hash table on the 18M activities
        -- instead of the few re-attached ones, 3 s at tier L). Only the attachment of these
        -- can differ from the stored row: the rest is the version the model already holds.
        select
            *,
            true as is_read_for_attachment
        from {{ ref('stg_marketing__activities') }}
        where
            not coalesce(loaded_at >= {{ incremental_window_start() }}, true)
            and activity_id in (select reattached_activities.activity_id from reattached_activities)
    {% endif %}

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
        keyed_activities.activity_id,
        keyed_activities.lead_id,
        keyed_activities.activity_type,
        keyed_activities.occurred_at,
        keyed_activities.email_identity_key,
        keyed_activities.loaded_at,
        {% if is_incremental() -%}
            keyed_activities.is_read_for_attachment,
        {%- endif %}
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
        {{ reference_fingerprint_column() }}
    from attached
    {% if is_incremental() %}
        -- only rows that differ from the stored row are written (delete+insert leaves the others)
        where
            not exists (
                select 1
                from stored_window_activities as stored
                where
                    stored.activity_id = attached.activity_id
                    and stored.lead_id is not distinct from attached.lead_id
                    and stored.canonical_lead_id is not distinct from attached.canonical_lead_id
                    and stored.attach_method = attached.attach_method
                    and stored.activity_type = attached.activity_type
                    and stored.occurred_at = attached.occurred_at
                    and stored.email_identity_key is not distinct from attached.email_identity_key
                    and stored.loaded_at = attached.loaded_at
            )
            and not exists (
                select 1
                from reattached_activities as stored
                where
                    stored.activity_id = attached.activity_id
                    and attached.is_read_for_attachment
                    and stored.canonical_lead_id is not distinct from attached.canonical_lead_id
                    and stored.attach_method = attached.attach_method
                    and stored.email_identity_key is not distinct from attached.email_identity_key
            )
    {% endif %}

)

select * from final
