"""Deterministic, vectorised generator of the raw sample tables (clean core + injected dirt).

Pipeline (every step works on whole NumPy columns, never row by row):

1. ``build_campaigns``   campaign windows per channel (typed arrays)          -> ``campaigns.py``
2. ``build_leads``       people, channels, campaigns and a funnel *level*     -> ``leads.py``
3. ``build_funnel``      activities, opportunities and orders by level        -> ``funnel.py``
4. ``render_*``          typed arrays -> raw text columns, with dirt          -> ``tables.py``
5. ``add_retries``       exact duplicate rows (loader retries), loader order  -> ``render.py``

``generate`` (``core.py``) runs the steps; ``config.py`` holds ``GeneratorConfig`` and
``DirtRates``; ``constants.py`` the time units and static vocabularies; ``render.py`` the
column-level helpers shared by the table renderers.

All randomness comes from one ``numpy.random.default_rng(seed)``, consumed in a fixed order,
so the same configuration always yields byte-identical CSVs.
"""

from __future__ import annotations

from leadwh.generate.campaigns import Campaigns, build_campaigns
from leadwh.generate.config import DirtRates, GeneratorConfig
from leadwh.generate.constants import Table
from leadwh.generate.core import generate
from leadwh.generate.funnel import Funnel, build_funnel
from leadwh.generate.leads import Leads, build_leads
from leadwh.generate.render import add_retries

__all__ = [
    "Campaigns",
    "DirtRates",
    "Funnel",
    "GeneratorConfig",
    "Leads",
    "Table",
    "add_retries",
    "build_campaigns",
    "build_funnel",
    "build_leads",
    "generate",
]
