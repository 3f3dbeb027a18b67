-- One row per canonical lead with stage episodes: per stage, when the lead first and latest
-- entered it and how many times it re-entered it (episodes after the first), from
-- int_lead_stage_episodes__sequenced. fct_lead_funnel publishes it beside the first-reached
-- timestamps.
{%- set stages = ['lead', 'iql', 'mql', 'nurturing', 'sql', 'opportunity', 'customer', 'disqualified'] %}
with

episodes as (

    select * from {{ ref('int_lead_stage_episodes__sequenced') }}

),

final as (

    select
        {% for stage in stages %}
            min(case when stage = '{{ stage }}' then entered_at end) as {{ stage }}_first_entered_at,
            max(case when stage = '{{ stage }}' then entered_at end) as {{ stage }}_latest_entered_at,
            cast(
                greatest(sum(case when stage = '{{ stage }}' then 1 else 0 end) - 1, 0) as {{ dbt.type_int() }}
            ) as {{ stage }}_reentry_count,
        {% endfor %}
        canonical_lead_id
    from episodes
    group by canonical_lead_id

)

select * from final
