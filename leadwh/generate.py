"""Deterministic, vectorised generator of the raw sample tables (clean core + injected dirt).

Pipeline (every step works on whole NumPy columns, never row by row):

1. ``build_campaigns``   campaign windows per channel (typed arrays).
2. ``build_leads``       people, channels, campaigns and a funnel *level* per lead.
3. ``build_funnel``      activities, opportunities and orders consistent with the levels.
4. ``render_*``          typed arrays -> raw text columns, with the configured dirt injected.
5. ``add_retries``       exact duplicate rows (loader retries) and loader order.

All randomness comes from one ``numpy.random.default_rng(seed)``, consumed in a fixed order,
so the same configuration always yields byte-identical CSVs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from collections.abc import Callable
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from leadwh import formats as fm
from leadwh.formats import STR, BoolArray, IntArray, StrArray
from leadwh.reference import (
    CHANNELS,
    LEAD_SOURCES,
    PAID_CHANNELS,
    UNKNOWN_ACTIVITY_TYPES,
    UNKNOWN_CURRENCIES,
    UNMAPPED_LEAD_SOURCES,
)
from leadwh.schema import RAW_COLUMNS

FloatArray = NDArray[np.float64]
Table = dict[str, StrArray]

MINUTE: Final[int] = 60
HOUR: Final[int] = 3600
DAY: Final[int] = 86400


# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
# Static vocabularies
# --------------------------------------------------------------------------------------------
FIRST_NAMES: Final[tuple[str, ...]] = (
    "Anna", "Peter", "Carla", "Oscar", "Rebecca", "Marco", "Sophie", "Jacob", "Elena", "Patrick",
    "Chloe", "Lucas", "Olivia", "Noah", "Emma", "Leo", "Clara", "Oliver", "Grace", "Pablo",
    "Nora", "Cedric", "Paula", "Felix", "Alice", "Victor", "Rosa", "Connor", "Maria", "Simon",
    "Erica", "Tobias", "Laura", "Marcus", "Petra", "Jonas", "Rachel", "Hugo", "Carmen", "Owen",
    "Camille", "Omar", "Priya", "Derek", "Monica", "Stefan", "Lena", "Scott", "Pia", "Colin",
)
LAST_NAMES: Final[tuple[str, ...]] = (
    "Smith", "Peterson", "Garcia", "Olsen", "Carter", "Rossi", "Parker", "Schneider", "Lopez",
    "Cooper", "Meyer", "Novak", "Larsen", "Pearce", "Coleman", "Brooks", "Petrov", "Moreau",
    "Jackson", "Porter", "Campbell", "Andersson", "Becker", "Fischer", "Hopkins", "Romero",
    "Scott", "Chapman", "Dupont", "Weber", "Palmer", "Costa", "Spencer", "Ocampo", "Price",
    "Reyes", "Horvat", "Mercer", "Lindqvist", "Pope", "Conway", "Baker", "Ortega", "Cole",
    "Paterson", "Vogel", "Morgan", "Acosta", "Nielsen", "Chen",
)
COMPANIES: Final[tuple[tuple[str, str], ...]] = (
    ("Acme, Inc.", "acme.io"), ("Globex Corporation", "globex.com"), ("Initech", "initech.com"),
    ("Umbrella Corp", "umbrella-corp.com"), ("Hooli", "hooli.xyz"), ("Stark Industries", "stark.com"),
    ("Wayne Enterprises", "wayne.co"), ("Soylent, Ltd.", "soylent.co.uk"),
    ("Cyberdyne Systems", "cyberdyne.ai"), ("Vandelay Industries", "vandelay.com"),
    ("Pied Piper", "piedpiper.com"), ("Oceanic Airlines", "oceanic.aero"),
    ("Prestige Worldwide", "prestige.world"), ("Northwind Traders", "northwind.com"),
    ("Contoso", "contoso.com"), ("Fabrikam", "fabrikam.de"), ("Tailspin Toys", "tailspin.com"),
    ("Adventure Works", "adventure-works.com"), ("Proseware", "proseware.se"),
    ("Coho Winery", "cohowinery.fr"), ("Lucerne Publishing", "lucerne.ch"),
    ("Margie's Travel", "margiestravel.com"), ("Blue Yonder Airlines", "blueyonder.com"),
    ("Smith, Jones & Partners", "smithjones.co.uk"), ("Alpine Ski House", "alpineski.ch"),
    ("Wingtip Toys", "wingtip.com"), ("Litware", "litware.io"), ("Woodgrove Bank", "woodgrove.com"),
    ("Trey Research", "treyresearch.net"), ("Nordic Data AB", "nordicdata.se"),
    ("Datapoint GmbH", "datapoint.de"), ("Baker & Cole, LLC", "bakercole.com"),
    ("Copperleaf", "copperleaf.ca"), ("Polaris Analytics", "polaris.io"),
    ("Cascade Logistics", "cascadelog.com"), ("Opal Health", "opalhealth.com"),
    ("Crescent Capital, Inc.", "crescentcap.com"), ("Pinecone Labs", "pineconelabs.dev"),
    ("Redwood Retail", "redwoodretail.com"), ("Helios Energy", "helios-energy.de"),
)
FREE_MAIL: Final[tuple[str, ...]] = ("gmail.com", "outlook.com", "yahoo.com", "proton.me")
JOB_TITLES: Final[tuple[str, ...]] = (
    "Marketing Manager", "Head of Marketing", "CMO", "Sales Director", "VP Sales", "CEO",
    "Data Analyst", "Head of Growth", "Operations Manager", "CTO", "Software Engineer",
    "Demand Generation Manager", "Account Executive", "Founder", "Product Manager", "",
)
# country: (weight, calling code, currency)
COUNTRIES: Final[dict[str, tuple[float, int, str]]] = {
    "US": (0.45, 1, "USD"), "CA": (0.06, 1, "USD"), "GB": (0.12, 44, "GBP"),
    "DE": (0.11, 49, "EUR"), "FR": (0.05, 33, "EUR"), "NL": (0.04, 31, "EUR"),
    "CH": (0.05, 41, "CHF"), "SE": (0.05, 46, "SEK"), "AU": (0.07, 61, "USD"),
}
CURRENCY_SCALE: Final[dict[str, float]] = {
    "USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CHF": 0.89, "SEK": 10.5,
}
TEST_DOMAINS: Final[tuple[str, ...]] = (
    "example.com", "test.com", "mailinator.com", "leadwh.example",
)
INVALID_PHONES: Final[tuple[str, ...]] = ("n/a", "12", "555", "unknown", "-", "0")
BAD_AMOUNTS: Final[tuple[str, ...]] = ("n/a", "abc", "")

#: Lead channels (index = channel code) and their share of new leads.
LEAD_CHANNELS: Final[tuple[str, ...]] = tuple(CHANNELS)
CHANNEL_MIX: Final[dict[str, float]] = {
    "organic_search": 0.17, "paid_search": 0.16, "organic_social": 0.06, "paid_social": 0.10,
    "email": 0.08, "webinar": 0.07, "referral": 0.06, "outbound": 0.08, "purchased_list": 0.12,
    "direct": 0.09, "unknown": 0.01,
}
#: Probability that a lead of the channel reaches IQL or beyond.
IQL_PROPENSITY: Final[dict[str, float]] = {
    "organic_search": 0.32, "paid_search": 0.32, "organic_social": 0.28, "paid_social": 0.26,
    "email": 0.42, "webinar": 0.62, "referral": 0.42, "outbound": 0.20, "purchased_list": 0.12,
    "direct": 0.30, "unknown": 0.20,
}
#: Average spend per campaign day (USD-equivalent) of the paid channels.
DAILY_SPEND: Final[dict[str, float]] = {
    "paid_search": 110.0, "paid_social": 80.0, "email": 15.0, "webinar": 60.0,
    "outbound": 90.0, "purchased_list": 45.0,
}
CAMPAIGN_THEMES: Final[tuple[str, ...]] = (
    "Brand", "Competitor conquest", "Product launch", "Retargeting", "Spring promo",
    "Pipeline, forecasting & more", "Summer series", "Q4 push", "Enterprise ABM",
    "Free trial", "Year-end", "Partner co-marketing",
)
SEASONALITY: Final[tuple[float, ...]] = (
    1.10, 1.05, 1.10, 1.00, 1.00, 0.95, 0.80, 0.75, 1.10, 1.15, 1.10, 0.70,
)

# Funnel levels
LEVEL_LEAD, LEVEL_IQL, LEVEL_MQL, LEVEL_SQL, LEVEL_OPP, LEVEL_CUSTOMER = range(6)

ACTIVITY_TYPES: Final[tuple[str, ...]] = (
    "page_view", "email_open", "email_click", "social_follow", "newsletter_signup",
    "ebook_download", "webinar_registration", "webinar_attendance", "form_fill",
    "pricing_page_view", "demo_request", "contact_sales_form", "call", "unsubscribe",
)
ACT: Final[dict[str, int]] = {name: code for code, name in enumerate(ACTIVITY_TYPES)}
#: Channel an activity type is attributed to ('' = the lead's own channel).
ACTIVITY_CHANNEL: Final[dict[str, str]] = {
    "email_open": "email", "email_click": "email", "newsletter_signup": "email",
    "unsubscribe": "email", "webinar_registration": "webinar", "webinar_attendance": "webinar",
    "social_follow": "organic_social",
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def sample_rows(rng: np.random.Generator, n: int, rate: float, minimum: int = 1,
                eligible: BoolArray | None = None) -> IntArray:
    """Indices of ``round(rate * n)`` distinct rows (at least ``minimum`` when rate > 0)."""
    pool = np.arange(n) if eligible is None else np.flatnonzero(eligible)
    if rate <= 0 or pool.size == 0:
        return np.zeros(0, dtype=np.int64)
    k = min(pool.size, max(minimum, int(round(rate * n))))
    return np.sort(rng.choice(pool, size=k, replace=False)).astype(np.int64)


def mask_of(n: int, rows: IntArray) -> BoolArray:
    """Boolean mask with ``rows`` set."""
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def to_minute(seconds: NDArray[Any]) -> IntArray:
    """Round down to whole minutes (int64 epoch seconds)."""
    return (np.floor(np.asarray(seconds, dtype=np.float64) / MINUTE) * MINUTE).astype(np.int64)


def exp_days(rng: np.random.Generator, mean_days: float, size: int) -> FloatArray:
    """Exponential lags in seconds with the given mean in days."""
    return rng.exponential(mean_days * DAY, size=size)


def load_times(rng: np.random.Generator, event_s: IntArray, cfg: GeneratorConfig) -> IntArray:
    """``_loaded_at`` seconds: 10 min - 36 h after the event, some 2-20 days late, capped."""
    n = event_s.shape[0]
    lag: FloatArray = np.asarray(rng.uniform(10 * MINUTE, 36 * HOUR, size=n))
    late = rng.random(n) < cfg.rates.late_arrival_rate
    lag = np.where(late, rng.uniform(2 * DAY, 20 * DAY, size=n), lag)
    loaded = event_s + lag.astype(np.int64)
    return np.minimum(loaded, cfg.end_s - MINUTE)


def render_ts(rng: np.random.Generator, event_s: IntArray, loaded_s: IntArray,
              cfg: GeneratorConfig, missing: BoolArray | None = None) -> StrArray:
    """Event timestamps as text in mixed formats, with unparseable and future dirt."""
    n = event_s.shape[0]
    out = fm.timestamps(rng, event_s)
    future = sample_rows(rng, n, cfg.rates.future_timestamp_rate)
    if future.size:
        ahead = to_minute(loaded_s[future] + rng.uniform(1 * DAY, 45 * DAY, size=future.size))
        out[future] = fm.timestamps(rng, ahead)
    invalid = sample_rows(rng, n, cfg.rates.invalid_timestamp_rate)
    if invalid.size:
        out[invalid] = fm.pick(rng, fm.INVALID_TIMESTAMPS, invalid.size)
    if missing is not None:
        out[missing] = ""
    return out


def render_amounts(rng: np.random.Generator, cents: IntArray, currency: StrArray,
                   cfg: GeneratorConfig) -> StrArray:
    """Amounts in mixed text styles with non-numeric and negative dirt."""
    n = cents.shape[0]
    out = fm.money_mixed(rng, cents, currency)
    bad = sample_rows(rng, n, cfg.rates.bad_amount_rate)
    if bad.size:
        negative = rng.random(bad.size) < 0.4
        neg_text = fm.money(-np.maximum(cents[bad], 100))
        junk = fm.pick(rng, BAD_AMOUNTS, bad.size)
        out[bad] = np.where(negative, neg_text, junk).astype(STR)
    return out


def render_currency(rng: np.random.Generator, codes: StrArray, cfg: GeneratorConfig) -> StrArray:
    """Currency codes with case/whitespace variants, unknown codes and empties."""
    n = codes.shape[0]
    out = fm.vary_case(rng, np.strings.lower(codes), weights=(0.06, 0.0, 0.90, 0.04))
    odd = sample_rows(rng, n, cfg.rates.odd_currency_rate)
    if odd.size:
        out[odd] = fm.pick(rng, (*UNKNOWN_CURRENCIES, ""), odd.size)
    return out


def add_retries(rng: np.random.Generator, table: Table, loaded_s: IntArray,
                rate: float, loader_order: bool = True) -> Table:
    """Append exact duplicate rows (loader retries) and order rows as the loader landed them."""
    n = loaded_s.shape[0]
    dup = sample_rows(rng, n, rate)
    if not loader_order:
        return {col: np.concatenate([values, values[dup]]) for col, values in table.items()}
    order_idx = np.concatenate([np.arange(n), dup])
    keys = np.concatenate([loaded_s, loaded_s[dup]])
    order = np.lexsort((order_idx, keys))
    return {col: values[order_idx][order] for col, values in table.items()}


# --------------------------------------------------------------------------------------------
# Campaigns
# --------------------------------------------------------------------------------------------
@dataclass
class Campaigns:
    """Typed campaign columns (index = campaign number - 1)."""

    channel: StrArray
    name: StrArray
    start_s: IntArray
    end_s: IntArray
    currency: StrArray

    @property
    def size(self) -> int:
        """Number of campaigns."""
        return int(self.start_s.shape[0])

    @property
    def ids(self) -> StrArray:
        """Readable ids C001, C002, ..."""
        return fm.ids("C", np.arange(1, self.size + 1), 3)


def build_campaigns(rng: np.random.Generator, cfg: GeneratorConfig) -> Campaigns:
    """3-5 consecutive campaigns per paid channel (plus one organic social), ordered by start."""
    days = (cfg.end_s - cfg.start_s) // DAY
    channels: list[str] = []
    starts: list[IntArray] = []
    ends: list[IntArray] = []
    for channel in (*PAID_CHANNELS, "organic_social"):
        k = int(rng.integers(3, 6)) if channel in PAID_CHANNELS else 1
        grid = np.arange(20, days - 20, 30)  # cut points at least 30 days apart
        cuts = np.sort(rng.choice(grid, size=k - 1, replace=False) + rng.integers(0, 15, k - 1))
        first = np.concatenate([[int(rng.integers(0, 10))], cuts])
        last = np.concatenate([cuts - rng.integers(1, 12, size=k - 1), [days - 1]])
        channels += [channel] * k
        starts.append(first.astype(np.int64))
        ends.append(last.astype(np.int64))
    start_day = np.concatenate(starts)
    end_day = np.concatenate(ends)
    channel_arr = fm.as_str(np.asarray(channels))
    channel_rank = np.asarray([LEAD_CHANNELS.index(c) for c in channels])
    order = np.lexsort((channel_rank, start_day))
    start_s = cfg.start_s + start_day[order] * DAY
    end_s = cfg.start_s + end_day[order] * DAY
    channel_arr = channel_arr[order]
    n = start_s.shape[0]
    display = fm.as_str(np.asarray([CHANNELS[str(c)][0] for c in channel_arr.tolist()]))
    theme = fm.pick(rng, CAMPAIGN_THEMES, n)
    name = fm.cat(display, " - ", theme, " ", fm.iso_date(start_s))
    # mostly USD; a few paid campaigns are billed in EUR or GBP
    currency = np.full(n, "USD", dtype=STR)
    paid = np.flatnonzero(np.isin(np.asarray(channel_arr.tolist()), PAID_CHANNELS))
    foreign = rng.choice(paid, size=min(paid.size, max(2, n // 6)), replace=False)
    currency[foreign] = np.where(np.arange(foreign.size) % 3 == 2, "GBP", "EUR")
    return Campaigns(channel_arr, name, start_s, end_s, currency)


# --------------------------------------------------------------------------------------------
# Leads (typed core)
# --------------------------------------------------------------------------------------------
@dataclass
class Leads:
    """Typed lead columns (index = lead number - 1, ordered by creation)."""

    created_s: IntArray
    channel: IntArray
    campaign: IntArray  # campaign index or -1
    level: IntArray
    skips_iql: BoolArray
    first_name: StrArray
    last_name: StrArray
    base_email: StrArray  # the person's clean email (lower case), for other systems
    email: StrArray  # as typed into the CRM (variants and dirt)
    company: StrArray
    job_title: StrArray
    country: StrArray
    calling_code: IntArray
    currency: StrArray
    is_test: BoolArray


def sample_created(rng: np.random.Generator, n: int, cfg: GeneratorConfig) -> IntArray:
    """Creation times: growth, monthly seasonality, quieter weekends, business hours."""
    days = (cfg.end_s - cfg.start_s) // DAY
    day_index = np.arange(days)
    day64 = np.datetime64(cfg.start, "D") + day_index
    month = (day64.astype("datetime64[M]").astype(np.int64)) % 12
    weekday = (day64.astype(np.int64) + 3) % 7
    weight = (1.0 + 0.5 * day_index / days) * np.asarray(SEASONALITY)[month]
    weight *= np.where(weekday >= 5, 0.4, 1.0)
    chosen = rng.choice(day_index, size=n, p=weight / weight.sum())
    hour = np.clip(rng.normal(14.0, 3.5, size=n), 0, 23.99)
    return np.sort(to_minute(cfg.start_s + chosen * DAY + hour * HOUR))


def assign_campaigns(rng: np.random.Generator, created_s: IntArray, channel: IntArray,
                     campaigns: Campaigns) -> IntArray:
    """Campaign active at creation for leads of channels with campaigns (85 %), else -1."""
    result = np.full(created_s.shape[0], -1, dtype=np.int64)
    for code, name in enumerate(LEAD_CHANNELS):
        of_channel = np.flatnonzero(campaigns.channel == name)
        if of_channel.size == 0:
            continue
        rows = np.flatnonzero(channel == code)
        pos = np.searchsorted(campaigns.start_s[of_channel], created_s[rows], side="right") - 1
        ok = pos >= 0
        cand = of_channel[np.clip(pos, 0, None)]
        ok &= created_s[rows] <= campaigns.end_s[cand] + DAY
        ok &= rng.random(rows.size) < 0.85
        result[rows[ok]] = cand[ok]
    return result


def assign_levels(rng: np.random.Generator, channel: IntArray) -> IntArray:
    """Highest funnel level each lead will reach (if time allows)."""
    n = channel.shape[0]
    iql_p = np.asarray([IQL_PROPENSITY[c] for c in LEAD_CHANNELS])[channel]
    u = rng.random((5, n))
    level = np.zeros(n, dtype=np.int64)
    reached = u[0] < iql_p
    # conditional progression: IQL->MQL 0.5, MQL->SQL 0.55, SQL->opp 0.6, opp->customer 0.6
    for step, p in enumerate((0.5, 0.55, 0.6, 0.6), start=1):
        level[reached] = step
        reached &= u[step] < p
    level[reached] = LEVEL_CUSTOMER
    # a few leads jump straight to a demo request (SQL without IQL)
    jump = (level == LEVEL_LEAD) & (rng.random(n) < 0.012)
    level[jump] = LEVEL_SQL
    return level


def build_people(rng: np.random.Generator, n: int) -> dict[str, StrArray | IntArray]:
    """Names, company, email, job title and country of ``n`` distinct people."""
    first = fm.pick(rng, FIRST_NAMES, n)
    last = fm.pick(rng, LAST_NAMES, n)
    company_idx = rng.integers(0, len(COMPANIES), size=n)
    company = fm.as_str(np.asarray([c for c, _ in COMPANIES])[company_idx])
    domain = fm.as_str(np.asarray([d for _, d in COMPANIES])[company_idx])
    free = rng.random(n) < 0.25
    domain = np.where(free, fm.pick(rng, FREE_MAIL, n), domain).astype(STR)
    f, l_ = np.strings.lower(first), np.strings.lower(last)
    pattern = rng.integers(0, 5, size=n)
    local = np.where(pattern == 0, fm.cat(f, ".", l_), fm.cat(np.strings.slice(f, 0, 1), ".", l_))
    local = np.where(pattern == 2, f, local)
    local = np.where(pattern == 3, fm.cat(f, l_), local)
    local = np.where(pattern == 4, fm.cat(f, "_", l_), local).astype(STR)
    email = fm.cat(local, "@", domain)
    # make accidental collisions distinct people: append a number to repeats
    _, first_pos = np.unique(np.asarray(email.tolist()), return_index=True)
    repeat = ~mask_of(n, first_pos.astype(np.int64))
    email[repeat] = fm.cat(local[repeat], fm.as_str(np.flatnonzero(repeat) % 97 + 2), "@",
                           domain[repeat])
    countries = list(COUNTRIES)
    c_idx = rng.choice(len(countries), size=n, p=[COUNTRIES[c][0] for c in countries])
    return {
        "first_name": first, "last_name": last, "company": company, "email": email,
        "job_title": fm.pick(rng, JOB_TITLES, n),
        "country": fm.as_str(np.asarray(countries)[c_idx]),
        "calling_code": np.asarray([COUNTRIES[c][1] for c in countries], dtype=np.int64)[c_idx],
        "currency": fm.as_str(np.asarray([COUNTRIES[c][2] for c in countries])[c_idx]),
    }


def email_variants(rng: np.random.Generator, email: StrArray) -> tuple[StrArray, BoolArray]:
    """Same-person email variants: UPPER, Capitalised, padded, +tag, or unchanged.

    Returns the variants and a mask of rows that should get Cyrillic look-alikes instead.
    """
    n = email.shape[0]
    kind = rng.choice(6, size=n, p=[0.2, 0.15, 0.15, 0.25, 0.1, 0.15])
    local, domain = fm.split_email(email)
    tag = fm.pick(rng, ("promo", "news", "webinar", "test1", "crm"), n)
    out = email.copy()
    out = np.where(kind == 0, np.strings.upper(email), out)
    out = np.where(kind == 1, np.strings.capitalize(email), out)
    out = np.where(kind == 2, fm.cat(" ", email, " "), out)
    out = np.where(kind == 3, fm.cat(local, "+", tag, domain), out).astype(STR)
    return out, np.asarray(kind == 4, dtype=bool)  # kind 5: identical email, new lead id


def build_leads(rng: np.random.Generator, cfg: GeneratorConfig, campaigns: Campaigns) -> Leads:
    """People, channels, campaigns, levels, and the person-level dirt (duplicates, emails)."""
    n = cfg.n_leads
    rates = cfg.rates
    created = sample_created(rng, n, cfg)
    mix = np.asarray([CHANNEL_MIX[c] for c in LEAD_CHANNELS])
    channel = rng.choice(len(LEAD_CHANNELS), size=n, p=mix / mix.sum()).astype(np.int64)
    campaign = assign_campaigns(rng, created, channel, campaigns)
    level = assign_levels(rng, channel)
    skips_iql = (level >= LEVEL_SQL) & (rng.random(n) < 0.2)
    people = build_people(rng, n)

    # the same person again under a later lead id
    dup_rows = sample_rows(rng, n, rates.identity_duplicate_rate, eligible=np.arange(n) > 0)
    source = np.floor(rng.random(dup_rows.size) * dup_rows).astype(np.int64)
    for key in ("first_name", "last_name", "company", "email", "country", "calling_code",
                "currency", "job_title"):
        people[key][dup_rows] = people[key][source]
    base_email: StrArray = people["email"].copy()
    email: StrArray = people["email"].copy()
    variants, cyr_dup = email_variants(rng, email[dup_rows])
    email[dup_rows] = variants

    # Cyrillic look-alikes: duplicates of Latin-spelled people and some standalone people
    standalone = sample_rows(rng, n, rates.cyrillic_rate / 2, minimum=2,
                             eligible=~mask_of(n, dup_rows))
    cyr = mask_of(n, np.concatenate([dup_rows[cyr_dup], standalone]))
    if rates.cyrillic_rate <= 0:
        cyr[:] = False
    first = fm.replace_first_lookalike(people["first_name"], cyr)
    last = fm.replace_first_lookalike(people["last_name"], cyr)
    local, domain = fm.split_email(email)
    email = np.where(cyr, fm.cat(fm.replace_first_lookalike(local, cyr), domain), email).astype(STR)

    # test and internal leads
    test_rows = sample_rows(rng, n, rates.test_lead_rate, minimum=4)
    is_test = mask_of(n, test_rows)
    t_local, _ = fm.split_email(base_email[test_rows])
    test_domain = fm.as_str(np.asarray(TEST_DOMAINS)[np.arange(test_rows.size) % len(TEST_DOMAINS)])
    base_email[test_rows] = fm.cat(t_local, "@", test_domain)
    email[test_rows] = base_email[test_rows]
    named_test = test_rows[rng.random(test_rows.size) < 0.4]
    first[named_test] = fm.pick(rng, ("Test", "QA", "Demo"), named_test.size)
    last[named_test] = fm.pick(rng, ("User", "Test", "Account"), named_test.size)

    # invalid emails: no @, @@, spaces, empty
    bad = sample_rows(rng, n, rates.invalid_email_rate, minimum=4, eligible=~is_test)
    kind = np.arange(bad.size) % 4
    b_local, b_domain = fm.split_email(base_email[bad])
    no_at = fm.cat(b_local, np.strings.slice(b_domain, 1, None))
    double_at = fm.cat(b_local, "@", b_domain)
    spaced = fm.cat(np.strings.replace(b_local, ".", " ", 1), " ", b_domain)
    email[bad] = np.select([kind == 0, kind == 1, kind == 2], [no_at, double_at, spaced], "")

    return Leads(
        created_s=created, channel=channel, campaign=campaign, level=level, skips_iql=skips_iql,
        first_name=first, last_name=last, base_email=base_email, email=email,
        company=people["company"], job_title=people["job_title"], country=people["country"],
        calling_code=people["calling_code"], currency=people["currency"], is_test=is_test,
    )


# --------------------------------------------------------------------------------------------
# Funnel events (typed)
# --------------------------------------------------------------------------------------------
@dataclass
class Funnel:
    """Typed events: activities, opportunities, orders (times in epoch seconds)."""

    act_lead: IntArray
    act_type: IntArray
    act_s: IntArray
    opp_lead: IntArray
    opp_created_s: IntArray
    opp_closed_s: IntArray  # -1 = open
    opp_stage: StrArray
    opp_cents: IntArray
    ord_lead: IntArray
    ord_s: IntArray
    ord_cents: IntArray
    ord_first: BoolArray


def _acts(lead: IntArray, code: IntArray | int, when: FloatArray | IntArray
          ) -> tuple[IntArray, IntArray, IntArray]:
    codes = np.broadcast_to(np.asarray(code, dtype=np.int64), lead.shape).copy()
    return lead.astype(np.int64), codes, to_minute(when)


def _choose_codes(rng: np.random.Generator, names: tuple[str, ...], p: tuple[float, ...],
                  size: int) -> IntArray:
    codes = np.asarray([ACT[name] for name in names], dtype=np.int64)
    return codes[rng.choice(len(names), size=size, p=p)]


def build_activities(rng: np.random.Generator, leads: Leads, scale: float = 1.0
                     ) -> tuple[list[tuple[IntArray, IntArray, IntArray]], FloatArray]:
    """Activity chunks (lead, type, time) per funnel step, and the SQL time of each lead."""
    n = leads.created_s.shape[0]
    created = leads.created_s.astype(np.float64)
    chunks: list[tuple[IntArray, IntArray, IntArray]] = []

    # background engagement for everyone: opens, page views, clicks, follows
    for name, lam, mean_days in (("email_open", 4.2, 60.0), ("page_view", 2.6, 45.0),
                                 ("email_click", 0.7, 50.0), ("social_follow", 0.12, 30.0)):
        counts = rng.poisson(lam * scale, size=n)
        lead = np.repeat(np.arange(n), counts)
        chunks.append(_acts(lead, ACT[name], created[lead] + exp_days(rng, mean_days, lead.size)))

    webinar_ch, email_ch = LEAD_CHANNELS.index("webinar"), LEAD_CHANNELS.index("email")
    # IQL: an information request
    iql = np.flatnonzero((leads.level >= LEVEL_IQL) & ~leads.skips_iql)
    code = _choose_codes(rng, ("newsletter_signup", "ebook_download", "webinar_registration",
                               "form_fill"), (0.3, 0.35, 0.15, 0.2), iql.size)
    code = np.where(leads.channel[iql] == webinar_ch, ACT["webinar_registration"], code)
    code = np.where(leads.channel[iql] == email_ch, ACT["newsletter_signup"], code)
    at_creation = np.isin(leads.channel[iql], (webinar_ch, email_ch))
    lag = np.where(at_creation, rng.uniform(0, 20 * MINUTE, iql.size), exp_days(rng, 4, iql.size))
    t_iql = np.full(n, np.nan)
    t_iql[iql] = created[iql] + lag
    chunks.append(_acts(iql, code, t_iql[iql]))
    again = iql[rng.random(iql.size) < 0.2]
    chunks.append(_acts(again, ACT["ebook_download"], t_iql[again] + exp_days(rng, 20, again.size)))

    # MQL: three more content touches (>= 15 points each) -> score >= 50
    mql = np.flatnonzero((leads.level >= LEVEL_MQL) & ~leads.skips_iql)
    t_last = t_iql.copy()
    for _ in range(3):
        code = _choose_codes(rng, ("webinar_attendance", "ebook_download"), (0.4, 0.6), mql.size)
        t_last[mql] = t_last[mql] + DAY / 4 + exp_days(rng, 7, mql.size)
        chunks.append(_acts(mql, code, t_last[mql]))

    # SQL: buying intent (some without any earlier IQL/MQL evidence)
    sql = np.flatnonzero(leads.level >= LEVEL_SQL)
    base = np.where(leads.skips_iql[sql], created[sql], t_last[sql])
    t_sql = np.full(n, np.nan)
    t_sql[sql] = base + DAY + exp_days(rng, 10, sql.size)
    code = _choose_codes(rng, ("demo_request", "contact_sales_form", "call", "pricing_page_view"),
                         (0.45, 0.2, 0.2, 0.15), sql.size)
    chunks.append(_acts(sql, code, t_sql[sql]))
    pricing = sql[rng.random(sql.size) < 0.4]
    chunks.append(_acts(pricing, ACT["pricing_page_view"],
                        t_sql[pricing] - rng.uniform(HOUR, 3 * DAY, pricing.size)))
    calls = sql[rng.random(sql.size) < 0.5]
    chunks.append(_acts(calls, ACT["call"], t_sql[calls] + exp_days(rng, 3, calls.size)))

    # unsubscribes (mostly leads that never got far)
    unsub = np.flatnonzero((leads.level <= LEVEL_MQL) & (rng.random(n) < 0.035))
    chunks.append(_acts(unsub, ACT["unsubscribe"], created[unsub] + exp_days(rng, 60, unsub.size)))
    return chunks, t_sql


def build_funnel(rng: np.random.Generator, cfg: GeneratorConfig, leads: Leads) -> Funnel:
    """Activities, opportunities and orders consistent with each lead's level."""
    n = leads.created_s.shape[0]
    horizon = cfg.end_s - 3 * HOUR
    chunks, t_sql = build_activities(rng, leads, cfg.activity_scale)
    act_lead, act_type, act_s = (np.concatenate(parts) for parts in zip(*chunks, strict=True))
    keep = act_s <= horizon
    order = np.lexsort((act_type[keep], act_lead[keep], act_s[keep]))
    act_lead, act_type, act_s = act_lead[keep][order], act_type[keep][order], act_s[keep][order]

    # opportunities
    customer = leads.level == LEVEL_CUSTOMER
    no_opp = customer & (rng.random(n) < 0.12)  # buys without an opportunity (skipped stage)
    opp = np.flatnonzero((leads.level >= LEVEL_OPP) & ~no_opp)
    opp_created = to_minute(t_sql[opp] + DAY + exp_days(rng, 5, opp.size))
    won = leads.level[opp] == LEVEL_CUSTOMER
    lost = ~won & (rng.random(opp.size) < 0.65)
    closed = to_minute(opp_created + np.where(won, 7 * DAY + exp_days(rng, 25, opp.size),
                                              exp_days(rng, 30, opp.size)))
    closed = np.where(won | lost, closed, -1)
    open_stage = fm.pick(rng, ("discovery", "proposal", "negotiation"), opp.size)
    stage = np.where(won, "closed_won", np.where(lost, "closed_lost", open_stage)).astype(STR)
    late_close = closed > horizon
    stage = np.where(late_close, "negotiation", stage).astype(STR)
    closed = np.where(late_close, -1, closed)
    scale = np.asarray([CURRENCY_SCALE[str(c)] for c in leads.currency[opp].tolist()])
    opp_cents = np.round(rng.lognormal(np.log(7000), 0.6, opp.size) * scale * 100).astype(np.int64)
    keep = opp_created <= horizon
    won_at = np.full(n, np.nan)
    won_at[opp[keep & (stage == "closed_won")]] = closed[keep & (stage == "closed_won")]
    opp_amount_by_lead = np.zeros(n, dtype=np.int64)
    opp_amount_by_lead[opp] = opp_cents

    # orders: first order after the win (or directly), repeats with a long tail
    buyers = np.flatnonzero(customer)
    direct = no_opp[buyers]
    base = np.where(direct, np.fmin(t_sql[buyers], leads.created_s[buyers] + 20 * DAY),
                    won_at[buyers])
    first_s = base + np.where(direct, exp_days(rng, 7, buyers.size), exp_days(rng, 2, buyers.size))
    n_orders = np.minimum(rng.geometric(0.33, size=buyers.size), 15)
    ord_lead = np.repeat(buyers, n_orders)
    seq = np.arange(ord_lead.size) - np.repeat(np.cumsum(n_orders) - n_orders, n_orders)
    gaps = np.where(seq == 0, 0.0, DAY + exp_days(rng, 40, ord_lead.size))
    group_start = np.repeat(np.cumsum(n_orders) - n_orders, n_orders)
    cum = np.cumsum(gaps)
    offset = cum - cum[group_start]
    ord_float = np.repeat(first_s, n_orders) + offset
    valid = ~np.isnan(ord_float)
    valid[valid] = ord_float[valid] <= horizon
    ord_s = to_minute(np.where(valid, ord_float, 0.0))
    scale_o = np.asarray([CURRENCY_SCALE[str(c)] for c in leads.currency[ord_lead].tolist()])
    first_amount = np.where(opp_amount_by_lead[ord_lead] > 0,
                            opp_amount_by_lead[ord_lead] * rng.uniform(0.8, 1.0, ord_lead.size),
                            rng.lognormal(np.log(3000), 0.5, ord_lead.size) * scale_o * 100)
    repeat_amount = rng.lognormal(np.log(1200), 0.7, ord_lead.size) * scale_o * 100
    ord_cents = np.round(np.where(seq == 0, first_amount, repeat_amount)).astype(np.int64)

    return Funnel(
        act_lead=act_lead, act_type=act_type, act_s=act_s,
        opp_lead=opp[keep], opp_created_s=opp_created[keep], opp_closed_s=closed[keep],
        opp_stage=stage[keep], opp_cents=opp_cents[keep],
        ord_lead=ord_lead[valid], ord_s=ord_s[valid], ord_cents=ord_cents[valid],
        ord_first=(seq == 0)[valid],
    )


