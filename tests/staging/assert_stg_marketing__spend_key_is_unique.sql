-- One clean spend row per (spend_date, channel, campaign_id); campaign_id may be null
-- (channel-level spend) and nulls group together.
select
    spend_date,
    channel,
    campaign_id,
    count(*) as row_count
from {{ ref('stg_marketing__spend') }}
group by spend_date, channel, campaign_id
having count(*) > 1
