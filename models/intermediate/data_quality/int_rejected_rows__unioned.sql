-- Every raw row that did not make it to a clean model, from the three staging rejects models.
with

crm_rejects as (

    select * from {{ ref('stg_crm__rejects') }}

),

marketing_rejects as (

    select * from {{ ref('stg_marketing__rejects') }}

),

sales_rejects as (

    select * from {{ ref('stg_sales__rejects') }}

),

unioned as (

    select * from crm_rejects
    union all
    select * from marketing_rejects
    union all
    select * from sales_rejects

),

final as (

    select
        source_table,
        raw_key,
        reject_reason,
        loaded_at
    from unioned

)

select * from final
