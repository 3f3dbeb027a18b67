{#- The people to forget (stg_privacy__erased_people's query, run by the erasure hooks too), as
    hashes only (macros/privacy/erasure_keys.sql): one row per erased email key, one per erased
    lead id and one per erased phone.
    Who is erased: every raw CRM lead whose lead id or loose email key (erasure_email_key: any
    case, blanks, invisible characters, trailing dots, look-alikes, `+tag`) a request names, or
    already tombstoned by an earlier run (its lead id reads `erased:<hash>`, so the list does not
    shrink once the raw rows are scrubbed); then every lead sharing the email key or the phone
    (in any notation, erasure_phone_key) of one of those, and the leads sharing the email key of
    a lead found by its phone. -#}
{% macro erased_people_sql() -%}
{%- set requests_relation = source('privacy', 'erasure_requests') %}
{%- set requests_exist = not execute or adapter.get_relation(
    database=requests_relation.database,
    schema=requests_relation.schema,
    identifier=requests_relation.identifier
) is not none %}
with

request_values as (

    select
        {{ erasure_email_key('email') }} as email_key_text,
        lead_id
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

requests as (

    select
        {{ erasure_email_hash('email_key_text') }} as email_key,
        {{ erasure_lead_id_hash('lead_id') }} as lead_id_key
    from request_values

),

lead_values as (

    select distinct
        lead_id,
        {{ erasure_email_key('email') }} as email_key_text,
        phone
    from {{ source('crm', 'leads') }}

),

leads as (

    select
        {{ erasure_lead_id_hash('lead_id') }} as lead_id_key,
        {{ erasure_email_hash('email_key_text') }} as email_key,
        {{ erasure_phone_key('phone') }} as phone_key,
        coalesce({{ clean_text('lead_id') }} like 'erased:%', false) as is_tombstoned
    from lead_values

),

requested_leads as (

    -- named by a request (lead id or email), or tombstoned by an earlier run
    select leads.*
    from leads
    inner join requests
        on leads.lead_id_key = requests.lead_id_key
    union
    select leads.*
    from leads
    inner join requests
        on leads.email_key = requests.email_key
    union
    select leads.*
    from leads
    where leads.is_tombstoned

),

requested_keys as (

    select
        requested_leads.email_key,
        requested_leads.phone_key
    from requested_leads
    union
    select
        requests.email_key,
        cast(null as {{ dbt.type_string() }}) as phone_key
    from requests

),

matched_leads as (

    -- the other records of those people: the same email (any form) or the same phone
    select * from requested_leads
    union
    select leads.*
    from leads
    inner join requested_keys
        on leads.email_key = requested_keys.email_key
    union
    select leads.*
    from leads
    inner join requested_keys
        on leads.phone_key = requested_keys.phone_key

),

erased_leads as (

    -- and the records sharing the email of a record found by its phone
    select * from matched_leads
    union
    select leads.*
    from leads
    inner join matched_leads
        on leads.email_key = matched_leads.email_key

),

email_keys as (

    select email_key from requests
    where email_key is not null
    union
    select email_key from erased_leads
    where email_key is not null

),

lead_id_keys as (

    select lead_id_key from requests
    where lead_id_key is not null
    union
    select lead_id_key from erased_leads
    where lead_id_key is not null

),

phone_keys as (

    select distinct phone_key from erased_leads
    where phone_key is not null

),

final as (

    select
        email_key,
        cast(null as {{ dbt.type_string() }}) as lead_id_key,
        cast(null as {{ dbt.type_string() }}) as phone_key
    from email_keys
    union all
    select
        cast(null as {{ dbt.type_string() }}) as email_key,
        lead_id_key,
        cast(null as {{ dbt.type_string() }}) as phone_key
    from lead_id_keys
    union all
    select
        cast(null as {{ dbt.type_string() }}) as email_key,
        cast(null as {{ dbt.type_string() }}) as lead_id_key,
        phone_key
    from phone_keys

)

select * from final
{%- endmacro %}
