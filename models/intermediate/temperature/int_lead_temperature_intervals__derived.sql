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

hot_periods_of_leads as (

    select
        hot_periods.canonical_lead_id,
        lead_dates.channel,
        hot_periods.hot_from,
        hot_periods.hot_to
    from hot_periods
    inner join lead_dates
        on hot_periods.canonical_lead_id = lead_dates.canonical_lead_id

),

changes as (

    -- the days a lead's temperature changes, by priority: 1 cold, 2 warm, 3 hot
    select
        canonical_lead_id,
        channel,
        created_date as valid_from,
        1 as priority
    from lead_dates
    where interest_date is null or created_date < interest_date
    union all
    select
        canonical_lead_id,
        channel,
        interest_date as valid_from,
        2 as priority
    from lead_dates
    where interest_date is not null
    union all
    select
        canonical_lead_id,
        channel,
        hot_from as valid_from,
        3 as priority
    from hot_periods_of_leads
    union all
    select
        canonical_lead_id,
        channel,
        hot_to as valid_from,
        2 as priority
    from hot_periods_of_leads

),

kept_changes as (

    -- on one day the higher priority wins (a hot activity on the day of the first interest)
    select
        changes.canonical_lead_id,
        changes.channel,
        changes.valid_from,
        max(changes.priority) as priority
    from changes
    cross join as_of
    where changes.valid_from <= as_of.as_of_date
    group by changes.canonical_lead_id, changes.channel, changes.valid_from

),

sequenced as (

    select
        canonical_lead_id,
        channel,
        priority,
        valid_from,
        lead(valid_from) over (partition by canonical_lead_id order by valid_from) as valid_to,
        lag(priority) over (partition by canonical_lead_id order by valid_from) as previous_priority
    from kept_changes

),

final as (

    select
        canonical_lead_id,
        channel,
        {{ temperature_of_priority('priority') }} as temperature,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        {{ temperature_of_priority('previous_priority') }} as previous_temperature
    from sequenced

)

select * from final