# --------------------------------------------------------------------------------------------
# Rendering raw tables (text + dirt)
# --------------------------------------------------------------------------------------------
def lead_ids(n: int) -> StrArray:
    """L000001 ... for lead numbers 1..n."""
    return fm.ids("L", np.arange(1, n + 1), 6)


def lead_status(leads: Leads, funnel: Funnel, rng: np.random.Generator) -> tuple[StrArray, IntArray]:
    """Current CRM status and last status-change time of each lead."""
    n = leads.created_s.shape[0]
    last_change = leads.created_s.copy()
    status = np.full(n, "open", dtype=STR)
    reached = np.zeros(n, dtype=np.int64)
    signal = {ACT[t]: lvl for t, lvl in (("newsletter_signup", 1), ("ebook_download", 1),
                                          ("webinar_registration", 1), ("form_fill", 1),
                                          ("webinar_attendance", 2), ("demo_request", 3),
                                          ("contact_sales_form", 3), ("call", 3))}
    for code, lvl in signal.items():
        m = funnel.act_type == code
        np.maximum.at(reached, funnel.act_lead[m], lvl)
        np.maximum.at(last_change, funnel.act_lead[m], funnel.act_s[m])
    status[reached >= 1] = "nurturing"
    status[reached >= 3] = "working"
    lost = funnel.opp_stage == "closed_lost"
    status[funnel.opp_lead] = "working"
    status[funnel.opp_lead[lost]] = "unqualified"
    np.maximum.at(last_change, funnel.opp_lead, np.maximum(funnel.opp_created_s,
                                                           funnel.opp_closed_s))
    status[funnel.ord_lead] = "converted"
    first = funnel.ord_first
    np.maximum.at(last_change, funnel.ord_lead[first], funnel.ord_s[first])
    junk = (reached == 0) & (rng.random(n) < 0.04)
    status[junk] = "unqualified"
    return status, last_change


