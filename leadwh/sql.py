"""``leadwh sql``: run a read-only query on the warehouse with the venv's own DuckDB.

A warehouse written by DuckDB 2.0 cannot be opened by older DuckDB clients (the ``duckdb-cli``
wheel 1.5 answers "version number 69 ... can only read 64 to 68"), so the README's query route
is this command: the same ``duckdb`` Python package dbt-duckdb wrote the file with.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb

FORMATS = ("table", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `leadwh sql`."""
    parser.add_argument("query", nargs="?", default=None,
                        help="SQL to run (read only); '-' or nothing reads it from stdin")
    parser.add_argument("--db", type=Path,
                        default=Path(os.environ.get("LEADWH_DUCKDB_PATH", "leadwh.duckdb")),
                        help="DuckDB file built by dbt (default: $LEADWH_DUCKDB_PATH or leadwh.duckdb)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (aligned columns, the default) or csv (with a header)")
    parser.add_argument("--max-rows", type=int, default=200, metavar="N",
                        help="table format: print at most N rows (default 200; csv prints all)")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _is_numeric_column(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present)


def write_table(columns: list[str], rows: list[tuple[Any, ...]], out: TextIO, total: int) -> None:
    """Aligned text table: numbers right-aligned, text left-aligned, a row count at the end."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [_is_numeric_column([r[i] for r in rows]) for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric)).rstrip()

    out.write(line(columns) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    shown = f"{len(rows)} of {total} rows" if total > len(rows) else f"{total} rows"
    out.write(f"({shown})\n")


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Run the query; 0 on success, 1 on a SQL error, 2 when there is nothing to query."""
    query = args.query if args.query not in (None, "-") else stdin.read()
    if not query.strip():
        print("leadwh sql: no query given (pass it as an argument or on stdin)", file=sys.stderr)
        return 2
    if not args.db.exists():
        print(f"leadwh sql: no warehouse at {args.db}; run `make build` first", file=sys.stderr)
        return 2
    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as exc:  # e.g. locked by a running dbt build
        print(f"leadwh sql: cannot open {args.db}: {exc}", file=sys.stderr)
        return 2
    try:
        cursor = con.execute(query)
        if cursor.description is None:
            return 0
        columns = [d[0] for d in cursor.description]
        if args.format == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([[_cell(v) for v in row] for row in cursor.fetchall()])
        else:
            rows = cursor.fetchall()
            write_table(columns, rows[: args.max_rows], out, len(rows))
    except duckdb.Error as exc:
        print(f"leadwh sql: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0
