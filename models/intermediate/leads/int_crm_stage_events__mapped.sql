-- One row per stage the CRM declares for a lead (whether it counts is var stage_evidence), translated
-- to a funnel stage by the crm_stage_map seed and attached to the canonical lead: the lead's
-- current lifecycle stage (dated when it was set, else the record's last update, else its
-- creation), its became_<stage>_at dates, and its stage-change history. Names the map does not
-- know, or maps to `none`, are not evidence (assert_crm_stages_are_mapped lists unknown ones).
{%- set stages = ['iql', 'mql', 'sql', 'opportunity', 'customer'] %}
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

crm_stage_map as (

    select * from {{ ref('crm_stage_map') }}

),

declared as (

    select
        lead_id,
        crm_lifecycle_stage as crm_stage,
        {{ normalize_key('crm_lifecycle_stage') }} as crm_stage_key,
        cast(null as {{ dbt.type_string() }}) as dated_stage,
        coalesce(crm_lifecycle_stage_set_at, updated_at, created_at) as stage_at,
        'crm_lifecycle_stage' as evidence_source
    from leads
    where crm_lifecycle_stage is not null

    {% for stage in stages %}
        union all

        select
            lead_id,
            cast(null as {{ dbt.type_string() }}) as crm_stage,
            cast(null as {{ dbt.type_string() }}) as crm_stage_key,
            '{{ stage }}' as dated_stage,
            crm_became_{{ stage }}_at as stage_at,
            'crm_stage_date' as evidence_source
        from leads
        where crm_became_{{ stage }}_at is not null
    {% endfor %}

    union all

    select
        lead_id,
        crm_stage,
        crm_stage_key,
        cast(null as {{ dbt.type_string() }}) as dated_stage,
        changed_at as stage_at,
        'crm_stage_change' as evidence_source
    from stage_changes

),

mapped as (

    select
        declared.lead_id,
        declared.crm_stage,
        coalesce(declared.dated_stage, crm_stage_map.stage) as stage,
        declared.stage_at,
        declared.evidence_source
    from declared
    left join crm_stage_map
        on declared.crm_stage_key = {{ normalize_key('crm_stage_map.crm_stage_key') }}

),

final as (

    select
        identities.canonical_lead_id,
        mapped.lead_id,
        mapped.stage,
        mapped.stage_at,
        mapped.crm_stage,
        mapped.evidence_source
    from mapped
    left join identities
        on mapped.lead_id = identities.lead_id
    where mapped.stage in ('lead', {{ sql_string_list(stages) }})

)

select * from final
