{#- Fails for every row where the column is below `minimum` (default 0: not negative).
    Nulls pass (use not_null for that). -#}
{% test is_at_least(model, column_name, minimum=0) %}

select *
from {{ model }}
where {{ column_name }} < {{ minimum }}

{% endtest %}
