{#- Deterministic hash of a row's raw content (the listed columns, nulls kept apart from empty
    strings). Used as the last tie-break between versions of a key, to recognise exact
    copies of a raw row, and to identify raw rows that have no business key. -#}
{% macro row_content_hash(columns) -%}
    {{ return(adapter.dispatch('row_content_hash', 'leadwh')(columns)) }}
{%- endmacro %}

{#- Portable: md5 (dbt.hash) of the columns cast to text, joined with '|', null as '<null>'. -#}
{% macro default__row_content_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- DuckDB: its built-in 64-bit hash() of the columns themselves (null hashes apart from '', and
    column boundaries cannot be confused), a number: a fraction of md5's cost on tens of millions
    of rows, and a cheaper sort key. Stable for a given DuckDB version: after upgrading DuckDB,
    rebuild the incremental models once with --full-refresh, since `row:<hash>` keys may change. -#}
{% macro duckdb__row_content_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{#- raw_key of a base model: the business key as landed, or `row:<row hash>` for a row without
    one (expects the model's `row_hash` column, see row_content_hash). -#}
{% macro raw_row_key(key_column) -%}
    coalesce({{ key_column }}, {{ dbt.concat(["'row:'", 'cast(row_hash as ' ~ dbt.type_string() ~ ')']) }})
{%- endmacro %}
