{#- on-run-start, first: every var the models paste into SQL is checked before anything runs, so a
    malformed value stops the run with one message naming the var, the value and what is
    allowed, instead of a parser error deep in a model, a query of another shape
    (`hot_window_days: "7 or true"`) or a silent 0 (`incremental_lookback_days: three`). -#}
{% macro validate_vars() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- for name in ['mql_score_threshold', 'hot_window_days', 'engagement_window_days',
                     'customer_active_window_days', 'incremental_lookback_days', 'handover_sla_hours'] -%}
        {%- do check_whole_number_var(name) -%}
    {%- endfor -%}
    {%- do check_date_var('as_of_date') -%}
    {%- do check_list_var('stage_evidence', ['behaviour', 'crm'], allow_empty=true) -%}
    {%- do check_list_var('customer_evidence', ['won_deal', 'counted_order', 'crm_stage'], allow_empty=false) -%}
    {%- do check_pattern_var('reporting_currency', '[A-Z]{3}', 'a three-letter ISO currency code such as USD') -%}
    {%- for name in ['internal_email_domains', 'test_email_domains'] -%}
        {%- for domain in var(name) if domain is not string or not modules.re.fullmatch('[a-z0-9]([a-z0-9.-]*[a-z0-9])?', domain) -%}
            {%- do invalid_var(name, var(name), 'a list of lower-case email domains such as example.com') -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- lifecycle (issue 23): activity type names, pasted into SQL as string literals -#}
    {%- set touch_types = var('sales_touch_activity_types') -%}
    {%- if touch_types is string or touch_types is not iterable or touch_types is mapping or touch_types | length == 0 -%}
        {%- do invalid_var('sales_touch_activity_types', touch_types, 'a list of one or more activity types such as call') -%}
    {%- endif -%}
    {%- for activity_type in touch_types if activity_type is not string or not modules.re.fullmatch('[a-z][a-z0-9_]*', activity_type) -%}
        {%- do invalid_var('sales_touch_activity_types', touch_types, 'a list of one or more activity types such as call') -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

{% macro invalid_var(name, value, expected) -%}
    {%- do exceptions.raise_compiler_error(
        'Invalid var ' ~ name ~ ': ' ~ (('"' ~ value ~ '"') if value is string else (value | tojson | replace('\\u0027', "'")))
        ~ '. Expected ' ~ expected
        ~ ' (set it in dbt_project.yml vars or with --vars; README "Configuration").'
    ) -%}
{%- endmacro %}

{% macro check_whole_number_var(name) -%}
    {%- set value = var(name) -%}
    {%- if value is sameas true or value is sameas false or value is not number
        or value | int != value or value < 0 -%}
        {%- do invalid_var(name, value, 'a whole number, 0 or more') -%}
    {%- endif -%}
{%- endmacro %}

{#- A date var: null, or YYYY-MM-DD naming a real calendar day (YAML may hand over a date). -#}
{% macro check_date_var(name) -%}
    {%- set value = var(name) -%}
    {%- if value is none -%}{{ return('') }}{%- endif -%}
    {%- set text = value | string -%}
    {%- set parts = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})', text) -%}
    {%- set expected = 'null or a date written YYYY-MM-DD, such as 2025-06-30' -%}
    {%- if not parts -%}{%- do invalid_var(name, text, expected) -%}{%- endif -%}
    {%- set year, month, day = parts.group(1) | int, parts.group(2) | int, parts.group(3) | int -%}
    {%- if year < 1 or month < 1 or month > 12 or day < 1 -%}{%- do invalid_var(name, text, expected) -%}{%- endif -%}
    {%- set next_month = modules.datetime.date(year + (month // 12), month % 12 + 1, 1) -%}
    {%- if day > (next_month - modules.datetime.timedelta(days=1)).day -%}
        {%- do invalid_var(name, text, expected) -%}
    {%- endif -%}
{%- endmacro %}

{% macro check_list_var(name, allowed, allow_empty) -%}
    {%- set value = var(name) -%}
    {%- set expected = 'a list of ' ~ ('' if allow_empty else 'one or more of ') ~ allowed | join(', ') -%}
    {%- if value is string or value is not iterable or value is mapping -%}
        {%- do invalid_var(name, value, expected) -%}
    {%- endif -%}
    {%- if (value | reject('in', allowed) | list) or (not allow_empty and not value) -%}
        {%- do invalid_var(name, value, expected) -%}
    {%- endif -%}
{%- endmacro %}

{% macro check_pattern_var(name, pattern, expected) -%}
    {%- set value = var(name) -%}
    {%- if value is not string or not modules.re.fullmatch(pattern, value) -%}
        {%- do invalid_var(name, value, expected) -%}
    {%- endif -%}
{%- endmacro %}
