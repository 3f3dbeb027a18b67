{%- set stages = ['iql', 'mql', 'sql', 'opportunity', 'customer'] -%}
-- One row per canonical lead: when it reached each funnel stage and how many days it took.
with

stages as (

    select * from {{ ref('int_leads__stages_derived') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

final as (

    select
        cast(stages.lead_key as varchar) as lead_key,
        cast({{ month_start('leads.created_at') }} as date) as cohort_month,
        cast(leads.channel as varchar) as channel,
        cast(stages.lead_at as timestamp) as lead_at,
        {%- for stage in stages %}
        cast(stages.{{ stage }}_at as timestamp) as {{ stage }}_at,
        {%- endfor %}
        {%- for stage in stages %}
        cast(stages.has_reached_{{ stage }} as boolean) as has_reached_{{ stage }},
        {%- endfor %}
        {%- for stage in stages %}
        cast(
            {{ dbt.datediff('stages.lead_at', 'stages.' ~ stage ~ '_at', 'day') }} as integer
        ) as days_lead_to_{{ stage }},
        {%- endfor %}
        {%- for stage in stages[1:] %}
        {%- set previous = stages[loop.index0] %}
        cast(
            {{ dbt.datediff('stages.' ~ previous ~ '_at', 'stages.' ~ stage ~ '_at', 'day') }} as integer
        ) as days_{{ previous }}_to_{{ stage }},
        {%- endfor %}
        cast(stages.current_stage as varchar) as current_stage
    from stages
    inner join leads
        on stages.canonical_lead_id = leads.canonical_lead_id

)

select * from final
