"""Reference data shared by the generator and the ``seeds/reference`` CSVs (single source)."""

from __future__ import annotations

from typing import Final

CHANNELS: Final[dict[str, tuple[str, bool]]] = {
    # channel: (display name, is_paid)
    "organic_search": ("Organic search", False),
    "paid_search": ("Paid search", True),
    "organic_social": ("Organic social", False),
    "paid_social": ("Paid social", True),
    "email": ("Email", True),
    "webinar": ("Webinar", True),
    "referral": ("Referral", False),
    "outbound": ("Outbound", True),
    "purchased_list": ("Purchased list", True),
    "direct": ("Direct", False),
    "unknown": ("Unknown", False),
}

#: Channels that have campaigns with daily spend.
PAID_CHANNELS: Final[tuple[str, ...]] = tuple(c for c, (_, paid) in CHANNELS.items() if paid)


def source_type(channel: str) -> str:
    """Source type of a channel: sourced / outbound / unknown / inbound."""
    return {"purchased_list": "sourced", "outbound": "outbound", "unknown": "unknown"}.get(
        channel, "inbound")


#: Raw lead-source strings (lower-cased, trimmed) per channel.
LEAD_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "organic_search": ("seo", "organic", "organic search", "google organic", "google / organic",
                       "bing / organic"),
    "paid_search": ("google ads", "adwords", "google / cpc", "bing ads", "bing / cpc", "ppc",
                    "paid search", "sem"),
    "organic_social": ("linkedin (organic)", "twitter", "x.com", "social", "organic social",
                       "instagram"),
    "paid_social": ("linkedin ads", "facebook", "facebook ads", "meta ads", "paid social",
                    "linkedin sponsored"),
    "email": ("newsletter", "email", "email campaign", "mailchimp", "hubspot email"),
    "webinar": ("webinar", "webinar registration", "on24", "zoom webinar"),
    "referral": ("referral", "partner referral", "customer referral", "partner",
                 "word of mouth"),
    "outbound": ("sdr outbound", "cold call", "outbound", "cold email", "bdr"),
    "purchased_list": ("zoominfo list", "purchased list", "list upload", "apollo list",
                       "trade show list"),
    "direct": ("direct", "website", "web", "contact form"),
    "unknown": ("other", "unknown", "n/a"),
}

#: Raw lead-source strings deliberately NOT in the map (dirt: channel unknown).
UNMAPPED_LEAD_SOURCES: Final[tuple[str, ...]] = (
    "tradeshow booth", "podcast ad", "billboard", "gut feeling", "radio",
)

#: activity_type: (points, stage_signal, temperature_signal, is_unsubscribe)
ACTIVITY_RULES: Final[dict[str, tuple[int, str, str, bool]]] = {
    "page_view": (1, "none", "none", False),
    "email_open": (1, "none", "none", False),
    "email_click": (3, "none", "warm", False),
    "social_follow": (5, "none", "warm", False),
    "newsletter_signup": (10, "iql", "warm", False),
    "ebook_download": (15, "iql", "warm", False),
    "webinar_registration": (10, "iql", "warm", False),
    "webinar_attendance": (20, "none", "warm", False),
    "form_fill": (10, "iql", "warm", False),
    "pricing_page_view": (20, "sql", "hot", False),
    "demo_request": (40, "sql", "hot", False),
    "contact_sales_form": (40, "sql", "hot", False),
    "call": (25, "sql", "hot", False),
    "unsubscribe": (-30, "none", "none", True),
}

#: Activity types deliberately NOT in the rules (dirt: unknown_activity_type).
UNKNOWN_ACTIVITY_TYPES: Final[tuple[str, ...]] = ("chat_started", "video_play", "survey_response")

