"""Funnel events: activities, opportunities and orders consistent with each lead's level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadwh import formats as fm
from leadwh.formats import STR, BoolArray, IntArray, StrArray
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import (
    ACT,
    CURRENCY_SCALE,
    DAY,
    HOUR,
    LEAD_CHANNELS,
    LEVEL_CUSTOMER,
    LEVEL_IQL,
    LEVEL_MQL,
    LEVEL_OPP,
    LEVEL_SQL,
    MINUTE,
    FloatArray,
)
from leadwh.generate.leads import Leads
from leadwh.generate.render import exp_days, to_minute


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
