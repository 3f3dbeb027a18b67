{#- Fails for every row whose key is not lower-case and trimmed. Reference keys are matched to
    raw values that the models lower-case and trim, so a key like ` Demo_Request` would match
    nothing in one model and fail far downstream (a not_null test on points) instead of here.
    Nulls pass (use not_null for that). -#}
{% test is_lower_case_and_trimmed(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} != lower({{ clean_text(column_name) }})

{% endtest %}
