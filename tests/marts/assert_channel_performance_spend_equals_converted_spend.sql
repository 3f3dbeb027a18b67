-- Spend reconciles with the clean spend: the total spend of fct_channel_performance equals the
-- clean spend rows converted here independently (amount x rate of the currency_rates table),
-- within half a cent per spend row for rounding.
with

clean_spend as (

    select
        sum(spend.spend_amount * rates.rate_to_reporting_currency) as converted_spend,
        count(*) as spend_rows
    from {{ ref('stg_marketing__spend') }} as spend
    left join {{ ref('currency_rates') }} as rates
        on spend.currency_code = rates.currency_code

),

mart_spend as (

    select sum(spend) as mart_spend
    from {{ ref('fct_channel_performance') }}

)

select
    clean_spend.converted_spend,
    clean_spend.spend_rows,
    mart_spend.mart_spend
from clean_spend
cross join mart_spend
where
    abs(coalesce(mart_spend.mart_spend, 0) - coalesce(clean_spend.converted_spend, 0))
    > 0.005 * clean_spend.spend_rows
    or (clean_spend.spend_rows > 0 and clean_spend.converted_spend is null)
