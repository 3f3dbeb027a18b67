-- depends_on: {{ ref('snap_crm__lead_statuses') }}
-- One row per CRM status a lead was seen in that places it outside the forward funnel
-- (nurturing, disqualified) or records sales' answer to a handover (accepted, rejected), as
-- translated by the crm_lifecycle_status_map seed: the lead's current status and lifecycle stage
-- (dated by the record's updated_at, else its created_at), their earlier values kept by the
-- snapshot snap_crm__lead_statuses (from its first run on; read only once it exists), and the
-- stage-change history. Names the map does not list are no lifecycle evidence.
{%- set snapshot_relation = load_relation(ref('snap_crm__lead_statuses')) if execute else none %}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stage_changes as (

    select * from {{ ref('stg_crm__lead_stage_changes') }}

),

identities as (

    select * from {{ ref('int_leads__identities_resolved') }}

),

status_map as (

    select * from {{ ref('crm_lifecycle_status_map') }}

),

observed as (

    select
        lead_id,
        lead_status as crm_status,
        coalesce(updated_at, created_at) as status_at,
        'crm_lead_status' as evidence_source
    from leads
    where lead_status is not null

    union

    select
        lead_id,
        crm_lifecycle_stage as crm_status,
        coalesce(crm_lifecycle_stage_set_at, updated_at, created_at) as status_at,
        'crm_lifecycle_stage' as evidence_source
    from leads
    where crm_lifecycle_stage is not null

    {% if snapshot_relation is not none %}
        union

        select
            lead_id,
            lead_status as crm_status,
            dbt_valid_from as status_at,
            'crm_lead_status' as evidence_source
        from {{ snapshot_relation }}
        where lead_status is not null

        union

        select
            lead_id,
            crm_lifecycle_stage as crm_status,
            dbt_valid_from as status_at,
            'crm_lifecycle_stage' as evidence_source
        from {{ snapshot_relation }}
        where crm_lifecycle_stage is not null
    {% endif %}

    union

    select
        lead_id,
        crm_stage as crm_status,
        changed_at as status_at,
        'crm_stage_change' as evidence_source
    from stage_changes

),

mapped as (

    select
        observed.lead_id,
        observed.crm_status,
        observed.status_at,
        observed.evidence_source,
        nullif(status_map.lifecycle_stage, 'none') as lifecycle_stage,
        nullif(status_map.handover_response, 'none') as handover_response
    from observed
    inner join status_map
        on {{ normalize_key('observed.crm_status') }} = {{ normalize_key('status_map.crm_status_key') }}

),

final as (

    select
        identities.canonical_lead_id,
        mapped.lead_id,
        mapped.lifecycle_stage,
        mapped.handover_response,
        mapped.status_at,
        mapped.crm_status,
        mapped.evidence_source
    from mapped
    left join identities
        on mapped.lead_id = identities.lead_id
    where
        mapped.status_at is not null
        and (mapped.lifecycle_stage is not null or mapped.handover_response is not null)

)

select * from final
