-- One row per raw table: raw rows = exact duplicate rows + rejected rows + clean rows.
-- Raw rows are counted on the source itself; the distinct rows are the base model's rows.

with

leads_raw_counts as (

    select count(*) as raw_rows from {{ source('crm', 'leads') }}

),

leads_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_crm__leads') }}

),

leads_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_crm__leads') }}

),

activities_raw_counts as (

    select count(*) as raw_rows from {{ source('marketing', 'activities') }}

),

activities_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_marketing__activities') }}

),

activities_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_marketing__activities') }}

),

campaigns_raw_counts as (

    select count(*) as raw_rows from {{ source('marketing', 'campaigns') }}

),

campaigns_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_marketing__campaigns') }}

),

campaigns_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_marketing__campaigns') }}

),

spend_raw_counts as (

    select count(*) as raw_rows from {{ source('marketing', 'spend') }}

),

spend_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_marketing__spend') }}

),

spend_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_marketing__spend') }}

),

opportunities_raw_counts as (

    select count(*) as raw_rows from {{ source('sales', 'opportunities') }}

),

opportunities_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_sales__opportunities') }}

),

opportunities_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_sales__opportunities') }}

),

orders_raw_counts as (

    select count(*) as raw_rows from {{ source('sales', 'orders') }}

),

orders_distinct_counts as (

    select count(*) as distinct_rows from {{ ref('base_sales__orders') }}

),

orders_clean_counts as (

    select count(*) as clean_rows from {{ ref('stg_sales__orders') }}

),

rejected_rows as (

    select * from {{ ref('fct_rejected_rows') }}

),

rejected_counts as (

    select
        source_table,
        count(*) as rejected_rows
    from rejected_rows
    group by source_table

),

table_counts as (

    select
        'crm.leads' as source_table,
        leads_raw_counts.raw_rows,
        leads_raw_counts.raw_rows - leads_distinct_counts.distinct_rows as exact_duplicate_rows,
        leads_clean_counts.clean_rows
    from leads_raw_counts
    cross join leads_distinct_counts
    cross join leads_clean_counts
    union all
    select
        'marketing.activities' as source_table,
        activities_raw_counts.raw_rows,
        activities_raw_counts.raw_rows - activities_distinct_counts.distinct_rows as exact_duplicate_rows,
        activities_clean_counts.clean_rows
    from activities_raw_counts
    cross join activities_distinct_counts
    cross join activities_clean_counts
    union all
    select
        'marketing.campaigns' as source_table,
        campaigns_raw_counts.raw_rows,
        campaigns_raw_counts.raw_rows - campaigns_distinct_counts.distinct_rows as exact_duplicate_rows,
        campaigns_clean_counts.clean_rows
    from campaigns_raw_counts
    cross join campaigns_distinct_counts
    cross join campaigns_clean_counts
    union all
    select
        'marketing.spend' as source_table,
        spend_raw_counts.raw_rows,
        spend_raw_counts.raw_rows - spend_distinct_counts.distinct_rows as exact_duplicate_rows,
        spend_clean_counts.clean_rows
    from spend_raw_counts
    cross join spend_distinct_counts
    cross join spend_clean_counts
    union all
    select
        'sales.opportunities' as source_table,
        opportunities_raw_counts.raw_rows,
        opportunities_raw_counts.raw_rows - opportunities_distinct_counts.distinct_rows as exact_duplicate_rows,
        opportunities_clean_counts.clean_rows
    from opportunities_raw_counts
    cross join opportunities_distinct_counts
    cross join opportunities_clean_counts
    union all
    select
        'sales.orders' as source_table,
        orders_raw_counts.raw_rows,
        orders_raw_counts.raw_rows - orders_distinct_counts.distinct_rows as exact_duplicate_rows,
        orders_clean_counts.clean_rows
    from orders_raw_counts
    cross join orders_distinct_counts
    cross join orders_clean_counts

),

final as (

    select
        cast(table_counts.source_table as {{ dbt.type_string() }}) as source_table,
        cast(table_counts.raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(table_counts.exact_duplicate_rows as {{ dbt.type_bigint() }}) as exact_duplicate_rows,
        cast(coalesce(rejected_counts.rejected_rows, 0) as {{ dbt.type_bigint() }}) as rejected_rows,
        cast(table_counts.clean_rows as {{ dbt.type_bigint() }}) as clean_rows
    from table_counts
    left join rejected_counts
        on table_counts.source_table = rejected_counts.source_table

)

select * from final
