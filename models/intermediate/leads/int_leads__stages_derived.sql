-- One row per canonical lead: when it reached each funnel stage, its current stage and flags.
-- A stage's evidence is the earliest of its sources: behaviour (int_leads__activities_aggregated;
-- var stage_evidence 'behaviour'), the CRM's stages (int_crm_stage_events__mapped; 'crm'),
-- opportunities, and for customer those in var customer_evidence (won deal, counted order, CRM
-- stage). A stage keeps its first evidence only when no higher stage has earlier evidence
-- (otherwise it was skipped: null), so kept timestamps never go backwards.
{%- set behaviour = 'behaviour' in var('stage_evidence') %}
{%- set customer_evidence = var('customer_evidence') %}
{%- set no_evidence = 'cast(null as ' ~ dbt.type_timestamp() ~ ')' %}
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

activity_evidence as (

    select * from {{ ref('int_leads__activities_aggregated') }}

),

opportunities as (

    select * from {{ ref('int_opportunities__leads_attached') }}
    where canonical_lead_id is not null

),

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where canonical_lead_id is not null

),

crm_stage_events as (

    select * from {{ ref('int_crm_stage_events__mapped') }}
    where canonical_lead_id is not null{{ ' and 1 = 0' if 'crm' not in var('stage_evidence') }}

),

opportunity_evidence as (

    select
        canonical_lead_id,
        min(created_at) as opportunity_evidence_at,
        -- a deal is won when it closed (its created_at when the close date is missing)
        min(case when is_won then coalesce(closed_at, created_at) end) as won_deal_at,
        max(case when is_won then 1 else 0 end) as won_flag,
        max(case when is_lost then 1 else 0 end) as lost_flag
    from opportunities
    group by canonical_lead_id

),

order_evidence as (

    -- counted: not cancelled, not fully refunded, whatever the amount (0 included)
    select
        canonical_lead_id,
        min(ordered_at) as first_counted_order_at
    from orders
    where is_counted
    group by canonical_lead_id

),

crm_evidence as (

    select
        {% for stage in ['lead', 'iql', 'mql', 'sql', 'opportunity', 'customer'] %}
            min(case when stage = '{{ stage }}' then stage_at end) as crm_{{ stage }}_at,
        {% endfor %}
        canonical_lead_id
    from crm_stage_events
    group by canonical_lead_id

),

evidence as (

    select
        leads.canonical_lead_id,
        leads.lead_key,
        leads.created_at,
        leads.lead_status,
        least(activity_evidence.first_activity_at, crm_evidence.crm_lead_at) as first_activity_at,
        least(
            {{ 'activity_evidence.iql_evidence_at' if behaviour else no_evidence }}, crm_evidence.crm_iql_at
        ) as iql_evidence_at,
        least(
            {{ 'activity_evidence.mql_evidence_at' if behaviour else no_evidence }}, crm_evidence.crm_mql_at
        ) as mql_evidence_at,
        least(
            {{ 'activity_evidence.sql_evidence_at' if behaviour else no_evidence }}, crm_evidence.crm_sql_at
        ) as sql_evidence_at,
        least(
            opportunity_evidence.opportunity_evidence_at, crm_evidence.crm_opportunity_at
        ) as opportunity_evidence_at,
        {{ 'opportunity_evidence.won_deal_at' if 'won_deal' in customer_evidence else no_evidence }}
            as won_deal_at,
        {{ 'order_evidence.first_counted_order_at' if 'counted_order' in customer_evidence else no_evidence }}
            as first_counted_order_at,
        {{ 'crm_evidence.crm_customer_at' if 'crm_stage' in customer_evidence else no_evidence }}
            as crm_customer_at,
        coalesce(activity_evidence.current_score, 0) as current_score,
        coalesce(activity_evidence.is_unsubscribed, false) as is_unsubscribed,
        coalesce(opportunity_evidence.won_flag, 0) = 1 as has_won_opportunity,
        coalesce(opportunity_evidence.lost_flag, 0) = 1 as has_lost_opportunity
    from leads
    left join activity_evidence
        on leads.canonical_lead_id = activity_evidence.canonical_lead_id
    left join opportunity_evidence
        on leads.canonical_lead_id = opportunity_evidence.canonical_lead_id
    left join order_evidence
        on leads.canonical_lead_id = order_evidence.canonical_lead_id
    left join crm_evidence
        on leads.canonical_lead_id = crm_evidence.canonical_lead_id

),

customer_evidence as (

    select
        *,
        least(won_deal_at, first_counted_order_at, crm_customer_at) as customer_evidence_at
    from evidence

),

final as (

    select
        canonical_lead_id,
        lead_key,
        created_at,
        least(
            created_at,
            coalesce(first_activity_at, created_at),
            coalesce(iql_evidence_at, created_at),
            coalesce(mql_evidence_at, created_at),
            coalesce(sql_evidence_at, created_at),
            coalesce(opportunity_evidence_at, created_at),
            coalesce(customer_evidence_at, created_at)
        ) as lead_at,
        -- A stage keeps its first evidence only when no higher stage has earlier evidence.
        {{ evidence_unless_skipped('iql') }} as iql_at,
        {{ evidence_unless_skipped('mql') }} as mql_at,
        {{ evidence_unless_skipped('sql') }} as sql_at,
        {{ evidence_unless_skipped('opportunity') }} as opportunity_at,
        customer_evidence_at as customer_at,
        -- the first evidence of interest beyond being a contact (IQL or any later stage)
        least(
            iql_evidence_at, mql_evidence_at, sql_evidence_at, opportunity_evidence_at, customer_evidence_at
        ) as first_interest_at,
        -- which evidence made the lead a customer (the earliest; ties in this order)
        case
            when won_deal_at = customer_evidence_at then 'won_deal'
            when first_counted_order_at = customer_evidence_at then 'counted_order'
            when crm_customer_at = customer_evidence_at then 'crm_stage'
        end as customer_evidence_source,
        -- Reached = evidence of this stage or of any higher stage.
        {{ has_reached('iql') }} as has_reached_iql,
        {{ has_reached('mql') }} as has_reached_mql,
        {{ has_reached('sql') }} as has_reached_sql,
        {{ has_reached('opportunity') }} as has_reached_opportunity,
        {{ has_reached('customer') }} as has_reached_customer,
        case
            when customer_evidence_at is not null then 'customer'
            when opportunity_evidence_at is not null then 'opportunity'
            when sql_evidence_at is not null then 'sql'
            when mql_evidence_at is not null then 'mql'
            when iql_evidence_at is not null then 'iql'
            else 'lead'
        end as current_stage,
        (
            (has_lost_opportunity and not has_won_opportunity and customer_evidence_at is null)
            or coalesce(lead_status = 'unqualified', false)
        ) as is_disqualified,
        is_unsubscribed,
        current_score
    from customer_evidence

)

select * from final
