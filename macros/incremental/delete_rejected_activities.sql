{#- Post-hook of the incremental activity models: delete activities whose latest version is no
    longer usable (rejected in base_marketing__activities for any reason but
    superseded_version) and, with also_unattached, activities now attached to no lead.
    delete+insert only replaces keys present in the new batch, so these would otherwise stay.
    A no-op on a full build. -#}
{% macro delete_rejected_activities(also_unattached=false) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            activity_id in (
                select raw_key
                from {{ ref('base_marketing__activities') }}
                where reject_reason is not null and reject_reason != 'superseded_version'
            )
            {%- if also_unattached %}
                or activity_id in (
                    select activity_id
                    from {{ ref('int_activities__leads_attached') }}
                    where canonical_lead_id is null
                )
            {%- endif %}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The dbt invocation's start time as a timestamp literal (UTC): marks the rows an incremental
    run (re)wrote, so the next model knows what changed. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
