-- One row: the date the warehouse reports at (temperature, engagement recency, whether a
-- customer is still active). The var as_of_date when set, else the date of the latest evidence
-- of any kind in the data: an activity, a lead's creation, a CRM stage, a deal created or closed,
-- an order. Never null: with no data at all (an empty warehouse) it is today.
{%- if var('as_of_date') %}
    {%- set as_of_date_override = "cast('" ~ var('as_of_date') ~ "' as date)" %}
{%- else %}
    {%- set as_of_date_override = 'cast(null as date)' %}
{%- endif %}
with

activities as (

    select * from {{ ref('int_activities__leads_attached') }}

),

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

crm_stage_events as (

    select * from {{ ref('int_crm_stage_events__mapped') }}

),

opportunities as (

    select * from {{ ref('int_opportunities__leads_attached') }}

),

orders as (

    select * from {{ ref('int_orders__leads_attached') }}

),

latest_evidence as (

    select max(occurred_at) as evidence_at from activities
    union all
    select max(created_at) as evidence_at from leads
    union all
    select max(stage_at) as evidence_at from crm_stage_events
    union all
    select max(greatest(created_at, closed_at)) as evidence_at from opportunities
    union all
    select max(ordered_at) as evidence_at from orders

),

final as (

    select
        coalesce(
            {{ as_of_date_override }},
            cast(max(evidence_at) as date),
            -- a warehouse with no data at all: today, the only date there is
            cast({{ dbt.current_timestamp() }} as date)
        ) as as_of_date,
        {{ 'true' if var('as_of_date') else 'false' }} as is_pinned_by_var
    from latest_evidence

)

select * from final
