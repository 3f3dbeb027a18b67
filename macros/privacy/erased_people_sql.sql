{#- The people to forget (stg_privacy__erased_people's query, run by the erasure hooks too):
    one row per erased identity key and one per erased CRM lead id. -#}
{% macro erased_people_sql() -%}
{%- set requests_relation = source('privacy', 'erasure_requests') %}
{%- set requests_exist = not execute or adapter.get_relation(
    database=requests_relation.database,
    schema=requests_relation.schema,
    identifier=requests_relation.identifier
) is not none %}
with

requests as (

    select
        {{ email_identity_key(normalize_email('email')) }} as identity_key,
        {{ clean_text('lead_id') }} as lead_id
    {%- if requests_exist %}
    from {{ requests_relation }}
    {%- else %}
        from (
            select
                cast(null as {{ dbt.type_string() }}) as email,
                cast(null as {{ dbt.type_string() }}) as lead_id
        ) as no_erasure_table
        where 1 = 0
    {%- endif %}

),

leads as (

    select distinct
        {{ clean_text('lead_id') }} as lead_id,
        {{ email_identity_key(normalize_email('email')) }} as identity_key
    from {{ source('crm', 'leads') }}

),

erased_identities as (

    select identity_key from requests
    where identity_key is not null
    union
    select leads.identity_key
    from leads
    inner join requests
        on leads.lead_id = requests.lead_id
    where leads.identity_key is not null

),

erased_leads as (

    select lead_id from requests
    where lead_id is not null
    union
    select leads.lead_id
    from leads
    inner join erased_identities
        on leads.identity_key = erased_identities.identity_key
    where leads.lead_id is not null

),

final as (

    select
        identity_key,
        cast(null as {{ dbt.type_string() }}) as lead_id
    from erased_identities
    union all
    select
        cast(null as {{ dbt.type_string() }}) as identity_key,
        lead_id
    from erased_leads

)

select * from final
{%- endmacro %}
