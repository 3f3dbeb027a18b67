-- depends_on: {{ ref('marketing_activities') }}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='raw_key',
        on_schema_change='fail',
        pre_hook=incremental_base_model_pre_hooks('marketing', 'activities', 'activity_id')
    )
}}
{#- Every distinct raw activity row, parsed and normalised, with the reason it cannot be used
    (reject_reason, null = usable). Reasons in priority order (the first failing rule wins):
    missing_activity_id, superseded_version, unknown_activity_type, invalid_occurred_at,
    future_occurred_at, missing_lead_reference. #}

with

raw_activities as (

    -- incremental: the raw rows loaded in the window, every version of their keys and every
    -- keyless row (docs/architecture.md "Incremental models")
    {{ raw_rows_for_base_model(source('marketing', 'activities'), 'activity_id') }}

),

activity_scoring_rules as (

    select * from {{ ref('activity_scoring_rules') }}

),

channels as (

    select * from {{ ref('channels') }}

),

parsed as (

    select
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ normalize_email('email') }} as email_normalized,
        lower({{ clean_text('activity_type') }}) as activity_type,
        {{ parse_timestamp_utc('occurred_at') }} as occurred_at,
        {{ clean_text('campaign_id') }} as campaign_id,
        lower({{ clean_text('channel') }}) as channel_raw,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ row_content_hash([
            'activity_id', 'lead_id', 'email', 'activity_type', 'occurred_at', 'campaign_id',
            'channel', '_loaded_at',
        ]) }} as row_hash
    from raw_activities

),

checked as (

    select
        parsed.*,
        {{ is_valid_email('parsed.email_normalized') }} as is_email_valid,
        activity_scoring_rules.activity_type is not null as is_known_activity_type,
        case
            when channels.channel is not null then channels.channel
            when parsed.channel_raw is not null then 'unknown'
        end as channel
    from parsed
    left join activity_scoring_rules
        on parsed.activity_type = lower(trim(activity_scoring_rules.activity_type))
    left join channels
        on parsed.channel_raw = lower(trim(channels.channel))

),

versioned as (

    -- One sort does both: the version rank of each row of a key, and exact loader duplicates
    -- (identical in every column, _loaded_at included, so the same row hash), which sort next
    -- to each other and collapse to one row (cheaper than a `select distinct *` first).
    select
        *,
        dense_rank() over key_versions as version_rank,
        coalesce(lag(row_hash) over key_versions = row_hash, false) as is_exact_copy
    from checked
    window key_versions as (
        partition by activity_id
        order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
    )

),

final as (

    select
        activity_id,
        lead_id,
        case when is_email_valid then email_normalized end as email,
        activity_type,
        occurred_at,
        campaign_id,
        channel,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        {{ raw_row_key('activity_id') }} as raw_key,
        version_rank,
        case
            when activity_id is null then 'missing_activity_id'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when not is_known_activity_type then 'unknown_activity_type'
            when occurred_at is null then 'invalid_occurred_at'
            when occurred_at > coalesce(loaded_at, {{ run_started_timestamp() }}) then 'future_occurred_at'
            when lead_id is null and not is_email_valid then 'missing_lead_reference'
        end as reject_reason,
        {{ reference_fingerprint_column() }}
    from versioned
    where not is_exact_copy

)

select * from final
