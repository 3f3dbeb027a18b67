-- One row per clean spend row (spend_date, channel, campaign_id) with the amount converted to the
-- reporting currency (var reporting_currency, rates from the currency_rates seed).
with

spend as (

    select * from {{ ref('stg_marketing__spend') }}

),

currency_rates as (

    -- Cast the rate so amount x rate stays a decimal on every engine (seeds may load it as a float).
    select
        currency_code,
        cast(rate_to_reporting_currency as {{ dbt.type_numeric() }}) as rate_to_reporting_currency
    from {{ ref('currency_rates') }}

),

final as (

    select
        spend.spend_date,
        {{ month_start('spend.spend_date') }} as spend_month,
        spend.channel,
        spend.campaign_id,
        spend.spend_amount,
        spend.currency_code,
        currency_rates.rate_to_reporting_currency,
        cast(
            round(spend.spend_amount * currency_rates.rate_to_reporting_currency, 2) as decimal(38, 2)
        ) as spend_reporting_amount
    from spend
    left join currency_rates
        on spend.currency_code = currency_rates.currency_code

)

select * from final
