-- depends_on: {{ ref('marketing_campaigns') }}
{#- A table, not a view (docs/architecture.md "Incremental models"): its staging model, the
    rejects union and the raw row reconciliation read it, and a view was parsed again by each of
    them on every run. -#}
{{ config(materialized='table') }}
{#- Every distinct raw campaign row, parsed, with the reason it cannot be used (reject_reason,
    null = usable). Reasons in priority order (the first failing rule wins):
    missing_campaign_id, superseded_version, unknown_channel, missing_campaign_name,
    invalid_started_on, ended_before_started (a campaign needs a name and a start, and cannot end
    before it starts, to be reported; the leads and spend
    that refer to a quarantined campaign resolve to dim_campaigns' 'Unknown campaign' row). #}

with

raw_campaigns as (

    select * from {{ source('marketing', 'campaigns') }}

),

channels as (

    select * from {{ ref('channels') }}

),

distinct_rows as (

    -- exact loader duplicates (identical in every column, _loaded_at included) collapse to one row
    select distinct * from raw_campaigns

),

parsed as (

    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        lower({{ clean_text('channel') }}) as channel,
        {{ parse_date('started_on') }} as started_on,
        {{ parse_date('ended_on') }} as ended_on,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ row_content_hash([
            'campaign_id', 'campaign_name', 'channel', 'started_on', 'ended_on', '_loaded_at',
        ]) }} as row_hash
    from distinct_rows

),

checked as (

    select
        parsed.*,
        channels.channel is not null as is_known_channel
    from parsed
    left join channels
        on parsed.channel = lower(trim(channels.channel))

),

versioned as (

    select
        *,
        row_number() over (
            partition by campaign_id
            order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
        ) as version_rank
    from checked

),

final as (

    select
        campaign_id,
        campaign_name,
        channel,
        started_on,
        ended_on,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        {{ raw_row_key('campaign_id') }} as raw_key,
        version_rank,
        case
            when campaign_id is null then 'missing_campaign_id'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when not is_known_channel then 'unknown_channel'
            when campaign_name is null then 'missing_campaign_name'
            when started_on is null then 'invalid_started_on'
            when ended_on < started_on then 'ended_before_started'
        end as reject_reason
    from versioned

)

select * from final
