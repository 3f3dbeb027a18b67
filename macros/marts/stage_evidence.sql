{#- The funnel stages after lead, in order; a stage's first evidence is the column
    <stage>_evidence_at (int_leads__stages_derived). -#}
{% macro funnel_stages_after_lead() -%}
    {{ return(['iql', 'mql', 'sql', 'opportunity', 'customer']) }}
{%- endmacro %}

{#- A funnel stage's timestamp: its first evidence, kept only when it is not later than the
    evidence of any higher stage; otherwise the stage was skipped: null. -#}
{% macro evidence_unless_skipped(stage) -%}
    {%- set stages = funnel_stages_after_lead() -%}
    case
        when
            {% for higher in stages[stages.index(stage) + 1:] -%}
                {{ is_not_later_than(stage ~ '_evidence_at', higher ~ '_evidence_at') }}{{ ' and ' if not loop.last }}
            {%- endfor %}
            then {{ stage }}_evidence_at
    end
{%- endmacro %}

{#- A stage is reached when there is evidence of it or of any higher stage. -#}
{% macro has_reached(stage) -%}
    {%- set stages = funnel_stages_after_lead() -%}
    coalesce({% for later in stages[stages.index(stage):] %}{{ later }}_evidence_at{{ ', ' if not loop.last }}{% endfor %}) is not null
{%- endmacro %}
