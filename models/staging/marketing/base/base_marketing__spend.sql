-- depends_on: {{ ref('marketing_spend') }}
{#- A table, not a view (docs/architecture.md "Incremental models"): its staging model, the
    rejects union and the raw row reconciliation read it, and a view was parsed again by each of
    them on every run. -#}
{{ config(materialized='table') }}
{#- Every distinct raw spend row, parsed, with the reason it cannot be used (reject_reason,
    null = usable). Key: (spend_date, channel, campaign_id). Reasons in priority order (the first
    failing rule wins): invalid_spend_date, superseded_version, non_numeric_amount /
    ambiguous_amount / amount_out_of_range (see parse_amount),
    negative_amount, unknown_currency, unknown_channel. The version check comes right after the
    date because the date is part of the key; the latest version of a key wins even when it is
    itself unusable (a later correction is never silently replaced by an older value). #}

with

raw_spend as (

    select * from {{ source('marketing', 'spend') }}

),

channels as (

    select * from {{ ref('channels') }}

),

currency_rates as (

    select * from {{ ref('currency_rates') }}

),

distinct_rows as (

    -- exact loader duplicates (identical in every column, _loaded_at included) collapse to one row
    select distinct * from raw_spend

),

parsed as (

    select
        {{ parse_date('spend_date') }} as spend_date,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ parse_amount('amount', 'currency') }} as spend_amount,
        {{ amount_reject_reason('amount', 'currency') }} as spend_amount_issue,
        upper({{ clean_text('currency') }}) as currency_code,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ dbt.concat([
            "coalesce(" ~ clean_text('spend_date') ~ ", '')", "'|'",
            "coalesce(" ~ clean_text('channel') ~ ", '')", "'|'",
            "coalesce(" ~ clean_text('campaign_id') ~ ", '')",
        ]) }} as raw_key,
        {{ row_content_hash([
            'spend_date', 'channel', 'campaign_id', 'amount', 'currency', '_loaded_at',
        ]) }} as row_hash
    from distinct_rows

),

checked as (

    select
        parsed.*,
        channels.channel is not null as is_known_channel,
        currency_rates.currency_code is not null as is_known_currency
    from parsed
    left join channels
        on parsed.channel = lower(trim(channels.channel))
    left join currency_rates
        on parsed.currency_code = upper(trim(currency_rates.currency_code))

),

versioned as (

    select
        *,
        row_number() over (
            partition by spend_date, channel, campaign_id
            order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
        ) as version_rank
    from checked

),

final as (

    select
        spend_date,
        channel,
        campaign_id,
        spend_amount,
        currency_code,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        raw_key,
        version_rank,
        case
            when spend_date is null then 'invalid_spend_date'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when spend_amount is null then coalesce(spend_amount_issue, 'non_numeric_amount')
            when spend_amount < 0 then 'negative_amount'
            when not is_known_currency then 'unknown_currency'
            when not is_known_channel then 'unknown_channel'
        end as reject_reason
    from versioned

)

select * from final