#: CRM stage / status names (lower-cased, blanks, underscores and hyphens as one blank: the
#: warehouse's normalize_key) -> funnel stage, or "none" for names that say nothing about the
#: funnel. HubSpot lifecycle stages (internal and display names), Salesforce lead statuses,
#: Marketo-style revenue stages and the warehouse's own stage names.
CRM_STAGES: Final[dict[str, tuple[str, ...]]] = {
    "lead": ("subscriber", "lead", "new", "open", "open not contacted", "inquiry", "name",
             "known", "raw", "prospect"),
    "iql": ("iql", "information qualified lead", "engaged"),
    "mql": ("mql", "marketing qualified lead", "marketingqualifiedlead", "marketing qualified"),
    "sql": ("sql", "sales qualified lead", "salesqualifiedlead", "sales qualified",
            "sales accepted lead", "sal", "working contacted", "qualified"),
    # Salesforce's "Closed - Converted" lead status: converted to an account and opportunity;
    # a bare "converted" (a lead-scoring export's converted flag) means the lead bought.
    "opportunity": ("opportunity", "closed converted"),
    "customer": ("customer", "evangelist", "closed won", "won", "client", "converted"),
    "none": ("other", "unqualified", "closed not converted", "disqualified", "recycled",
             "nurture", "nurturing"),
}

#: CRM status names (normalised like CRM_STAGES) that place a lead in a lifecycle stage outside
#: the forward funnel (lifecycle_stage: nurturing or disqualified), or that record sales'
#: answer to a handover (handover_response: accepted or rejected); "none" where a name says
#: nothing of that kind (issue 23: stage history, nurturing, handover to sales).
CRM_LIFECYCLE_STATUSES: Final[dict[str, tuple[str, str]]] = {
    "nurture": ("nurturing", "none"),
    "nurturing": ("nurturing", "none"),
    "recycled": ("nurturing", "rejected"),
    "returned to marketing": ("nurturing", "rejected"),
    "sales rejected": ("nurturing", "rejected"),
    "sales rejected lead": ("nurturing", "rejected"),
    "unqualified": ("disqualified", "none"),
    "disqualified": ("disqualified", "none"),
    "closed not converted": ("disqualified", "none"),
    "sales accepted lead": ("none", "accepted"),
    "sal": ("none", "accepted"),
    "sales accepted": ("none", "accepted"),
    "working": ("none", "accepted"),
    "working contacted": ("none", "accepted"),
}

REPORTING_CURRENCY: Final[str] = "USD"

#: Reporting-currency (USD) units for one unit of the currency (fixed, plausible).
CURRENCY_RATES: Final[dict[str, str]] = {
    "USD": "1.000000",
    "EUR": "1.085000",
    "GBP": "1.270000",
    "CHF": "1.120000",
    "SEK": "0.095000",
}

#: Currency codes deliberately unknown (dirt: unknown_currency).
UNKNOWN_CURRENCIES: Final[tuple[str, ...]] = ("XYZ", "EURO", "US$")


def reference_tables() -> dict[str, tuple[list[str], list[list[str]]]]:
    """The reference seeds as ``{seed name: (header, rows)}``."""
    source_map = [
        [key, channel, source_type(channel)]
        for channel, keys in LEAD_SOURCES.items()
        for key in keys
    ]
    return {
        "lead_source_channel_map": (["lead_source_key", "channel", "source_type"], source_map),
        "channels": (
            ["channel", "channel_name", "is_paid"],
            [[c, name, "true" if paid else "false"] for c, (name, paid) in CHANNELS.items()],
        ),
        "activity_scoring_rules": (
            ["activity_type", "points", "stage_signal", "temperature_signal", "is_unsubscribe"],
            [[t, str(p), s, temp, "true" if unsub else "false"]
             for t, (p, s, temp, unsub) in ACTIVITY_RULES.items()],
        ),
        "crm_stage_map": (
            ["crm_stage_key", "stage"],
            [[key, stage] for stage, keys in CRM_STAGES.items() for key in keys],
        ),
        "currency_rates": (
            ["currency_code", "rate_to_reporting_currency"],
            [[code, rate] for code, rate in CURRENCY_RATES.items()],
        ),
        "crm_lifecycle_status_map": (
            ["crm_status_key", "lifecycle_stage", "handover_response"],
            [[key, stage, response]
             for key, (stage, response) in CRM_LIFECYCLE_STATUSES.items()],
        ),
    }
