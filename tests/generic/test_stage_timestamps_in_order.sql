{#- Fails for every row where a later stage's timestamp (non-null) is earlier than an earlier
    stage's timestamp (non-null). `column_names` lists the stage columns in funnel order; nulls
    (skipped or not reached stages) are ignored. -#}
{% test stage_timestamps_in_order(model, column_names) %}

select *
from {{ model }}
where
    {%- for earlier in column_names %}
        {%- set outer = loop %}
        {%- for later in column_names[outer.index:] %}
    ({{ later }} < {{ earlier }}){{ ' or' if not (outer.revindex0 == 1 and loop.last) }}
        {%- endfor %}
    {%- endfor %}

{% endtest %}
