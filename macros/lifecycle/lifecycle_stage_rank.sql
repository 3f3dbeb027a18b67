{#- The order of a lifecycle stage for forward-only stage evidence (int_lead_stage_events__unioned):
    evidence moves a lead forward only into a stage ranked above the ones it has been in since
    the last declared evidence. Nurturing ranks between MQL and SQL (marketing signals do not end
    it), disqualified below lead (any later evidence is a re-entry). -#}
{% macro lifecycle_stage_rank(stage) -%}
    case {{ stage }}
        when 'disqualified' then 0
        when 'lead' then 10
        when 'iql' then 20
        when 'mql' then 30
        when 'nurturing' then 35
        when 'sql' then 40
        when 'opportunity' then 50
        when 'customer' then 60
    end
{%- endmacro %}
