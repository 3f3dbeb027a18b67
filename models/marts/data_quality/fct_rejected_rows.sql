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
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(raw_key as {{ dbt.type_string() }}) as raw_key,
        cast(reject_reason as {{ dbt.type_string() }}) as reject_reason,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from unioned

)

select * from final
