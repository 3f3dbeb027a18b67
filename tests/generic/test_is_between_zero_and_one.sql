{#- Fails for every row where the column (a rate or share) is outside [0, 1]. Nulls pass: a rate
    with a zero denominator is null by design. -#}
{% test is_between_zero_and_one(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1

{% endtest %}
