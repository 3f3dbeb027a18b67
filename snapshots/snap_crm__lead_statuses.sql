{#- History of each CRM lead's status, built from run to run: the CRM export keeps only the
    current status (crm_leads.status, lifecycle_stage), so every `dbt snapshot` / `dbt build`
    records a new version when the status or lifecycle stage of a lead changed since the last
    one, valid from the record's updated_at (else its created_at). Limits: the history starts at
    the first run (earlier changes are not known), and a status that changed and changed again
    between two runs is lost (only the status at each run is seen). No personal data: the lead
    id and status columns only. Erasure: the post-hook deletes the versions of every lead id no
    longer among the clean CRM leads (an erased person's id is a tombstone there, so the plain
    id's history goes; a soft-deleted or rejected lead's too). -#}
{% snapshot snap_crm__lead_statuses %}

{{
    config(
        target_schema='snapshots',
        unique_key='lead_id',
        strategy='timestamp',
        updated_at='status_updated_at',
        invalidate_hard_deletes=false,
        post_hook="delete from {{ this }} where lead_id not in (select lead_id from {{ ref('stg_crm__leads') }})",
    )
}}

select
    lead_id,
    lead_status,
    crm_lifecycle_stage,
    coalesce(updated_at, created_at) as status_updated_at
from {{ ref('stg_crm__leads') }}

{% endsnapshot %}
