-- depends_on: {{ ref('dim_campaigns') }}
-- depends_on: {{ ref('dim_leads') }}
-- depends_on: {{ ref('fct_channel_performance') }}
-- depends_on: {{ ref('fct_cohort_revenue') }}
-- depends_on: {{ ref('fct_cohort_retention') }}
-- depends_on: {{ ref('fct_customer_lifetime_value') }}
-- depends_on: {{ ref('fct_customer_residual_value') }}
-- depends_on: {{ ref('fct_funnel_conversion') }}
-- depends_on: {{ ref('fct_lead_funnel') }}
-- depends_on: {{ ref('fct_lead_stage_reached') }}
-- depends_on: {{ ref('fct_lead_source_conversion') }}
-- depends_on: {{ ref('fct_lead_temperature_daily') }}
-- depends_on: {{ ref('fct_lead_temperature_transitions') }}
-- depends_on: {{ ref('fct_orders') }}
-- depends_on: {{ ref('fct_raw_row_reconciliation') }}
-- depends_on: {{ ref('fct_rejected_rows') }}
-- depends_on: {{ ref('fct_handover_speed') }}
-- depends_on: {{ ref('fct_lead_handovers') }}
-- depends_on: {{ ref('fct_lead_stage_episodes') }}
-- depends_on: {{ ref('fct_nurturing_outcomes') }}
{#- Privacy guard: no column of any mart (what BI tools read) holds an email address. Every
    column of every model under models/marts is cast to text and searched for `x@y.z`; returns
    one row per offending mart column with the number of rows. Marts carry the hashed lead_key
    instead (contact details live only in staging and restricted_lead_contacts). -#}
{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.fqn[1] == 'marts' -%}
        {%- for column in node.columns.values() -%}
            {%- do checks.append((node, column.name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

with

offending_columns as (

    {%- for node, column_name in checks %}
        select
            '{{ node.name }}' as mart,
            '{{ column_name }}' as column_name,
            count(*) as rows_with_email
        from {{ ref(node.name) }}
        where cast({{ adapter.quote(column_name) }} as {{ dbt.type_string() }}) like '%_@_%._%'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    {%- if not checks %}
    select
        'none' as mart,
        'none' as column_name,
        0 as rows_with_email
    {%- endif %}

)

select * from offending_columns
where rows_with_email > 0
