with

base_leads as (

    select * from {{ ref('base_crm__leads') }}

),

base_stage_changes as (

    select * from {{ ref('base_crm__lead_stage_changes') }}

),

final as (

    select
        'crm.leads' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_leads
    where reject_reason is not null

    union all

    select
        'crm.lead_stage_changes' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_stage_changes
    where reject_reason is not null

)

select * from final
