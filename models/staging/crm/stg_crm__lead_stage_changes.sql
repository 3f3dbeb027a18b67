with

base_stage_changes as (

    select * from {{ ref('base_crm__lead_stage_changes') }}

),

final as (

    select
        lead_id,
        crm_stage,
        crm_stage_key,
        changed_at,
        loaded_at
    from base_stage_changes
    where reject_reason is null

)

select * from final
