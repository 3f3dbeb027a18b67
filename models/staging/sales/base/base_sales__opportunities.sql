-- depends_on: {{ ref('sales_opportunities') }}
{#- A table, not a view (docs/architecture.md "Incremental models"): its staging model, the
    rejects union and the raw row reconciliation read it, and a view was parsed again by each of
    them on every run. -#}
{{ config(materialized='table') }}
{#- Every distinct raw opportunity row, parsed, with the reason it cannot be used (reject_reason,
    null = usable). Reasons in priority order (the first failing rule wins):
    missing_opportunity_id, superseded_version, missing_lead_id, invalid_created_at,
    future_created_at, unknown_stage, non_numeric_amount / ambiguous_amount / amount_out_of_range
    (see parse_amount), negative_amount, unknown_currency.
    An empty amount is allowed (deal not sized yet); its currency is then not checked. #}

with

raw_opportunities as (

    select * from {{ source('sales', 'opportunities') }}

),

currency_rates as (

    select * from {{ ref('currency_rates') }}

),

distinct_rows as (

    -- exact loader duplicates (identical in every column, _loaded_at included) collapse to one row
    select distinct * from raw_opportunities

),

parsed as (

    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ normalize_key(clean_text('stage'), '_') }} as opportunity_stage,
        {{ parse_amount('amount', 'currency') }} as amount,
        {{ amount_reject_reason('amount', 'currency') }} as amount_issue,
        upper({{ clean_text('currency') }}) as currency_code,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('closed_at') }} as closed_at,
        {{ parse_timestamp_utc('_loaded_at') }} as loaded_at,
        {{ row_content_hash([
            'opportunity_id', 'lead_id', 'stage', 'amount', 'currency', 'created_at', 'closed_at',
            '_loaded_at',
        ]) }} as row_hash
    from distinct_rows

),

checked as (

    select
        parsed.*,
        currency_rates.currency_code is not null as is_known_currency
    from parsed
    left join currency_rates
        on parsed.currency_code = upper(trim(currency_rates.currency_code))

),

versioned as (

    select
        *,
        row_number() over (
            partition by opportunity_id
            order by {{ is_loaded_in_future('loaded_at') }}, loaded_at desc nulls last, row_hash desc
        ) as version_rank
    from checked

),

final as (

    select
        opportunity_id,
        lead_id,
        opportunity_stage,
        coalesce(opportunity_stage = 'closed_won', false) as is_won,
        coalesce(opportunity_stage = 'closed_lost', false) as is_lost,
        amount,
        currency_code,
        created_at,
        closed_at,
        {{ load_time_until_run_start('loaded_at') }} as loaded_at,
        {{ raw_row_key('opportunity_id') }} as raw_key,
        version_rank,
        case
            when opportunity_id is null then 'missing_opportunity_id'
            when {{ is_loaded_in_future('loaded_at') }} then 'future_loaded_at'
            when version_rank > 1 then 'superseded_version'
            when lead_id is null then 'missing_lead_id'
            when created_at is null then 'invalid_created_at'
            when created_at > coalesce(loaded_at, {{ run_started_timestamp() }}) then 'future_created_at'
            when
                opportunity_stage is null
                or opportunity_stage not in ({{ sql_string_list(opportunity_stages()) }})
                then 'unknown_stage'
            when amount_issue is not null then amount_issue
            when amount < 0 then 'negative_amount'
            when amount is not null and not is_known_currency then 'unknown_currency'
        end as reject_reason
    from versioned

)

select * from final
