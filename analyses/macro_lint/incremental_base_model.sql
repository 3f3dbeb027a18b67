-- Lint harness of `leadwh lint-macros` (never run): the raw rows an incremental base model reads
-- on an incremental run (macros/incremental/incremental_window.sql), the portable variant; the
-- DuckDB variant needs the raw table to exist, which the lint's empty database has not.
{{ default__raw_rows_for_base_model(source('crm', 'leads'), 'lead_id') }}
