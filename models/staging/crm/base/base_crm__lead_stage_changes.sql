{#- A table, not a view (docs/architecture.md "Incremental models"): its staging model, the
    rejects union and the raw row reconciliation read it, and a view was parsed again by each of
    them on every run. -#}
{{ config(materialized='table') }}
{#- Every distinct raw stage-change row, parsed, with the reason it cannot be used (reject_reason,
    null = usable). A change is an event: its key is (lead, stage, changed_at) as landed, so a
    replay loaded again later is a superseded version of the same change. Reasons in priority
    order: missing_lead_id, missing_stage, superseded_version, invalid_changed_at,
    future_changed_at (later than `_loaded_at`). The table is optional (may be absent). #}

with

raw_stage_changes as (

    select * from {{ source('crm', 'lead_stage_changes') }}

),

distinct_rows as (

    -- exact loader duplicates (identical in every column, _loaded_at included) collapse to one row
    select distinct * from raw_stage_changes

),

parsed as (

    select
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('stage') }} as crm_stage,
        {{ normalize_key(clean_text('stage')) }} as crm_stage_key,
        {{ parse_timestamp_utc('changed_at') }} as changed_at,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ dbt.concat([
            "coalesce(" ~ clean_text('lead_id') ~ ", '')", "'|'",
            "coalesce(" ~ clean_text('stage') ~ ", '')", "'|'",
            "coalesce(" ~ clean_text('changed_at') ~ ", '')",
        ]) }} as change_key,
        {{ row_content_hash(['lead_id', 'stage', 'changed_at', '_loaded_at']) }} as row_hash
    from distinct_rows

),

versioned as (

    select
        *,
        row_number() over (
            partition by change_key
            order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
        ) as version_rank
    from parsed

),

final as (

    select
        lead_id,
        crm_stage,
        crm_stage_key,
        changed_at,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        {{ raw_row_key('change_key') }} as raw_key,
        version_rank,
        case
            when lead_id is null then 'missing_lead_id'
            when crm_stage_key is null then 'missing_stage'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when changed_at is null then 'invalid_changed_at'
            when changed_at > coalesce(loaded_at, {{ run_started_timestamp() }}) then 'future_changed_at'
        end as reject_reason
    from versioned

)

select * from final
