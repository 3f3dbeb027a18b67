{#- Fails for every combination of `column_names` (a model's grain) that appears more than once.
    Use for composite keys; single-column keys use the built-in `unique` test. -#}
{% test grain_is_unique(model, column_names) %}

select
    {{ column_names | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ column_names | join(', ') }}
having count(*) > 1

{% endtest %}