def render_leads(rng: np.random.Generator, cfg: GeneratorConfig, leads: Leads, funnel: Funnel,
                 campaigns: Campaigns) -> tuple[Table, IntArray]:
    """crm_leads rows (latest versions + superseded older versions) and their load times."""
    n = cfg.n_leads
    rates = cfg.rates
    status, last_change = lead_status(leads, funnel, rng)
    touched = last_change > leads.created_s
    updated = np.where(touched, last_change + rng.integers(5, 240, n) * MINUTE,
                       leads.created_s + rng.integers(0, 30, n) * MINUTE)
    versions = sample_rows(rng, n, rates.updated_version_rate,
                           eligible=leads.created_s < cfg.end_s - 5 * DAY)
    updated[versions] = np.maximum(updated[versions],
                                   leads.created_s[versions] + to_minute(2 * DAY + exp_days(
                                       rng, 10, versions.size)))
    updated = np.maximum(np.minimum(updated, cfg.end_s - 4 * HOUR), leads.created_s)
    loaded = load_times(rng, updated, cfg)

    phone = fm.phones(rng, leads.calling_code)
    phone[rng.random(n) < 0.12] = ""
    bad_phone = sample_rows(rng, n, rates.invalid_phone_rate)
    phone[bad_phone] = fm.pick(rng, INVALID_PHONES, bad_phone.size)

    source: StrArray = np.empty(n, dtype=STR)
    for code, name in enumerate(LEAD_CHANNELS):
        rows = np.flatnonzero(leads.channel == code)
        source[rows] = fm.pick(rng, LEAD_SOURCES[name], rows.size)
    unmapped = sample_rows(rng, n, rates.unmapped_lead_source_rate)
    source[unmapped] = fm.pick(rng, (*UNMAPPED_LEAD_SOURCES, ""), unmapped.size)
    source = fm.vary_case(rng, source, weights=(0.7, 0.15, 0.08, 0.07))

    campaign_id = np.where(leads.campaign >= 0, campaigns.ids[np.clip(leads.campaign, 0, None)],
                           "").astype(STR)
    deleted = sample_rows(rng, n, rates.soft_deleted_rate)
    is_deleted = fm.pick(rng, ("false", "FALSE", "0", "no", "", ""), n)
    is_deleted[deleted] = fm.pick(rng, ("true", "TRUE", "1", "yes", "Yes"), deleted.size)
    ids = lead_ids(n)
    missing = sample_rows(rng, n, rates.missing_id_rate)
    ids[missing] = ""
    table: Table = {
        "lead_id": ids,
        "email": leads.email,
        "first_name": leads.first_name,
        "last_name": leads.last_name,
        "phone": phone,
        "company": np.where(rng.random(n) < 0.04, "", leads.company).astype(STR),
        "job_title": leads.job_title,
        "country": leads.country,
        "lead_source": source,
        "campaign_id": campaign_id,
        "created_at": render_ts(rng, leads.created_s, loaded, cfg),
        "updated_at": fm.timestamps(rng, updated),
        "status": fm.vary_case(rng, status, weights=(0.8, 0.1, 0.05, 0.05)),
        "is_deleted": is_deleted,
        "_loaded_at": fm.iso_utc(loaded),
    }
    # older versions of some leads: loaded soon after creation, still 'open', fewer details
    old_updated = np.minimum(leads.created_s[versions] + rng.integers(0, 60, versions.size) * MINUTE,
                             updated[versions] - 30 * MINUTE)
    old_loaded = np.minimum(load_times(rng, old_updated, cfg), loaded[versions] - HOUR)
    old = {col: values[versions].copy() for col, values in table.items()}
    old["updated_at"] = fm.timestamps(rng, old_updated)
    old["status"] = np.full(versions.size, "open", dtype=STR)
    old["job_title"] = np.where(rng.random(versions.size) < 0.5, "", old["job_title"]).astype(STR)
    old["phone"] = np.where(rng.random(versions.size) < 0.5, "", old["phone"]).astype(STR)
    old["is_deleted"] = np.full(versions.size, "false", dtype=STR)
    old["_loaded_at"] = fm.iso_utc(old_loaded)
    merged = {col: np.concatenate([table[col], old[col]]) for col in table}
    return merged, np.concatenate([loaded, old_loaded])


