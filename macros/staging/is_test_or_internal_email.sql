{#- True when a normalised email belongs to one of the domains in the vars
    `internal_email_domains` or `test_email_domains`, or to a sub-domain of one of them
    (mail.leadwh.example). Null emails are not test emails (false). -#}
{% macro is_test_or_internal_email(email) -%}
    {%- set domains = var('internal_email_domains', []) + var('test_email_domains', []) -%}
    {%- set email_domain = dbt.split_part(email, "'@'", 2) -%}
    {%- if domains | length == 0 -%}
        false
    {%- else -%}
        coalesce(
            {{ email_domain }} in (
                {%- for domain in domains %}'{{ domain | lower }}'{{ ", " if not loop.last }}{% endfor -%}
            )
            {%- for domain in domains %}
            or {{ email_domain }} like '%.{{ domain | lower }}'
            {%- endfor %},
            false
        )
    {%- endif -%}
{%- endmacro %}
