-- One row per canonical lead: its temperature at the as-of date (var as_of_date; default the date
-- of the latest activity in the data). hot: a hot-signal activity within var hot_window_days days
-- before the as-of date; warm: a meaningful (warm or hot signal) activity within var
-- warm_window_days days; else cold. Unsubscribed leads are cold. Later activities are ignored.
{%- if var('as_of_date') -%}
    {%- set as_of_date_override = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- else -%}
    {%- set as_of_date_override = 'cast(null as date)' -%}
{%- endif %}
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

activities as (

    select * from {{ ref('int_activities__scored') }}

),

all_activities as (

    select * from {{ ref('int_activities__leads_attached') }}

),

as_of as (

    select coalesce({{ as_of_date_override }}, cast(max(occurred_at) as date)) as as_of_date
    from all_activities

),

activities_to_date as (

    select activities.*
    from activities
    cross join as_of
    where cast(activities.occurred_at as date) <= as_of.as_of_date

),

activity_summary as (

    select
        canonical_lead_id,
        max(
            case when temperature_signal in ('warm', 'hot') then occurred_at end
        ) as last_meaningful_activity_at,
        max(case when temperature_signal = 'hot' then occurred_at end) as last_hot_activity_at,
        max(case when is_unsubscribe then 1 else 0 end) as unsubscribe_flag
    from activities_to_date
    group by canonical_lead_id

),

joined as (

    select
        leads.canonical_lead_id,
        leads.lead_key,
        as_of.as_of_date,
        activity_summary.last_meaningful_activity_at,
        activity_summary.last_hot_activity_at,
        coalesce(activity_summary.unsubscribe_flag, 0) = 1 as is_unsubscribed_as_of,
        {{ dbt.datediff('activity_summary.last_hot_activity_at', 'as_of.as_of_date', 'day') }}
            as days_since_hot_activity,
        {{ dbt.datediff('activity_summary.last_meaningful_activity_at', 'as_of.as_of_date', 'day') }}
            as days_since_meaningful_activity
    from leads
    cross join as_of
    left join activity_summary
        on leads.canonical_lead_id = activity_summary.canonical_lead_id

),

final as (

    select
        canonical_lead_id,
        lead_key,
        as_of_date,
        last_meaningful_activity_at,
        last_hot_activity_at,
        is_unsubscribed_as_of,
        case
            when is_unsubscribed_as_of then 'cold'
            when days_since_hot_activity <= {{ var('hot_window_days') }} then 'hot'
            when days_since_meaningful_activity <= {{ var('warm_window_days') }} then 'warm'
            else 'cold'
        end as temperature
    from joined

)

select * from final
