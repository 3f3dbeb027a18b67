{{ config(severity='warn') }}
-- CRM stage or status names (lead lifecycle_stage, crm_lead_stage_changes.stage) the
-- crm_stage_map seed does not know (after normalize_key): they count as no stage evidence until
-- added to seeds/reference/crm_stage_map.csv. One row per unknown name with how many rows use it.
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stage_changes as (

    select * from {{ ref('stg_crm__lead_stage_changes') }}

),

crm_stage_map as (

    select * from {{ ref('crm_stage_map') }}

),

crm_stages as (

    select {{ normalize_key('crm_lifecycle_stage') }} as crm_stage_key
    from leads
    where crm_lifecycle_stage is not null

    union all

    select crm_stage_key
    from stage_changes

),

unmapped as (

    select
        crm_stages.crm_stage_key,
        count(*) as row_count
    from crm_stages
    left join crm_stage_map
        on crm_stages.crm_stage_key = {{ normalize_key('crm_stage_map.crm_stage_key') }}
    where crm_stage_map.crm_stage_key is null
    group by crm_stages.crm_stage_key

)

select * from unmapped
