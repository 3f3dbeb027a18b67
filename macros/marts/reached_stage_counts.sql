{#- The funnel counts of a group of leads: how many reached IQL, MQL, SQL, opportunity and
    customer (each `has_reached_<stage>` flag, which is true for a stage or any later one), as
    iqls, mqls, sqls, opportunities, customers. `prefix`: the relation the flags come from
    (e.g. 'stages.'), empty when unambiguous. -#}
{% macro reached_stage_counts(prefix='') -%}
    {%- set counts = [('iql', 'iqls'), ('mql', 'mqls'), ('sql', 'sqls'), ('opportunity', 'opportunities'),
        ('customer', 'customers')] -%}
    {%- for stage, name in counts -%}
        sum(case when {{ prefix }}has_reached_{{ stage }} then 1 else 0 end) as {{ name }}
        {%- if not loop.last %},
        {% endif -%}
    {%- endfor -%}
{%- endmacro %}
