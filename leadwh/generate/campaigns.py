"""Campaigns: typed campaign windows per channel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadwh import formats as fm
from leadwh.formats import STR, IntArray, StrArray
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import CAMPAIGN_THEMES, DAY, LEAD_CHANNELS
from leadwh.reference import CHANNELS, PAID_CHANNELS


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
