-- The currency_rates table must be expressed in the reporting currency (var reporting_currency):
-- that currency converts to itself at exactly 1. Fails when the var and the rates disagree.
with

rates as (

    select * from {{ ref('currency_rates') }}

),

reporting as (

    select count(*) as matching_rates
    from rates
    where
        currency_code = '{{ var("reporting_currency") }}'
        and rate_to_reporting_currency = 1

)

select matching_rates
from reporting
where matching_rates != 1
