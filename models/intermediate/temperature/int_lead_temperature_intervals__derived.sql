-- One row per canonical lead and interval of one temperature: valid_from (inclusive) to
-- valid_to (exclusive; null = still the lead's temperature on the as-of date). The rules are
-- int_leads__temperature_assigned's, applied to every day up to the as-of date: cold from the
-- lead's first day (its creation, or its first interest when earlier) until its first interest
-- (a warm or hot activity, or evidence of IQL or a later stage); warm from then on; hot for
-- its hot periods (int_lead_hot_periods__merged: the day of a hot-signal activity and the
-- var hot_window_days days after it, never from the day the lead unsubscribed).
-- Evidence after the as-of date is ignored.
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

activity_summaries as (

    select * from {{ ref('int_leads__activities_aggregated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

hot_periods as (

    select * from {{ ref('int_lead_hot_periods__merged') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

lead_dates as (

    select
        leads.canonical_lead_id,
        leads.channel,
        cast(leads.created_at as date) as created_date,
        cast(least(activity_summaries.first_meaningful_activity_at, stages.first_interest_at) as date)
            as interest_date
    from leads
    inner join stages
        on leads.canonical_lead_id = stages.canonical_lead_id
    left join activity_summaries
        on leads.canonical_lead_id = activity_summaries.canonical_lead_id

),

changes as (

    -- the days a lead's temperature changes; on one day a later rule wins (hot > warm > cold)
    select
        canonical_lead_id,
        created_date as valid_from,
        'cold' as temperature,
        1 as priority
    from lead_dates
    where interest_date is null or created_date < interest_date
    union all
    select
        canonical_lead_id,
        interest_date as valid_from,
        'warm' as temperature,
        2 as priority
    from lead_dates
    where interest_date is not null
    union all
    select
        canonical_lead_id,
        hot_from as valid_from,
        'hot' as temperature,
        3 as priority
    from hot_periods
    union all
    select
        canonical_lead_id,
        hot_to as valid_from,
        'warm' as temperature,
        2 as priority
    from hot_periods

),

kept_changes as (

    select
        changes.canonical_lead_id,
        changes.valid_from,
        changes.temperature,
        row_number() over (
            partition by changes.canonical_lead_id, changes.valid_from order by changes.priority desc
        ) as priority_rank
    from changes
    cross join as_of
    where changes.valid_from <= as_of.as_of_date

),

final as (

    select
        kept_changes.canonical_lead_id,
        lead_dates.channel,
        kept_changes.temperature,
        cast(kept_changes.valid_from as date) as valid_from,
        cast(
            lead(kept_changes.valid_from) over (
                partition by kept_changes.canonical_lead_id order by kept_changes.valid_from
            ) as date
        ) as valid_to,
        lag(kept_changes.temperature) over (
            partition by kept_changes.canonical_lead_id order by kept_changes.valid_from
        ) as previous_temperature
    from kept_changes
    inner join lead_dates
        on kept_changes.canonical_lead_id = lead_dates.canonical_lead_id
    where kept_changes.priority_rank = 1

)

select * from final
