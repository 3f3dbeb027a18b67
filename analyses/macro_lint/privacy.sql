-- Lint harness of `leadwh lint-macros` (never run): the SQL the erasure hook
-- (macros/privacy/erasure.sql) writes for each table: the erased values of an email, phone and
-- lead id column, and an email's tombstone. Not here: the update statement around them
-- (erasure_update_sql), which reads the table's columns from the database first, and the
-- state and raw-table markers (erasure_raw_state.sql), which the hook runs itself.
{{ erased_values(source('crm', 'leads'), 'email', 'email', ['key']) }};

{{ erased_values(source('crm', 'leads'), 'phone', 'phone', ['key'], 'rowid > 0') }};

{{ erased_values(source('crm', 'leads'), 'lead_id', 'lead_id', ['key']) }};

select {{ erasure_tombstone('leads.email') }} as email
from {{ source('crm', 'leads') }} as leads;
