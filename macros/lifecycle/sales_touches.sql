{#- Post-hook of int_activities__sales_touches_filtered (incremental runs only): delete the
    stored sales touches that are no longer in the activity stream (an activity rejected by a
    later version is deleted from int_activities__leads_attached) or whose type is no longer a
    sales touch (var sales_touch_activity_types). Reads two columns of the stream's sales-touch
    rows only. -#}
{% macro delete_sales_touches_gone_from_stream() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where activity_id not in (
            select stream_activity.activity_id
            from {{ ref('int_activities__leads_attached') }} as stream_activity
            where stream_activity.activity_type in ({{ sql_string_list(var('sales_touch_activity_types')) }})
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
