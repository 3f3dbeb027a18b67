"""Vectorised text rendering of raw values (timestamps, amounts, phones, emails).

Every function takes NumPy arrays and returns a NumPy ``StringDType`` array, so a whole column
is rendered at once. Dirty variants are produced here too, but *which* rows get a dirty variant
is decided by the caller (the generator) with its seeded random generator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

STR = np.dtypes.StringDType()
"""Variable-length string dtype used for every rendered column."""

StrArray = NDArray[Any]
"""A ``StringDType`` array (NumPy's stubs cannot express it for every ``np.strings`` function)."""
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

# Timestamp text formats (see docs/architecture.md "Raw tables").
TS_PLAIN = 0  # 2025-03-04 10:22:00 (UTC)
TS_ZULU = 1  # 2025-03-04T10:22:00Z
TS_OFFSET = 2  # 2025-03-04T12:22:00+02:00
TS_DMY = 3  # 04.03.2025 10:22 (UTC, minutes)
TS_EPOCH = 4  # 1741083720
TIMESTAMP_FORMATS: tuple[int, ...] = (TS_PLAIN, TS_ZULU, TS_OFFSET, TS_DMY, TS_EPOCH)

#: Offsets (minutes) used for the ``+hh:mm`` format.
OFFSETS_MINUTES: tuple[int, ...] = (60, 120, -300, -480, 330, 0)

#: Unparseable timestamp strings injected as dirt.
INVALID_TIMESTAMPS: tuple[str, ...] = (
    "not a date",
    "2025-02-30 10:00:00",
    "31.13.2025 10:00",
    "N/A",
    "",
)
INVALID_DATES: tuple[str, ...] = ("2025-02-30", "n/a", "not a date", "")

#: Cyrillic look-alikes for Latin letters (a, e, o, p, c).
CYRILLIC_LOOKALIKES: dict[str, str] = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "p": "\u0440",
    "c": "\u0441",
}

CURRENCY_SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}


def as_str(values: NDArray[np.generic] | Sequence[str]) -> StrArray:
    """Convert any array (ints, unicode) to a ``StringDType`` array."""
    return np.asarray(values).astype(STR)


def cat(*parts: StrArray | str) -> StrArray:
    """Concatenate string arrays and/or scalars element-wise."""
    out: StrArray | str = parts[0]
    for part in parts[1:]:
        out = np.strings.add(out, part)
    return np.asarray(out).astype(STR)


def zpad(values: IntArray, width: int) -> StrArray:
    """Zero-padded decimal text of integers."""
    return np.strings.zfill(as_str(values), width)


def ids(prefix: str, numbers: IntArray, width: int) -> StrArray:
    """Readable ids such as ``L000001``."""
    return cat(prefix, zpad(numbers, width))


def pick(rng: np.random.Generator, options: Sequence[str], size: int,
         p: Sequence[float] | None = None) -> StrArray:
    """Draw ``size`` strings from ``options`` (optionally weighted)."""
    idx = rng.choice(len(options), size=size, p=None if p is None else np.asarray(p) / np.sum(p))
    return as_str(np.asarray(list(options))[idx])


def _iso_t(seconds: IntArray) -> StrArray:
    """``YYYY-MM-DDTHH:MM:SS`` of epoch seconds."""
    # a direct datetime64 -> StringDType cast: same text as np.datetime_as_string(unit="s"),
    # about six times faster
    return np.asarray(seconds).astype("datetime64[s]").astype(STR)


def iso_utc(seconds: IntArray) -> StrArray:
    """``YYYY-MM-DD HH:MM:SS`` (UTC) of epoch seconds; the ``_loaded_at`` format."""
    return np.strings.replace(_iso_t(seconds), "T", " ")


def iso_date(seconds: IntArray) -> StrArray:
    """``YYYY-MM-DD`` of epoch seconds."""
    return np.strings.slice(_iso_t(seconds), 0, 10)


def _zulu(seconds: IntArray) -> StrArray:
    return cat(_iso_t(seconds), "Z")


