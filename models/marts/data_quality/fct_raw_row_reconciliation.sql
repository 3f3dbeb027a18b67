-- One row per raw table: raw rows = exact duplicate rows + rejected rows + clean rows, and
-- whether the table was landed at all (an absent optional table reads as empty).
-- Raw rows are counted on the source itself; the distinct rows are the base model's rows.

{%- set raw_tables = [
    ('crm', 'leads', 'base_crm__leads', 'stg_crm__leads'),
    ('crm', 'lead_stage_changes', 'base_crm__lead_stage_changes', 'stg_crm__lead_stage_changes'),
    ('marketing', 'activities', 'base_marketing__activities', 'stg_marketing__activities'),
    ('marketing', 'campaigns', 'base_marketing__campaigns', 'stg_marketing__campaigns'),
    ('marketing', 'spend', 'base_marketing__spend', 'stg_marketing__spend'),
    ('sales', 'opportunities', 'base_sales__opportunities', 'stg_sales__opportunities'),
    ('sales', 'orders', 'base_sales__orders', 'stg_sales__orders'),
] %}

with

rejected_rows as (

    select * from {{ ref('int_rejected_rows__unioned') }}

),

rejected_counts as (

    select
        source_table,
        count(*) as rejected_rows
    from rejected_rows
    group by source_table

),

table_counts as (

    {% for source_name, table_name, base_model, stg_model in raw_tables %}
        select
            '{{ source_name }}.{{ table_name }}' as source_table,
            (select count(*) from {{ source(source_name, table_name) }}) as raw_rows,
            (select count(*) from {{ source(source_name, table_name) }})
            - (select count(*) from {{ ref(base_model) }}) as exact_duplicate_rows,
            (select count(*) from {{ ref(stg_model) }}) as clean_rows,
            {{ 'false' if is_absent_raw_table(source_name, table_name) else 'true' }} as is_landed
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        cast(table_counts.source_table as {{ dbt.type_string() }}) as source_table,
        cast(table_counts.raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(table_counts.exact_duplicate_rows as {{ dbt.type_bigint() }}) as exact_duplicate_rows,
        cast(coalesce(rejected_counts.rejected_rows, 0) as {{ dbt.type_bigint() }}) as rejected_rows,
        cast(table_counts.clean_rows as {{ dbt.type_bigint() }}) as clean_rows,
        cast(table_counts.is_landed as {{ dbt.type_boolean() }}) as is_landed
    from table_counts
    left join rejected_counts
        on table_counts.source_table = rejected_counts.source_table

)

select * from final
