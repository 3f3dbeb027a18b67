{#- A raw-row reconciliation model (one row per raw table: source_table, raw_rows,
    exact_duplicate_rows, rejected_rows, clean_rows) checked against the raw tables themselves.
    For every raw table in `raw_tables` ([source_name, table_name] pairs, source_table named
    `<source_name>.<table_name>`) the model must have a row whose raw and exact-duplicate counts
    match counts taken here independently (count(*) and count of distinct rows), and
    raw_rows = exact_duplicate_rows + rejected_rows + clean_rows. Returns the offending rows. -#}
{% test reconciles_with_raw_tables(model, raw_tables) %}

with

independent_counts as (

    {%- for raw_table in raw_tables %}
    select
        '{{ raw_table[0] }}.{{ raw_table[1] }}' as source_table,
        (select count(*) from {{ source(raw_table[0], raw_table[1]) }}) as raw_rows,
        (
            select count(*)
            from (select distinct * from {{ source(raw_table[0], raw_table[1]) }}) as distinct_rows
        ) as distinct_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

reconciliation as (

    select * from {{ model }}

),

compared as (

    select
        coalesce(independent_counts.source_table, reconciliation.source_table) as source_table,
        independent_counts.raw_rows as expected_raw_rows,
        independent_counts.raw_rows - independent_counts.distinct_rows as expected_exact_duplicate_rows,
        reconciliation.raw_rows,
        reconciliation.exact_duplicate_rows,
        reconciliation.rejected_rows,
        reconciliation.clean_rows
    from independent_counts
    full outer join reconciliation
        on independent_counts.source_table = reconciliation.source_table

)

select * from compared
where
    raw_rows is null
    or expected_raw_rows is null
    or raw_rows != expected_raw_rows
    or exact_duplicate_rows != expected_exact_duplicate_rows
    or raw_rows != exact_duplicate_rows + rejected_rows + clean_rows

{% endtest %}
