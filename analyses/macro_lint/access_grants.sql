-- sqlfluff:dialect:postgres
-- Lint harness of `leadwh lint-macros` (never run): the grants the PostgreSQL on-run-end hook
-- (macros/access/grants.sql) runs.
{{ default__grant_reporting_schema_usage() }}
