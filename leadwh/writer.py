"""CSV writing, kept apart from generation (a later scale writer can stream or use Parquet)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from leadwh.schema import RAW_COLUMNS

Table = Mapping[str, NDArray[np.generic]]


def write_csv(path: Path, header: list[str], columns: list[list[str]]) -> None:
    """Write columns (lists of text, same length) as a UTF-8 CSV with minimal quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))


def write_raw_tables(tables: Mapping[str, Table], out_dir: Path) -> dict[str, int]:
    """Write every raw table to ``<out_dir>/<name>.csv`` in the documented column order.

    Returns the row count per table.
    """
    counts: dict[str, int] = {}
    for name, layout in RAW_COLUMNS.items():
        table = tables[name]
        columns = [[str(v) for v in table[col].tolist()] for col in layout]
        write_csv(out_dir / f"{name}.csv", list(layout), columns)
        counts[name] = len(columns[0]) if columns else 0
    return counts


def write_reference_tables(
    tables: Mapping[str, tuple[list[str], list[list[str]]]], out_dir: Path
) -> None:
    """Write the reference seeds (``{name: (header, rows)}``)."""
    for name, (header, rows) in tables.items():
        columns = [list(col) for col in zip(*rows, strict=True)]
        write_csv(out_dir / f"{name}.csv", header, columns)
