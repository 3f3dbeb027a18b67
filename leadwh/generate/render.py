"""Column-level rendering helpers: row sampling, load times, text timestamps/amounts, retries."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from leadwh import formats as fm
from leadwh.formats import STR, BoolArray, IntArray, StrArray
from leadwh.generate.config import GeneratorConfig
from leadwh.generate.constants import BAD_AMOUNTS, DAY, HOUR, MINUTE, FloatArray, Table
from leadwh.reference import UNKNOWN_CURRENCIES


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
