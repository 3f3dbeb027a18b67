"""Entry point: run every step on one seeded random generator, in a fixed order."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from leadwh.formats import IntArray
from leadwh.generate.campaigns import build_campaigns
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import Table
from leadwh.generate.funnel import build_funnel
from leadwh.generate.leads import build_leads
from leadwh.generate.render import add_retries
from leadwh.generate.tables import (
    render_activities,
    render_campaigns,
    render_leads,
    render_opportunities,
    render_orders,
    render_spend,
)
from leadwh.schema import RAW_COLUMNS


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
