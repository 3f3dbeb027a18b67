with

rejected_rows as (

    select * from {{ ref('int_rejected_rows__unioned') }}

),

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(raw_key as {{ dbt.type_string() }}) as raw_key,
        cast(reject_reason as {{ dbt.type_string() }}) as reject_reason,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from rejected_rows

)

select * from final
