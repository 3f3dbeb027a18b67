-- One row per canonical lead: its temperature and engagement recency at the as-of date
-- (int_as_of_dates__resolved). Temperature follows the domain brief: cold = has never shown
-- interest (no warm or hot activity, no evidence of IQL or a later stage, by the as-of date);
-- warm = has shown interest; hot = warm with a hot-signal activity within var hot_window_days
-- days before the as-of date (an unsubscribed lead is at most warm). Engagement recency is
-- separate: active = the latest warm or hot activity within var engagement_window_days, lapsed =
-- older, never = none. Activities and evidence after the as-of date are ignored.
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

activities as (

    select * from {{ ref('int_activities__leads_attached') }}

),

scoring_rules as (

    select * from {{ ref('activity_scoring_rules') }}

),

activity_summaries as (

    select * from {{ ref('int_leads__activities_aggregated') }}

),

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

activity_summary as (

    -- a lead's summary holds all of its activities: as it stands when none is after the as-of
    -- date (always so unless var as_of_date pins an earlier date) ...
    select
        activity_summaries.canonical_lead_id,
        activity_summaries.first_meaningful_activity_at,
        activity_summaries.last_meaningful_activity_at,
        activity_summaries.last_hot_activity_at,
        activity_summaries.is_unsubscribed
    from activity_summaries
    cross join as_of
    where cast(activity_summaries.last_activity_at as date) <= as_of.as_of_date
    union all
    -- ... else recomputed from the lead's activities up to the as-of date
    select
        activities.canonical_lead_id,
        min(
            case when scoring_rules.temperature_signal in ('warm', 'hot') then activities.occurred_at end
        ) as first_meaningful_activity_at,
        max(
            case when scoring_rules.temperature_signal in ('warm', 'hot') then activities.occurred_at end
        ) as last_meaningful_activity_at,
        max(case when scoring_rules.temperature_signal = 'hot' then activities.occurred_at end) as last_hot_activity_at,
        max(case when cast(scoring_rules.is_unsubscribe as {{ dbt.type_boolean() }}) then 1 else 0 end)
        = 1 as is_unsubscribed
    from activities
    cross join as_of
    left join scoring_rules
        on activities.activity_type = scoring_rules.activity_type
    where
        cast(activities.occurred_at as date) <= as_of.as_of_date
        and activities.canonical_lead_id in (
            select later.canonical_lead_id
            from activity_summaries as later
            cross join as_of as later_as_of
            where cast(later.last_activity_at as date) > later_as_of.as_of_date
        )
    group by activities.canonical_lead_id

),

joined as (

    select
        leads.canonical_lead_id,
        leads.lead_key,
        as_of.as_of_date,
        activity_summary.last_meaningful_activity_at,
        activity_summary.last_hot_activity_at,
        coalesce(activity_summary.is_unsubscribed, false) as is_unsubscribed_as_of,
        least(
            activity_summary.first_meaningful_activity_at,
            case when cast(stages.first_interest_at as date) <= as_of.as_of_date then stages.first_interest_at end
        ) as first_interest_at,
        {{ dbt.datediff('activity_summary.last_hot_activity_at', 'as_of.as_of_date', 'day') }}
            as days_since_hot_activity,
        {{ dbt.datediff('activity_summary.last_meaningful_activity_at', 'as_of.as_of_date', 'day') }}
            as days_since_last_engagement
    from leads
    cross join as_of
    inner join stages
        on leads.canonical_lead_id = stages.canonical_lead_id
    left join activity_summary
        on leads.canonical_lead_id = activity_summary.canonical_lead_id

),

final as (

    select
        canonical_lead_id,
        lead_key,
        as_of_date,
        first_interest_at,
        last_meaningful_activity_at,
        last_hot_activity_at,
        is_unsubscribed_as_of,
        case
            when first_interest_at is null then 'cold'
            when
                not is_unsubscribed_as_of
                and days_since_hot_activity <= {{ var('hot_window_days') }}
                then 'hot'
            else 'warm'
        end as temperature,
        days_since_last_engagement,
        case
            when last_meaningful_activity_at is null then 'never'
            when days_since_last_engagement <= {{ var('engagement_window_days') }} then 'active'
            else 'lapsed'
        end as engagement_status
    from joined

)

select * from final
