-- sqlfluff:dialect:postgres
-- Lint harness of `leadwh lint-macros` (never run): the portable (`default__`, PostgreSQL)
-- variants of the dispatched macros, which a DuckDB build never renders.
with raw_values as (

    select
        cast('x' as varchar) as raw_value,
        cast(1 as numeric) as amount

)

select
    {{ default__clean_text('raw_value') }} as cleaned_text,
    {{ default__trim_spaces('raw_value') }} as trimmed_text,
    {{ default__fold_lookalike_characters('raw_value') }} as folded_text,
    {{ default__normalize_key('raw_value') }} as normalized_key,
    {{ default__normalize_phone('raw_value') }} as normalized_phone,
    {{ default__regex_full_match('raw_value', '[0-9]+') }} as is_number,
    {{ default__is_valid_email('raw_value') }} as is_valid_email,
    {{ default__parse_timestamp_utc('raw_value') }} as parsed_at,
    {{ default__amount_text('raw_value') }} as amount_text,
    {{ default__row_content_hash(['raw_value', 'amount']) }} as row_hash,
    {{ default__lookback_interval() }} as lookback
from raw_values;

select {{ default__median('amount') }} as median_amount
from raw_values;
