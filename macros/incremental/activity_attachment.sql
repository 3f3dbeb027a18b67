{#- The incremental plumbing of int_activities__leads_attached (docs/architecture.md
    "Incremental models"), so the model itself reads as the business rule (attach by lead id,
    else by the email's identity key). -#}

{#- The model's hooks: reset when the clean activities were replaced, keep the window start
    from before the insert for the post-hook that deletes activities rejected since. -#}
{% macro activity_attachment_pre_hooks() -%}
    {{ return(["{{ reset_attachment_when_activities_replaced() }}", "{{ save_watermarks_before_insert() }}"]) }}
{%- endmacro %}

{% macro reset_attachment_when_activities_replaced() -%}
    {%- set activities = ref('stg_marketing__activities') -%}
    {{ reset_when_input_replaced(
        'select count(*) from ' ~ activities,
        input_max_sql='select max(loaded_at) from ' ~ activities,
        this_max_sql='select max(loaded_at) from ' ~ this
    ) }}
{%- endmacro %}

{% macro activity_attachment_post_hooks() -%}
    {{ return(["{{ delete_rejected_activities() }}", "{{ drop_watermarks_before_insert() }}"]) }}
{%- endmacro %}

{#- CTEs (each followed by a comma) of an incremental run: the stored activities whose
    attachment may change because a lead was loaded in the window (new lead, new version, soft
    delete) - activities of those leads, of every lead sharing an identity key with one of them,
    whose stored canonical lead is one of them, or whose email has the identity key of one of
    them - and the stored rows loaded in the window. Needs the CTE `identities`. -#}
{% macro activities_to_reattach_ctes() -%}
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

    -- one scan: DuckDB turns the or-ed `in (...)` subqueries into hash joins on the small sides
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

    -- DuckDB skips the row groups before the window by their min/max of loaded_at
    select
        stored_activity.activity_id,
        stored_activity.lead_id,
        stored_activity.canonical_lead_id,
        stored_activity.attach_method,
        stored_activity.activity_type,
        stored_activity.occurred_at,
        stored_activity.email_identity_key,
        stored_activity.loaded_at
    from {{ this }} as stored_activity
    where stored_activity.loaded_at >= {{ incremental_window_start() }}

),
{%- endmacro %}

{#- The clean activities a run attaches: all on a full build; incrementally those loaded in the
    window (an emptied model has the earliest window: everything), those without a load time,
    and those loaded before it and re-attached (is_read_for_attachment: only their attachment
    can differ from the stored row). One branch each: an `or` would keep DuckDB from filtering
    the scan by the window, and the plain `loaded_at <` comparison made it build its hash table
    on the 18M activities instead of the few re-attached ones (3 s at tier L). -#}
{% macro activities_to_attach(activities) -%}
    {%- if not is_incremental() %}
        select * from {{ activities }}
    {%- else %}
        select
            *,
            false as is_read_for_attachment
        from {{ activities }}
        where loaded_at >= {{ incremental_window_start() }}
        union all
        select
            *,
            false as is_read_for_attachment
        from {{ activities }}
        where loaded_at is null
        union all
        select
            *,
            true as is_read_for_attachment
        from {{ activities }}
        where
            not coalesce(loaded_at >= {{ incremental_window_start() }}, true)
            and activity_id in (select reattached_activities.activity_id from reattached_activities)
    {%- endif %}
{%- endmacro %}

{#- Filter (a `where` clause) of an incremental run: only rows that differ from the stored row
    are written (delete+insert leaves the others, which keep their attached_at). Nothing on a
    full build. -#}
{% macro only_changed_attachments(attached) -%}
    {%- if is_incremental() %}
        where
            not exists (
                select 1
                from stored_window_activities as stored_activity
                where
                    stored_activity.activity_id = {{ attached }}.activity_id
                    and stored_activity.lead_id is not distinct from {{ attached }}.lead_id
                    and stored_activity.canonical_lead_id is not distinct from {{ attached }}.canonical_lead_id
                    and stored_activity.attach_method = {{ attached }}.attach_method
                    and stored_activity.activity_type = {{ attached }}.activity_type
                    and stored_activity.occurred_at = {{ attached }}.occurred_at
                    and stored_activity.email_identity_key is not distinct from {{ attached }}.email_identity_key
                    and stored_activity.loaded_at = {{ attached }}.loaded_at
            )
            and not exists (
                select 1
                from reattached_activities as stored_activity
                where
                    stored_activity.activity_id = {{ attached }}.activity_id
                    and {{ attached }}.is_read_for_attachment
                    and stored_activity.canonical_lead_id is not distinct from {{ attached }}.canonical_lead_id
                    and stored_activity.attach_method = {{ attached }}.attach_method
                    and stored_activity.email_identity_key is not distinct from {{ attached }}.email_identity_key
            )
    {%- endif %}
{%- endmacro %}

{#- The canonical lead a written row had before this run (null on a full build, for a new
    activity, or a new version of one loaded before the window): the lead
    int_leads__activities_aggregated must recompute because it lost the activity. -#}
{% macro previous_canonical_lead(attached) -%}
    {%- if is_incremental() -%}
        coalesce(
            (
                select stored_activity.canonical_lead_id
                from stored_window_activities as stored_activity
                where stored_activity.activity_id = {{ attached }}.activity_id
            ),
            (
                select stored_activity.canonical_lead_id
                from reattached_activities as stored_activity
                where stored_activity.activity_id = {{ attached }}.activity_id
            )
        )
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
