{#- Fails (one row, with the count) unless the model has exactly one row: for single-row models
    such as the as-of date, which every lead is cross-joined with. -#}
{% test has_exactly_one_row(model) %}

select row_count
from (select count(*) as row_count from {{ model }}) as counted
where row_count != 1

{% endtest %}
