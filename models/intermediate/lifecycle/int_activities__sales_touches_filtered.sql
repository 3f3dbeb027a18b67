{#- Incremental: a run reads from the activity stream (int_activities__leads_attached, the
    largest table of the warehouse) only the sales-touch rows (var sales_touch_activity_types)
    attached or re-attached since this model's latest attached_at, and replaces them by
    activity_id; touches gone from the stream are deleted (post-hook). After changing var
    sales_touch_activity_types, rebuild it: `dbt build --full-refresh -s
    int_activities__sales_touches_filtered+`. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='fail',
        post_hook="{{ delete_sales_touches_gone_from_stream() }}"
    )
}}
-- One row per sales-touch activity (a call by default: var sales_touch_activity_types) with its
-- canonical lead (null when unattached), the part of the activity stream the handover models read.
with

stream as (

    select * from {{ ref('int_activities__leads_attached') }}
    where
        activity_type in ({{ sql_string_list(var('sales_touch_activity_types')) }})
    {% if is_incremental() %}
        and attached_at >= (
            select coalesce(max(attached_at), {{ earliest_timestamp() }}) from {{ this }}
        )
    {% endif %}

),

final as (

    select
        activity_id,
        canonical_lead_id,
        activity_type,
        occurred_at,
        attached_at
    from stream

)

select * from final
