{#- Row reconciliation of one raw table with its staging outputs:
        raw rows = clean rows + rejected rows + exact duplicate rows removed
    Raw rows and exact duplicates are counted independently from the raw relation
    (count(*) and count of distinct rows); clean rows from the tested model, rejected rows from
    the source's rejects model. Returns one row (a failure) when the equation does not hold, so a
    row lost or counted twice anywhere in staging fails the test. -#}
{% test reconciles_with_raw(model, raw_relation, rejects_relation, source_table) %}

with

raw_rows as (

    select count(*) as row_count from {{ raw_relation }}

),

distinct_raw_rows as (

    select count(*) as row_count
    from (select distinct * from {{ raw_relation }}) as distinct_rows

),

clean_rows as (

    select count(*) as row_count from {{ model }}

),

rejected_rows as (

    select count(*) as row_count
    from {{ rejects_relation }}
    where source_table = '{{ source_table }}'

),

final as (

    select
        raw_rows.row_count as raw_rows,
        raw_rows.row_count - distinct_raw_rows.row_count as exact_duplicate_rows,
        rejected_rows.row_count as rejected_rows,
        clean_rows.row_count as clean_rows
    from raw_rows
    cross join distinct_raw_rows
    cross join clean_rows
    cross join rejected_rows

)

select * from final
where raw_rows != clean_rows + rejected_rows + exact_duplicate_rows

{% endtest %}