def render_activities(rng: np.random.Generator, cfg: GeneratorConfig, leads: Leads,
                      funnel: Funnel, campaigns: Campaigns) -> tuple[Table, IntArray]:
    """marketing_activities rows and their load times."""
    rates = cfg.rates
    lead = funnel.act_lead
    n_real = lead.shape[0]
    # extra rows: email-only activities whose email matches no lead
    n_unmatched = max(2, int(round(n_real * rates.email_only_activity_rate
                                   * rates.unmatched_email_share)))
    if rates.email_only_activity_rate <= 0:
        n_unmatched = 0
    extra_s = np.sort(to_minute(rng.uniform(cfg.start_s, cfg.end_s - DAY, n_unmatched)))
    when = np.concatenate([funnel.act_s, extra_s])
    order = np.argsort(when, kind="stable")
    n = when.shape[0]
    is_extra = (np.arange(n) >= n_real)[order]
    when = when[order]
    lead_idx = np.concatenate([lead, np.zeros(n_unmatched, dtype=np.int64)])[order]
    type_code = np.concatenate([funnel.act_type,
                                np.full(n_unmatched, ACT["page_view"], dtype=np.int64)])[order]
    type_code[is_extra] = _choose_codes(rng, ("page_view", "ebook_download", "email_click"),
                                        (0.5, 0.3, 0.2), int(is_extra.sum()))
    loaded = load_times(rng, when, cfg)

    # masked assignments instead of np.where over whole string columns (same values, faster)
    lead_id = lead_ids(cfg.n_leads)[lead_idx]
    lead_id[is_extra] = ""
    carry_email = rng.random(n) < 0.35
    email = np.full(n, "", dtype=STR)
    with_email = carry_email & ~is_extra
    email[with_email] = leads.email[lead_idx[with_email]]
    only_email = sample_rows(rng, n, rates.email_only_activity_rate * (1 - rates.unmatched_email_share),
                             eligible=~is_extra)
    lead_id[only_email] = ""
    email[only_email] = fm.vary_case(rng, leads.base_email[lead_idx[only_email]],
                                     weights=(0.6, 0.1, 0.2, 0.1))
    k = int(is_extra.sum())
    stranger = fm.cat(fm.pick(rng, ("visitor", "info", "j.doe", "someone", "hello"), k),
                      fm.as_str(rng.integers(1, 999, k)), "@",
                      fm.pick(rng, (*FREE_MAIL, "unknown-co.com"), k))
    email[is_extra] = stranger
    orphan = sample_rows(rng, n, rates.orphan_activity_rate, minimum=3, eligible=~is_extra)
    lead_id[orphan] = fm.ids("L", cfg.n_leads + 1 + rng.integers(0, 5000, orphan.size), 6)
    # no lead id and no usable email: nothing to attach the event to
    anonymous = sample_rows(rng, n, rates.orphan_activity_rate / 4, minimum=2, eligible=~is_extra)
    lead_id[anonymous] = ""
    email[anonymous] = fm.pick(rng, ("", "visitor at gmail.com", "n/a"), anonymous.size)

    types = fm.as_str(np.asarray(ACTIVITY_TYPES))[type_code]
    unknown = sample_rows(rng, n, rates.unknown_activity_type_rate, minimum=3)
    types[unknown] = fm.pick(rng, UNKNOWN_ACTIVITY_TYPES, unknown.size)

    # channels as integer codes (one lookup per row instead of string comparisons)
    lead_channel_code = leads.channel[lead_idx]
    type_channel = np.full(len(ACTIVITY_TYPES), -1, dtype=np.int64)
    for name, ch in ACTIVITY_CHANNEL.items():
        type_channel[ACT[name]] = LEAD_CHANNELS.index(ch)
    channel_code = np.where(type_channel[type_code] >= 0, type_channel[type_code], lead_channel_code)
    channel_code[is_extra] = LEAD_CHANNELS.index("direct")
    channel = fm.as_str(np.asarray(LEAD_CHANNELS))[channel_code]
    lead_campaign = leads.campaign[lead_idx]
    with_campaign = ((lead_campaign >= 0) & (channel_code == lead_channel_code)
                     & (rng.random(n) < 0.6))
    with_campaign &= ~is_extra
    campaign_id = np.full(n, "", dtype=STR)
    campaign_id[with_campaign] = campaigns.ids[lead_campaign[with_campaign]]
    ids = fm.ids("A", np.arange(1, n + 1), 7)
    missing_ids = sample_rows(rng, n, rates.missing_id_rate)
    ids[missing_ids] = ""
    table: Table = {
        "activity_id": ids,
        "lead_id": lead_id,
        "email": email,
        "activity_type": types,
        "occurred_at": render_ts(rng, when, loaded, cfg),
        "campaign_id": campaign_id,
        "channel": channel,
        "_loaded_at": fm.iso_utc(loaded),
    }
    # a few events re-landed later with corrected attribution (superseded older version)
    versions = sample_rows(rng, n, rates.updated_version_rate / 50,
                           eligible=~mask_of(n, missing_ids))
    new = {col: values[versions].copy() for col, values in table.items()}
    new["campaign_id"] = np.full(versions.size, "", dtype=STR)
    new["channel"] = np.where(new["channel"] == "direct", "organic_search", "direct").astype(STR)
    new_loaded = np.minimum(loaded[versions] + rng.integers(1, 5, versions.size) * DAY,
                            cfg.end_s - MINUTE)
    new_loaded = np.maximum(new_loaded, loaded[versions] + MINUTE)
    new["_loaded_at"] = fm.iso_utc(new_loaded)
    merged = {col: np.concatenate([table[col], new[col]]) for col in table}
    return merged, np.concatenate([loaded, new_loaded])


