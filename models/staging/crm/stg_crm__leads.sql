with

base_leads as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        lead_id,
        email,
        is_email_valid,
        first_name,
        last_name,
        phone,
        company,
        job_title,
        country,
        lead_source,
        channel,
        source_type,
        campaign_id,
        lead_status,
        crm_lifecycle_stage,
        crm_lifecycle_stage_set_at,
        crm_became_iql_at,
        crm_became_mql_at,
        crm_became_sql_at,
        crm_became_opportunity_at,
        crm_became_customer_at,
        created_at,
        updated_at,
        loaded_at
    from base_leads
    where reject_reason is null

)

select * from final