def _offset(seconds: IntArray, offsets: IntArray) -> StrArray:
    local = _iso_t(seconds + offsets * 60)
    sign = np.where(offsets < 0, "-", "+")
    absolute = np.abs(offsets)
    return cat(local, as_str(sign), zpad(absolute // 60, 2), ":", zpad(absolute % 60, 2))


def _dmy(seconds: IntArray) -> StrArray:
    iso = _iso_t(seconds)
    sl = np.strings.slice
    return cat(sl(iso, 8, 10), ".", sl(iso, 5, 7), ".", sl(iso, 0, 4), " ", sl(iso, 11, 16))


def timestamps(rng: np.random.Generator, seconds: IntArray,
               weights: Sequence[float] = (0.70, 0.10, 0.08, 0.06, 0.06)) -> StrArray:
    """Render epoch seconds in a random mix of the accepted timestamp formats.

    Seconds should be whole minutes, so the ``dd.mm.yyyy hh:mi`` format is lossless.
    """
    n = seconds.shape[0]
    fmt = rng.choice(len(TIMESTAMP_FORMATS), size=n, p=np.asarray(weights) / np.sum(weights))
    offsets = np.asarray(OFFSETS_MINUTES, dtype=np.int64)[
        rng.integers(0, len(OFFSETS_MINUTES), size=n)]
    out = np.empty(n, dtype=STR)
    renderers: dict[int, Callable[[NDArray[np.bool_]], StrArray]] = {
        TS_PLAIN: lambda m: iso_utc(seconds[m]),
        TS_ZULU: lambda m: _zulu(seconds[m]),
        TS_OFFSET: lambda m: _offset(seconds[m], offsets[m]),
        TS_DMY: lambda m: _dmy(seconds[m]),
        TS_EPOCH: lambda m: as_str(seconds[m]),
    }
    for code, render in renderers.items():
        mask = np.asarray(fmt == code, dtype=bool)
        if mask.any():
            out[mask] = render(mask)
    return out


def money(cents: IntArray) -> StrArray:
    """Plain decimal text with two decimals (``1200.50``, ``-50.00``)."""
    sign = np.where(cents < 0, "-", "")
    absolute = np.abs(cents)
    return cat(as_str(sign), as_str(absolute // 100), ".", zpad(absolute % 100, 2))


def money_thousands(cents: IntArray) -> StrArray:
    """Decimal text with a thousands separator when >= 1000 (``1,200.50``)."""
    absolute = np.abs(cents)
    units = absolute // 100
    grouped = cat(as_str(units // 1000), ",", zpad(units % 1000, 3), ".", zpad(absolute % 100, 2))
    big = (units >= 1000) & (units < 1_000_000) & (cents >= 0)
    return np.where(big, grouped, money(cents)).astype(STR)


def money_mixed(rng: np.random.Generator, cents: IntArray, currency: StrArray,
                style_weights: Sequence[float] = (0.86, 0.06, 0.03, 0.05)) -> StrArray:
    """Render amounts as plain / thousands-separated / padded / currency-symbol text."""
    n = cents.shape[0]
    style = rng.choice(4, size=n, p=np.asarray(style_weights) / np.sum(style_weights))
    plain = money(cents)
    out = plain.copy()
    out = np.where(style == 1, money_thousands(cents), out).astype(STR)
    out = np.where(style == 2, cat(" ", plain, " "), out).astype(STR)
    symbol: StrArray = np.full(n, "", dtype=STR)
    for code, sym in CURRENCY_SYMBOLS.items():
        symbol = np.where(np.strings.upper(np.strings.strip(currency)) == code, sym, symbol).astype(STR)
    with_symbol = (style == 3) & (np.strings.str_len(symbol) > 0) & (cents >= 0)
    return np.where(with_symbol, cat(symbol, plain), out).astype(STR)


def vary_case(rng: np.random.Generator, values: StrArray,
              weights: Sequence[float] = (0.80, 0.10, 0.06, 0.04)) -> StrArray:
    """Return values as-is, Title-cased, UPPER-cased or padded with whitespace."""
    n = values.shape[0]
    style = rng.choice(4, size=n, p=np.asarray(weights) / np.sum(weights))
    out = np.where(style == 1, np.strings.title(values), values)
    out = np.where(style == 2, np.strings.upper(values), out)
    out = np.where(style == 3, cat(" ", values, "  "), out)
    return np.asarray(out).astype(STR)


def phones(rng: np.random.Generator, calling_code: IntArray) -> StrArray:
    """Phone numbers in many formats, always including the country calling code digits."""
    n = calling_code.shape[0]
    cc = as_str(calling_code)
    a = zpad(np.asarray(rng.integers(200, 999, size=n), dtype=np.int64), 3)
    b = zpad(np.asarray(rng.integers(200, 999, size=n), dtype=np.int64), 3)
    c = zpad(np.asarray(rng.integers(0, 9999, size=n), dtype=np.int64), 4)
    formats = [
        cat("+", cc, a, b, c),  # +14155550132 (E.164)
        cat("+", cc, " (", a, ") ", b, "-", c),  # +1 (415) 555-0132
        cat("00", cc, "-", a, "-", b, "-", c),  # 001-415-555-0132
        cat(cc, ".", a, ".", b, ".", c),  # 1.415.555.0132
        cat("+", cc, " ", a, " ", b, " ", c),  # +44 207 946 0018
        cat("00", cc, " ", a, " ", b, " ", c),  # 0044 207 946 0018
        cat("+", cc, "-", a, "-", b, c),  # +49-301-2345678
    ]
    choice = rng.choice(len(formats), size=n, p=[0.25, 0.2, 0.1, 0.1, 0.15, 0.1, 0.1])
    out = formats[0].copy()
    for k, rendered in enumerate(formats[1:], start=1):
        out = np.where(choice == k, rendered, out).astype(STR)
    return out


def replace_first_lookalike(values: StrArray, mask: BoolArray) -> StrArray:
    """Replace the first Latin a/e/o/p/c (trying in that order) by its Cyrillic look-alike."""
    out = values.copy()
    todo = mask.copy()
    for latin, cyrillic in CYRILLIC_LOOKALIKES.items():
        hit = todo & (np.strings.find(out, latin) >= 0)
        if hit.any():
            out[hit] = np.strings.replace(out[hit], latin, cyrillic, 1)
        todo &= ~hit
    return out


def split_email(emails: StrArray) -> tuple[StrArray, StrArray]:
    """Split emails at the first ``@`` into (local part, ``@domain``); no ``@`` -> (all, '')."""
    at = np.strings.find(emails, "@")
    length = np.strings.str_len(emails)
    pos = np.where(at < 0, length, at)
    return np.strings.slice(emails, 0, pos), np.strings.slice(emails, pos, length)
