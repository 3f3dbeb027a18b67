-- Lint harness of `leadwh lint-macros` (never run): renders the incremental branches of
-- macros/incremental/activity_attachment.sql. During the lint compile is_incremental() is true in
-- the analyses/macro_lint/incremental*.sql files (leadwh/macro_lint.py); elsewhere it is false.
with identities as (

    select
        attached.lead_id,
        attached.email_identity_key as identity_key
    from {{ ref('int_activities__leads_attached') }} as attached

),

{{ activities_to_reattach_ctes() }}

attached as (

    {{ activities_to_attach(ref('stg_marketing__activities')) }}

)

select
    attached.activity_id,
    {{ previous_canonical_lead('attached') }} as previous_canonical_lead_id
from attached
{{ only_changed_attachments('attached') }}
