-- depends_on: {{ ref('crm_leads') }}
{#- An incremental table, not a view: three models read the leads, and parsing a million raw
    leads once per reader was most of their time; a daily run re-parses only the raw leads loaded
    in the window and every version of their keys (docs/architecture.md "Incremental models"). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='raw_key',
        on_schema_change='fail',
        pre_hook=incremental_base_model_pre_hooks('crm', 'leads', 'lead_id')
    )
}}
{%- set stage_columns = crm_lead_stage_columns() -%}
{%- set stage_sql = stage_columns.sql %}
{#- Every distinct raw lead row, parsed and normalised, with the first reject rule it fails
    (reject_reason, in the rules' priority order; null = usable). #}

with

raw_leads as (

    -- incremental: the raw rows loaded in the window, every version of their keys and every
    -- keyless row (docs/architecture.md "Incremental models")
    {{ raw_rows_for_base_model(source('crm', 'leads'), 'lead_id') }}

),

lead_source_channel_map as (

    select * from {{ ref('lead_source_channel_map') }}

),

parsed as (

    select
        {{ clean_text('lead_id') }} as lead_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ normalize_phone('phone') }} as phone,
        {{ clean_text('company') }} as company,
        {{ clean_text('job_title') }} as job_title,
        {{ clean_text('country') }} as country,
        {{ clean_text('lead_source') }} as lead_source,
        {{ clean_text('campaign_id') }} as campaign_id,
        lower({{ clean_text('status') }}) as lead_status,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        {{ parse_boolean_flag('is_deleted') }} as is_deleted,
        {{ clean_text(stage_sql['lifecycle_stage']) }} as crm_lifecycle_stage,
        {{ parse_timestamp_utc(stage_sql['lifecycle_stage_set_at']) }} as crm_lifecycle_stage_set_at,
        {{ parse_timestamp_utc(stage_sql['became_iql_at']) }} as crm_became_iql_at,
        {{ parse_timestamp_utc(stage_sql['became_mql_at']) }} as crm_became_mql_at,
        {{ parse_timestamp_utc(stage_sql['became_sql_at']) }} as crm_became_sql_at,
        {{ parse_timestamp_utc(stage_sql['became_opportunity_at']) }} as crm_became_opportunity_at,
        {{ parse_timestamp_utc(stage_sql['became_customer_at']) }} as crm_became_customer_at,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ row_content_hash([
            'lead_id', 'email', 'first_name', 'last_name', 'phone', 'company', 'job_title',
            'country', 'lead_source', 'campaign_id', 'created_at', 'updated_at', 'status',
            'is_deleted', '_loaded_at',
        ] + stage_columns.landed) }} as row_hash
    from raw_leads

),

channel_mapped as (

    select
        parsed.*,
        {{ is_valid_email('parsed.email_normalized') }} as is_email_valid,
        {{ is_test_or_internal_email('parsed.email_normalized') }} as is_test_or_internal,
        coalesce(lead_source_channel_map.channel, 'unknown') as channel,
        coalesce(lead_source_channel_map.source_type, 'unknown') as source_type
    from parsed
    left join lead_source_channel_map
        on {{ normalize_key('parsed.lead_source') }} = {{ normalize_key('lead_source_channel_map.lead_source_key') }}

),

versioned as (

    -- One sort does both: the version rank of each distinct row of a key, and exact loader
    -- duplicates (identical in every column, _loaded_at included, so the same row hash), which
    -- sort next to each other, share a dense rank and collapse to one row.
    select
        *,
        dense_rank() over key_versions as version_rank,
        coalesce(lag(row_hash) over key_versions = row_hash, false) as is_exact_copy
    from channel_mapped
    window key_versions as (
        partition by lead_id
        order by
            {{ is_loaded_in_future('loaded_at') }},
            loaded_at desc nulls last,
            updated_at desc nulls last,
            row_hash desc
    )

),

final as (

    select
        lead_id,
        case when is_email_valid then email_normalized end as email,
        is_email_valid,
        first_name,
        last_name,
        phone,
        company,
        job_title,
        country,
        lead_source,
        channel,
        source_type,
        campaign_id,
        lead_status,
        crm_lifecycle_stage,
        crm_lifecycle_stage_set_at,
        crm_became_iql_at,
        crm_became_mql_at,
        crm_became_sql_at,
        crm_became_opportunity_at,
        crm_became_customer_at,
        created_at,
        updated_at,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        is_deleted,
        is_test_or_internal,
        {{ raw_row_key('lead_id') }} as raw_key,
        version_rank,
        case
            when lead_id is null then 'missing_lead_id'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when is_deleted then 'soft_deleted'
            when is_test_or_internal then 'test_or_internal_lead'
            when created_at is null then 'invalid_created_at'
            when created_at > coalesce(loaded_at, {{ run_started_timestamp() }}) then 'future_created_at'
        end as reject_reason,
        {{ reference_fingerprint_column() }}
    from versioned
    where not is_exact_copy

)

select * from final
