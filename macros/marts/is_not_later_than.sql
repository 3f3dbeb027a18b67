{#- True when `stage_at` is known and not later than `higher_stage_at` (or there is no evidence of
    the higher stage): the rule that keeps a funnel stage's first evidence. -#}
{% macro is_not_later_than(stage_at, higher_stage_at) -%}
    ({{ stage_at }} is not null and ({{ higher_stage_at }} is null or {{ stage_at }} <= {{ higher_stage_at }}))
{%- endmacro %}
