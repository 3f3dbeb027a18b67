{#- Fails for every row where the timestamp is later than the time of the test run. -#}
{% test is_not_in_the_future(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} > {{ dbt.current_timestamp() }}

{% endtest %}
