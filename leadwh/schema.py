"""Raw table layouts, exactly as in docs/architecture.md "Raw tables" (names and order)."""

from __future__ import annotations

from typing import Final

RAW_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "crm_leads": (
        "lead_id", "email", "first_name", "last_name", "phone", "company", "job_title",
        "country", "lead_source", "campaign_id", "created_at", "updated_at", "status",
        "is_deleted", "_loaded_at",
    ),
    "marketing_activities": (
        "activity_id", "lead_id", "email", "activity_type", "occurred_at", "campaign_id",
        "channel", "_loaded_at",
    ),
    "marketing_campaigns": (
        "campaign_id", "campaign_name", "channel", "started_on", "ended_on", "_loaded_at",
    ),
    "marketing_spend": ("spend_date", "channel", "campaign_id", "amount", "currency", "_loaded_at"),
    "sales_opportunities": (
        "opportunity_id", "lead_id", "stage", "amount", "currency", "created_at", "closed_at",
        "_loaded_at",
    ),
    "sales_orders": (
        "order_id", "lead_id", "email", "ordered_at", "amount", "currency", "status",
        "refunded_amount", "refunded_at", "_loaded_at",
    ),
}
