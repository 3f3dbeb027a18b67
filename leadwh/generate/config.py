"""Generator configuration: dirt rates, size, seed and time window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone


@dataclass(frozen=True)
class DirtRates:
    """Shares of rows that receive each kind of dirt (0 disables it)."""

    duplicate_rate: float = 0.02
    """Exact duplicate rows from loader retries, in every raw table (at least one per table)."""
    identity_duplicate_rate: float = 0.06
    """Leads that are an existing person under a new lead id (email case/space/+tag variants)."""
    updated_version_rate: float = 0.05
    """Keys loaded again later with different content (older version kept in raw)."""
    test_lead_rate: float = 0.02
    """Test and internal leads (example.com, test.com, mailinator.com, leadwh.example)."""
    invalid_email_rate: float = 0.02
    """Emails without @, with @@, with spaces, or empty."""
    invalid_phone_rate: float = 0.02
    """Phones that are garbage (n/a, 12, ...)."""
    invalid_timestamp_rate: float = 0.006
    """Unparseable timestamps / dates."""
    future_timestamp_rate: float = 0.004
    """Event timestamps later than the row's _loaded_at."""
    soft_deleted_rate: float = 0.015
    """Leads flagged is_deleted (true/TRUE/1/yes/Yes)."""
    cyrillic_rate: float = 0.012
    """Leads whose names/emails use Cyrillic look-alike letters (about half are duplicates)."""
    missing_id_rate: float = 0.003
    """Rows with an empty primary id (lead_id, activity_id, opportunity_id, order_id)."""
    unmapped_lead_source_rate: float = 0.02
    """Lead-source strings not in the reference map (plus some empty)."""
    unknown_activity_type_rate: float = 0.004
    """Activities whose type is not in the scoring rules."""
    orphan_activity_rate: float = 0.004
    """Activities for lead ids that do not exist."""
    email_only_activity_rate: float = 0.03
    """Activities with an email but no lead_id."""
    unmatched_email_share: float = 0.2
    """Share of the email-only activities whose email matches no lead."""
    bad_amount_rate: float = 0.02
    """Amounts that are non-numeric (n/a, abc) or negative."""
    odd_currency_rate: float = 0.02
    """Currencies that are unknown codes or empty."""
    late_arrival_rate: float = 0.02
    """Rows landing 2-20 days after the event instead of within ~1.5 days."""
    email_only_order_rate: float = 0.05
    """Orders with an email but no lead_id."""
    unknown_code_rate: float = 0.01
    """Unknown channels (spend, campaigns) and opportunity stages (at least one row each)."""
    refund_exceeds_rate: float = 0.01
    """Refunded orders whose refunded_amount exceeds the order amount (at least one)."""


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate: size, seed, time window and dirt."""

    n_leads: int = 3000
    seed: int = 42
    start: date = date(2025, 1, 1)
    months: int = 18
    rates: DirtRates = field(default_factory=DirtRates)
    activity_scale: float = 1.0
    """Multiplier of the background engagement (opens, page views, clicks, follows) per lead:
    1.0 gives about 8 activities per lead (the sample), 2.6 about 20 (tiers M and L)."""
    loader_order: bool = True
    """Sort every table in the order the loader landed the rows (the CSV sample does; the
    warehouse writer does not need it, and skipping it saves a full shuffle of every column)."""

    @property
    def start_s(self) -> int:
        """Window start, epoch seconds (UTC)."""
        return _epoch(self.start)

    @property
    def end_s(self) -> int:
        """Window end (exclusive), epoch seconds (UTC): start + months."""
        month0 = self.start.month - 1 + self.months
        return _epoch(date(self.start.year + month0 // 12, month0 % 12 + 1, self.start.day))


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())
