-- The one model outside staging that holds personal data: the contact fields of each canonical
-- lead (a person after identity resolution), keyed by the same hashed lead_key the marts use.
-- Schema `restricted`: no grant to the BI tools' role (proven by tests_py/test_postgres.py).
-- Erased people (privacy.erasure_requests) arrive here already scrubbed by staging.
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

canonical_leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

final as (

    select
        canonical_leads.lead_key,
        canonical_leads.canonical_lead_id,
        leads.email,
        leads.is_email_valid,
        leads.first_name,
        leads.last_name,
        leads.phone,
        leads.company,
        leads.job_title,
        leads.country
    from canonical_leads
    inner join leads
        on canonical_leads.canonical_lead_id = leads.lead_id

)

select * from final
