{#- Privacy guard for marts: fails for every row where a free-text column holds something that
    looks like an email address. -#}
{% test contains_no_email_address(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} like '%_@_%._%'

{% endtest %}