def render_campaigns(rng: np.random.Generator, cfg: GeneratorConfig, campaigns: Campaigns
                     ) -> tuple[Table, IntArray]:
    """marketing_campaigns rows (plus a draft without id, an unknown channel, older versions)."""
    n = campaigns.size
    loaded = np.maximum(campaigns.start_s - 7 * DAY, cfg.start_s) + HOUR + rng.integers(0, 59, n) * MINUTE
    ended = campaigns.end_s
    table: Table = {
        "campaign_id": campaigns.ids,
        "campaign_name": campaigns.name,
        "channel": fm.vary_case(rng, campaigns.channel, weights=(0.85, 0.05, 0.05, 0.05)),
        "started_on": fm.iso_date(campaigns.start_s),
        "ended_on": fm.iso_date(ended),
        "_loaded_at": fm.iso_utc(loaded),
    }
    # older versions: first loaded with a shorter run and a working title
    versions = sample_rows(rng, n, max(cfg.rates.updated_version_rate * 2, 0.0))
    old = {col: values[versions].copy() for col, values in table.items()}
    old["campaign_name"] = fm.cat(old["campaign_name"], " (draft)")
    old["ended_on"] = fm.iso_date(campaigns.start_s[versions] + 30 * DAY)
    old_loaded = loaded[versions] - 3 * DAY
    old_loaded = np.maximum(old_loaded, cfg.start_s)
    loaded = loaded.copy()
    loaded[versions] = np.maximum(loaded[versions], campaigns.start_s[versions] + 20 * DAY)
    table["_loaded_at"][versions] = fm.iso_utc(loaded[versions])
    # a campaign without id and one on a channel that does not exist
    wanted = np.asarray([cfg.rates.missing_id_rate > 0, cfg.rates.unknown_code_rate > 0])
    extra_loaded = (cfg.start_s + np.asarray([40, 200], dtype=np.int64) * DAY + 2 * HOUR)[wanted]
    extra: Table = {
        "campaign_id": fm.as_str(np.asarray(["", f"C{n + 1:03d}"])[wanted]),
        "campaign_name": fm.as_str(
            np.asarray(["Untitled campaign", "TV spot, regional test"])[wanted]),
        "channel": fm.as_str(np.asarray(["email", "tv"])[wanted]),
        "started_on": fm.iso_date(extra_loaded),
        "ended_on": np.full(int(wanted.sum()), "", dtype=STR),
        "_loaded_at": fm.iso_utc(extra_loaded),
    }
    merged = {col: np.concatenate([table[col], old[col], extra[col]]) for col in table}
    return merged, np.concatenate([loaded, old_loaded, extra_loaded])


