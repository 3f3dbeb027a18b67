with

base_leads as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        'crm.leads' as source_table,
        raw_key,
        reject_reason,
        loaded_at
    from base_leads
    where reject_reason is not null

)

select * from final
