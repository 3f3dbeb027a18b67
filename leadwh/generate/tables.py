"""Rendering of each raw table: typed arrays -> text columns with the configured dirt."""

from __future__ import annotations

import numpy as np

from leadwh import formats as fm
from leadwh.formats import STR, IntArray, StrArray
from leadwh.generate.campaigns import Campaigns
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import (
    ACT,
    ACTIVITY_CHANNEL,
    ACTIVITY_TYPES,
    CURRENCY_SCALE,
    DAILY_SPEND,
    DAY,
    FREE_MAIL,
    HOUR,
    INVALID_PHONES,
    LEAD_CHANNELS,
    MINUTE,
    Table,
)
from leadwh.generate.funnel import Funnel, _choose_codes
from leadwh.generate.leads import Leads
from leadwh.generate.render import (
    exp_days,
    load_times,
    mask_of,
    render_amounts,
    render_currency,
    render_ts,
    sample_rows,
    to_minute,
)
from leadwh.reference import (
    LEAD_SOURCES,
    PAID_CHANNELS,
    UNKNOWN_ACTIVITY_TYPES,
    UNMAPPED_LEAD_SOURCES,
)


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
