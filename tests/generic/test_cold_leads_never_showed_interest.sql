{#- Temperature agrees with the evidence of interest (the domain brief): a cold lead has no
    first_interest_at, a warm or hot lead has one. Fails for every lead where they disagree. -#}
{% test cold_leads_never_showed_interest(model, column_name) %}

select *
from {{ model }}
where
    ({{ column_name }} = 'cold' and first_interest_at is not null)
    or ({{ column_name }} != 'cold' and first_interest_at is null)

{% endtest %}
