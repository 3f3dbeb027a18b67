-- depends_on: {{ ref('sales_orders') }}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='raw_key',
        on_schema_change='fail',
        pre_hook=incremental_base_model_pre_hooks('sales', 'orders', 'order_id')
    )
}}
{#- Every distinct raw order row, parsed and normalised, with the reason it cannot be used
    (reject_reason, null = usable). Reasons in priority order (the first failing rule wins):
    missing_order_id, superseded_version, missing_customer_reference, invalid_ordered_at,
    future_ordered_at, non_numeric_amount / ambiguous_amount / amount_out_of_range (order or
    refund amount, see parse_amount), negative_amount (order or refund amount), unknown_currency,
    unknown_status, refund_exceeds_amount. #}

with

raw_orders as (

    -- incremental: the raw rows loaded in the window, every version of their keys and every
    -- keyless row (docs/architecture.md "Incremental models")
    {{ raw_rows_for_base_model(source('sales', 'orders'), 'order_id') }}

),

currency_rates as (

    select * from {{ ref('currency_rates') }}

),

distinct_rows as (

    -- exact loader duplicates (identical in every column, _loaded_at included) collapse to one row
    select distinct * from raw_orders

),

parsed as (

    select
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ parse_timestamp_utc('ordered_at') }} as ordered_at,
        {{ parse_amount('amount', 'currency') }} as order_amount,
        {{ amount_reject_reason('amount', 'currency') }} as order_amount_issue,
        upper({{ clean_text('currency') }}) as currency_code,
        lower({{ clean_text('status') }}) as order_status,
        {{ parse_amount('refunded_amount', 'currency') }} as refunded_amount_parsed,
        {{ amount_reject_reason('refunded_amount', 'currency') }} as refunded_amount_issue,
        {{ parse_timestamp_utc('refunded_at') }} as refunded_at,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ row_content_hash([
            'order_id', 'lead_id', 'email', 'ordered_at', 'amount', 'currency', 'status',
            'refunded_amount', 'refunded_at', '_loaded_at',
        ]) }} as row_hash
    from distinct_rows

),

checked as (

    select
        parsed.*,
        {{ is_valid_email('parsed.email_normalized') }} as is_email_valid,
        cast(coalesce(parsed.refunded_amount_parsed, 0) as decimal(18, 2)) as refunded_amount,
        currency_rates.currency_code is not null as is_known_currency
    from parsed
    left join currency_rates
        on parsed.currency_code = upper(trim(currency_rates.currency_code))

),

versioned as (

    select
        *,
        row_number() over (
            partition by order_id
            order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
        ) as version_rank
    from checked

),

final as (

    select
        order_id,
        lead_id,
        case when is_email_valid then email_normalized end as email,
        ordered_at,
        order_amount,
        currency_code,
        order_status,
        refunded_amount,
        refunded_at,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        {{ raw_row_key('order_id') }} as raw_key,
        version_rank,
        case
            when order_id is null then 'missing_order_id'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when lead_id is null and not is_email_valid then 'missing_customer_reference'
            when ordered_at is null then 'invalid_ordered_at'
            when ordered_at > coalesce(loaded_at, {{ run_started_timestamp() }}) then 'future_ordered_at'
            when order_amount is null or refunded_amount_issue is not null
                then coalesce(order_amount_issue, refunded_amount_issue, 'non_numeric_amount')
            when order_amount < 0 or refunded_amount < 0 then 'negative_amount'
            when not is_known_currency then 'unknown_currency'
            when
                order_status is null
                or order_status not in ({{ sql_string_list(order_statuses()) }})
                then 'unknown_status'
            when refunded_amount > order_amount then 'refund_exceeds_amount'
        end as reject_reason,
        {{ reference_fingerprint_column() }}
    from versioned

)

select * from final
