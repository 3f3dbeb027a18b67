{#- Fails for every row where the column is earlier than `other_column` of the same row
    (e.g. a stage reached before the lead existed). Rows where either is null pass. -#}
{% test is_not_earlier_than(model, column_name, other_column) %}

select *
from {{ model }}
where {{ column_name }} < {{ other_column }}

{% endtest %}
