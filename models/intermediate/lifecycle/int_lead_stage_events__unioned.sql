-- One row per dated piece of stage evidence of a canonical lead: its creation (lead), the CRM's
-- stages and statuses (nurturing, disqualified), behaviour (first IQL / MQL / SQL evidence),
-- opportunities (created; won: customer; lost: disqualified), counted orders (customer); vars
-- stage_evidence and customer_evidence apply as for the first-reached stages. is_declared: the
-- source says where the lead is now, so it may move it back; other evidence only moves it forward.
{%- set crm = 'crm' in var('stage_evidence') %}
{%- set behaviour = 'behaviour' in var('stage_evidence') %}
{%- set customer_evidence = var('customer_evidence') %}
{%- set crm_customer_filter = '' if 'crm_stage' in customer_evidence else " and stage != 'customer'" %}
with

leads as (

    select * from {{ ref('int_leads__deduplicated') }}

),

crm_stage_events as (

    select * from {{ ref('int_crm_stage_events__mapped') }}
    where canonical_lead_id is not null{{ ' and 1 = 0' if not crm }}{{ crm_customer_filter }}

),

crm_status_events as (

    select * from {{ ref('int_crm_status_events__mapped') }}
    where canonical_lead_id is not null and lifecycle_stage is not null{{ ' and 1 = 0' if not crm }}

),

activity_evidence as (

    select * from {{ ref('int_leads__activities_aggregated') }}
    where {{ 'true' if behaviour else '1 = 0' }}

),

opportunities as (

    select * from {{ ref('int_opportunities__leads_attached') }}
    where canonical_lead_id is not null

),

orders as (

    select * from {{ ref('int_orders__revenue_converted') }}
    where canonical_lead_id is not null and is_counted

),

events as (

    select
        canonical_lead_id,
        'lead' as stage,
        created_at as stage_at,
        'lead_created' as evidence_source
    from leads

    union all

    select
        canonical_lead_id,
        stage,
        stage_at,
        evidence_source
    from crm_stage_events

    union all

    select
        canonical_lead_id,
        lifecycle_stage as stage,
        status_at as stage_at,
        evidence_source
    from crm_status_events

    {% for stage in ['iql', 'mql', 'sql'] %}
        union all

        select
            canonical_lead_id,
            '{{ stage }}' as stage,
            {{ stage }}_evidence_at as stage_at,
            'behaviour' as evidence_source
        from activity_evidence
        where {{ stage }}_evidence_at is not null
    {% endfor %}

    union all

    select
        canonical_lead_id,
        'opportunity' as stage,
        created_at as stage_at,
        'opportunity_created' as evidence_source
    from opportunities

    {% if 'won_deal' in customer_evidence %}
        union all

        select
            canonical_lead_id,
            'customer' as stage,
            coalesce(closed_at, created_at) as stage_at,
            'won_deal' as evidence_source
        from opportunities
        where is_won
    {% endif %}

    union all

    select
        canonical_lead_id,
        'disqualified' as stage,
        coalesce(closed_at, created_at) as stage_at,
        'lost_deal' as evidence_source
    from opportunities
    where is_lost

    {% if 'counted_order' in customer_evidence %}
        union all

        select
            canonical_lead_id,
            'customer' as stage,
            ordered_at as stage_at,
            'counted_order' as evidence_source
        from orders
    {% endif %}

),

final as (

    select distinct
        canonical_lead_id,
        stage,
        {{ lifecycle_stage_rank('stage') }} as stage_rank,
        stage_at,
        evidence_source,
        evidence_source in ('crm_stage_change', 'crm_lifecycle_stage', 'crm_lead_status', 'lost_deal') as is_declared
    from events
    where stage_at is not null

)

select * from final
