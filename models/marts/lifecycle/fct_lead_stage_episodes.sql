-- One row per lead per stage episode: which stage, when the lead entered and left it, where it
-- came from and went to, and whether it was a re-entry (int_lead_stage_episodes__sequenced).
-- Days in stage run to the exit, or to the as-of date for the lead's current episode.
{%- set as_of_timestamp = 'cast(as_of.as_of_date as ' ~ dbt.type_timestamp() ~ ')' %}
with

episodes as (

    select * from {{ ref('int_lead_stage_episodes__sequenced') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

as_of as (

    select * from {{ ref('int_as_of_dates__resolved') }}

),

final as (

    select
        cast(leads.lead_key as varchar) as lead_key,
        cast(episodes.lead_episode_number as integer) as lead_episode_number,
        cast(episodes.stage as varchar) as stage,
        cast(episodes.stage_episode_number as integer) as stage_episode_number,
        cast(episodes.stage_episode_number > 1 as boolean) as is_reentry,
        cast(episodes.entered_at as timestamp) as entered_at,
        cast(episodes.exited_at as timestamp) as exited_at,
        cast(episodes.entered_from_stage as varchar) as entered_from_stage,
        cast(episodes.exited_to_stage as varchar) as exited_to_stage,
        cast(episodes.exited_at is null as boolean) as is_current,
        cast(
            {{ days_between('episodes.entered_at', 'coalesce(episodes.exited_at, ' ~ as_of_timestamp ~ ')') }}
            as integer
        ) as days_in_stage,
        cast(episodes.entry_evidence_source as varchar) as entry_evidence_source,
        cast(leads.channel as varchar) as channel,
        cast({{ month_start('leads.created_at') }} as date) as cohort_month
    from episodes
    inner join leads
        on episodes.canonical_lead_id = leads.canonical_lead_id
    cross join as_of

)

select * from final
