"""Leads: people, channels, campaigns, funnel levels and person-level dirt (typed core)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadwh import formats as fm
from leadwh.formats import STR, BoolArray, IntArray, StrArray
from leadwh.generate.campaigns import Campaigns
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import (
    CHANNEL_MIX,
    COMPANIES,
    COUNTRIES,
    DAY,
    FIRST_NAMES,
    FREE_MAIL,
    HOUR,
    IQL_PROPENSITY,
    JOB_TITLES,
    LAST_NAMES,
    LEAD_CHANNELS,
    LEVEL_CUSTOMER,
    LEVEL_LEAD,
    LEVEL_SQL,
    SEASONALITY,
    TEST_DOMAINS,
)
from leadwh.generate.render import mask_of, sample_rows, to_minute


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