def render_spend(rng: np.random.Generator, cfg: GeneratorConfig, campaigns: Campaigns
                 ) -> tuple[Table, IntArray]:
    """marketing_spend: one row per paid campaign and day, with dirt and restatements."""
    rates = cfg.rates
    paid = np.flatnonzero(np.isin(np.asarray(campaigns.channel.tolist()), PAID_CHANNELS))
    days = (campaigns.end_s[paid] - campaigns.start_s[paid]) // DAY + 1
    camp = np.repeat(paid, days)
    offset = np.arange(camp.size) - np.repeat(np.cumsum(days) - days, days)
    day_s = campaigns.start_s[camp] + offset * DAY
    n = camp.size
    channel = campaigns.channel[camp]
    base = np.asarray([DAILY_SPEND[str(c)] for c in channel.tolist()])
    campaign_scale = rng.lognormal(0.0, 0.35, campaigns.size)[camp]
    weekday = (day_s // DAY + 3) % 7
    currency = campaigns.currency[camp]
    fx = np.asarray([CURRENCY_SCALE[str(c)] for c in currency.tolist()])
    volume = cfg.n_leads / 3000.0  # spend grows with lead volume: cost per lead stays put
    amount = volume * base * campaign_scale * np.where(weekday >= 5, 0.5, 1.0) * rng.lognormal(0, 0.25, n)
    cents = np.round(amount * fx * 100).astype(np.int64)
    loaded = day_s + DAY + 2 * HOUR + rng.integers(0, 30, n) * MINUTE
    late = rng.random(n) < rates.late_arrival_rate
    loaded = np.where(late, loaded + rng.integers(2, 10, n) * DAY, loaded)
    loaded = np.minimum(loaded, cfg.end_s - MINUTE)
    spend_date = fm.iso_date(day_s)
    bad_date = sample_rows(rng, n, rates.invalid_timestamp_rate, minimum=2)
    spend_date[bad_date] = fm.pick(rng, fm.INVALID_DATES, bad_date.size)
    channel_text = channel.copy()
    unknown_channel = sample_rows(rng, n, rates.unknown_code_rate / 4, minimum=2)
    channel_text[unknown_channel] = fm.pick(rng, ("tv", "print", "podcast"), unknown_channel.size)
    table: Table = {
        "spend_date": spend_date,
        "channel": channel_text,
        "campaign_id": campaigns.ids[camp],
        "amount": render_amounts(rng, cents, currency, cfg),
        "currency": render_currency(rng, currency, cfg),
        "_loaded_at": fm.iso_utc(loaded),
    }
    # restatements: the platform corrects a day's spend a few days later
    versions = sample_rows(rng, n, rates.updated_version_rate / 2)
    new = {col: values[versions].copy() for col, values in table.items()}
    restated = np.round(cents[versions] * rng.uniform(0.85, 1.15, versions.size)).astype(np.int64)
    new["amount"] = fm.money(restated)
    new_loaded = np.minimum(loaded[versions] + rng.integers(2, 6, versions.size) * DAY,
                            cfg.end_s - MINUTE)
    new_loaded = np.maximum(new_loaded, loaded[versions] + MINUTE)
    new["_loaded_at"] = fm.iso_utc(new_loaded)
    merged = {col: np.concatenate([table[col], new[col]]) for col in table}
    return merged, np.concatenate([loaded, new_loaded])


def render_opportunities(rng: np.random.Generator, cfg: GeneratorConfig, leads: Leads,
                         funnel: Funnel) -> tuple[Table, IntArray]:
    """sales_opportunities: the current version of each deal plus earlier open versions."""
    rates = cfg.rates
    n = funnel.opp_lead.shape[0]
    order = np.argsort(funnel.opp_created_s, kind="stable")
    lead, created = funnel.opp_lead[order], funnel.opp_created_s[order]
    closed, stage, cents = (funnel.opp_closed_s[order], funnel.opp_stage[order],
                            funnel.opp_cents[order])
    last_event = np.maximum(created, closed)
    loaded = load_times(rng, last_event, cfg)
    currency = leads.currency[lead]
    ids = fm.ids("O", np.arange(1, n + 1), 5)
    lead_id = lead_ids(cfg.n_leads)[lead]
    lead_id[sample_rows(rng, n, rates.missing_id_rate, minimum=1)] = ""
    closed_text = np.where(closed > 0, fm.timestamps(rng, np.maximum(closed, 0)), "").astype(STR)
    stage_text = fm.vary_case(rng, stage, weights=(0.85, 0.07, 0.05, 0.03))
    stage_text[sample_rows(rng, n, rates.unknown_code_rate, minimum=1)] = "on_hold"
    table: Table = {
        "opportunity_id": ids,
        "lead_id": lead_id,
        "stage": stage_text,
        "amount": render_amounts(rng, cents, currency, cfg),
        "currency": render_currency(rng, currency, cfg),
        "created_at": render_ts(rng, created, loaded, cfg),
        "closed_at": closed_text,
        "_loaded_at": fm.iso_utc(loaded),
    }
    # earlier versions of closed deals, loaded while they were still open
    versions = sample_rows(rng, n, 7 * rates.updated_version_rate,
                           eligible=(closed > 0) & (closed - created >= 3 * DAY))
    old = {col: values[versions].copy() for col, values in table.items()}
    old["stage"] = fm.pick(rng, ("discovery", "proposal"), versions.size)
    old["closed_at"] = np.full(versions.size, "", dtype=STR)
    old_cents = np.round(cents[versions] * rng.uniform(0.9, 1.3, versions.size)).astype(np.int64)
    old["amount"] = fm.money(old_cents)
    old_loaded = np.minimum(load_times(rng, created[versions], cfg), loaded[versions] - HOUR)
    old["_loaded_at"] = fm.iso_utc(old_loaded)
    table["opportunity_id"][sample_rows(rng, n, rates.missing_id_rate, minimum=1)] = ""
    merged = {col: np.concatenate([table[col], old[col]]) for col in table}
    return merged, np.concatenate([loaded, old_loaded])


def render_orders(rng: np.random.Generator, cfg: GeneratorConfig, leads: Leads, funnel: Funnel
                  ) -> tuple[Table, IntArray]:
    """sales_orders: paid, refunded (full/partial) and cancelled orders with dirt."""
    rates = cfg.rates
    order = np.argsort(funnel.ord_s, kind="stable")
    lead, when, cents = funnel.ord_lead[order], funnel.ord_s[order], funnel.ord_cents[order]
    n = lead.shape[0]
    status = fm.pick(rng, ("paid", "refunded", "cancelled"), n, p=(0.86, 0.08, 0.06))
    refund_s = to_minute(when + rng.uniform(3 * DAY, 40 * DAY, n))
    too_late = (status == "refunded") & (refund_s > cfg.end_s - 3 * HOUR)
    status[too_late] = "paid"
    refunded = status == "refunded"
    partial = refunded & (rng.random(n) < 0.5)
    refund_cents = np.where(partial, np.round(cents * rng.uniform(0.1, 0.6, n)), cents)
    refund_cents = refund_cents.astype(np.int64)
    exceeds = sample_rows(rng, n, rates.refund_exceeds_rate, minimum=1, eligible=refunded)
    refund_cents[exceeds] = cents[exceeds] + rng.integers(100, 50000, exceeds.size)
    last_event = np.where(refunded, refund_s, when)
    loaded = load_times(rng, last_event, cfg)
    currency = leads.currency[lead]
    lead_id = lead_ids(cfg.n_leads)[lead]
    email = np.where(rng.random(n) < 0.6, leads.base_email[lead], "").astype(STR)
    email_only = sample_rows(rng, n, rates.email_only_order_rate, minimum=2)
    lead_id[email_only] = ""
    email[email_only] = fm.vary_case(rng, leads.base_email[lead[email_only]],
                                     weights=(0.5, 0.2, 0.2, 0.1))
    # neither lead id nor email: no customer reference at all
    anonymous = sample_rows(rng, n, rates.email_only_order_rate / 20, minimum=1,
                            eligible=~mask_of(n, email_only))
    lead_id[anonymous] = ""
    email[anonymous] = ""
    ids = fm.ids("ORD", np.arange(1, n + 1), 5)
    ids[sample_rows(rng, n, rates.missing_id_rate, minimum=1)] = ""
    table: Table = {
        "order_id": ids,
        "lead_id": lead_id,
        "email": email,
        "ordered_at": render_ts(rng, when, loaded, cfg),
        "amount": render_amounts(rng, cents, currency, cfg),
        "currency": render_currency(rng, currency, cfg),
        "status": fm.vary_case(rng, status, weights=(0.92, 0.04, 0.02, 0.02)),
        "refunded_amount": np.where(refunded, fm.money(refund_cents), "").astype(STR),
        "refunded_at": np.where(refunded, fm.timestamps(rng, refund_s), "").astype(STR),
        "_loaded_at": fm.iso_utc(loaded),
    }
    pending = sample_rows(rng, n, rates.unknown_code_rate, minimum=1, eligible=~refunded)
    table["status"][pending] = "pending"
    # refunded orders were first loaded as paid
    versions = np.flatnonzero(refunded) if rates.updated_version_rate > 0 else np.zeros(0, int)
    old = {col: values[versions].copy() for col, values in table.items()}
    old["status"] = np.full(versions.size, "paid", dtype=STR)
    old["refunded_amount"] = np.full(versions.size, "", dtype=STR)
    old["refunded_at"] = np.full(versions.size, "", dtype=STR)
    old_loaded = np.minimum(load_times(rng, when[versions], cfg), loaded[versions] - HOUR)
    old["_loaded_at"] = fm.iso_utc(old_loaded)
    merged = {col: np.concatenate([table[col], old[col]]) for col in table}
    return merged, np.concatenate([loaded, old_loaded])


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def generate(cfg: GeneratorConfig, progress: Callable[[str], None] | None = None
             ) -> dict[str, Table]:
    """All raw tables as ``{seed name: {column: text array}}`` in the documented layout.

    ``progress`` (optional) is called with the name of each step as it starts.
    """
    step = progress or (lambda _name: None)
    rng = np.random.default_rng(cfg.seed)
    step("campaigns")
    campaigns = build_campaigns(rng, cfg)
    step("leads")
    leads = build_leads(rng, cfg, campaigns)
    step("funnel events")
    funnel = build_funnel(rng, cfg, leads)
    renderers: dict[str, Callable[[], tuple[Table, IntArray]]] = {
        "crm_leads": lambda: render_leads(rng, cfg, leads, funnel, campaigns),
        "marketing_activities": lambda: render_activities(rng, cfg, leads, funnel, campaigns),
        "marketing_campaigns": lambda: render_campaigns(rng, cfg, campaigns),
        "marketing_spend": lambda: render_spend(rng, cfg, campaigns),
        "sales_opportunities": lambda: render_opportunities(rng, cfg, leads, funnel),
        "sales_orders": lambda: render_orders(rng, cfg, leads, funnel),
    }
    rendered: dict[str, tuple[Table, IntArray]] = {}
    for name, render in renderers.items():
        step(f"render {name}")
        rendered[name] = render()
    tables: dict[str, Table] = {}
    for name, (table, loaded) in rendered.items():
        retried = add_retries(rng, table, loaded, cfg.rates.duplicate_rate, cfg.loader_order)
        tables[name] = {col: retried[col] for col in RAW_COLUMNS[name]}
    return tables
