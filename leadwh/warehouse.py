"""Write generated raw tables into a DuckDB warehouse (schema ``raw``) or Parquet files, and
append the next days of data to existing raw tables (``leadwh generate --append-days N``).

The raw tables have exactly the source columns (docs/architecture.md "Raw tables"), every one
``varchar``, as a loader lands them. Rows go in bulk: NumPy columns -> pandas frame -> one
``insert ... select`` per chunk, never row by row.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from leadwh.schema import RAW_COLUMNS

Table = Mapping[str, NDArray[Any]]
CHUNK_ROWS = 2_000_000


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------
class Progress:
    """A step counter on stderr: tqdm when installed (it comes with great-expectations), else
    plain lines. Disabled when ``enabled`` is false."""

    def __init__(self, total: int, enabled: bool = True, desc: str = "leadwh") -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._done = 0
        self._total = total
        if enabled:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped]
                self._bar = tqdm(total=total, desc=desc, unit="step", file=sys.stderr,
                                 bar_format="{desc}: {n_fmt}/{total_fmt} {bar} {elapsed} {postfix}")
            except ImportError:  # pragma: no cover - tqdm ships with great-expectations
                self._bar = None

    def step(self, name: str) -> None:
        """Mark the start of the next step."""
        if not self.enabled:
            return
        if self._bar is not None:
            if self._done:
                self._bar.update(1)
            self._bar.set_postfix_str(name)
        else:
            print(f"[{self._done + 1}/{self._total}] {name}", file=sys.stderr, flush=True)
        self._done += 1

    def close(self) -> None:
        """Finish the bar."""
        if self._bar is not None:
            self._bar.update(max(self._done - self._bar.n, 0))
            self._bar.close()


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------
@contextmanager
def connect(db_path: Path | str, memory_limit: str | None = None) -> Iterator[Any]:
    """A DuckDB connection (closed on exit)."""
    import duckdb

    con = duckdb.connect(str(db_path))
    # raw tables are sets (the models order rows themselves): letting DuckDB write chunks in any
    # order makes the bulk inserts about a third faster
    con.execute("set preserve_insertion_order = false")
    if memory_limit:
        con.execute(f"set memory_limit = '{memory_limit}'")
    try:
        yield con
    finally:
        con.close()


def create_raw_tables(con: Any, schema: str = "raw") -> None:
    """(Re)create the empty raw tables, every column varchar."""
    con.execute(f"create schema if not exists {schema}")
    for name, layout in RAW_COLUMNS.items():
        cols = ", ".join(f"{col} varchar" for col in layout)
        con.execute(f"create or replace table {schema}.{name} ({cols})")


def _as_objects(values: NDArray[Any]) -> NDArray[Any]:
    """A column as a NumPy object array (Python strings; None stays None)."""
    return values if values.dtype == object else values.astype(object)


def insert_table(con: Any, name: str, table: Table, schema: str = "raw",
                 chunk_rows: int = CHUNK_ROWS) -> int:
    """Append a generated table to ``<schema>.<name>`` in chunks; returns the row count."""
    import pandas as pd

    layout = RAW_COLUMNS[name]
    n = int(table[layout[0]].shape[0])
    for start in range(0, n, chunk_rows):
        # object arrays rather than NumPy's StringDType, which pandas converts into its own
        # string array: a little faster at L (activities 34.5 s instead of 37.1 s, A/B)
        chunk = pd.DataFrame({col: _as_objects(table[col][start:start + chunk_rows])
                              for col in layout})
        con.register("leadwh_chunk", chunk)
        con.execute(f"insert into {schema}.{name} select {', '.join(layout)} from leadwh_chunk")
        con.unregister("leadwh_chunk")
    return n


def write_duckdb(tables: Mapping[str, Table], db_path: Path | str, schema: str = "raw",
                 step: Callable[[str], None] | None = None) -> dict[str, int]:
    """Replace the raw tables of a DuckDB file with the generated tables."""
    counts: dict[str, int] = {}
    with connect(db_path) as con:
        create_raw_tables(con, schema)
        for name in RAW_COLUMNS:
            if step:
                step(f"write {name}")
            counts[name] = insert_table(con, name, tables[name], schema)
    return counts


def export_parquet(db_path: Path | str | None, out_dir: Path, schema: str = "raw",
                   tables: Mapping[str, Table] | None = None) -> None:
    """Write ``<out_dir>/<table>.parquet`` from the raw schema of ``db_path`` (or, without a
    database, from generated ``tables`` through an in-memory DuckDB)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with connect(db_path or ":memory:") as con:
        if db_path is None:
            assert tables is not None
            create_raw_tables(con, schema)
            for name in RAW_COLUMNS:
                insert_table(con, name, tables[name], schema)
        for name in RAW_COLUMNS:
            target = (out_dir / f"{name}.parquet").as_posix()
            con.execute(f"copy {schema}.{name} to '{target}' (format parquet)")


# --------------------------------------------------------------------------------------------
# Append the next days
# --------------------------------------------------------------------------------------------
def _shift_ts(col: str, days: str) -> str:
    """SQL: a raw text timestamp/date moved forward by ``days`` whole days in its own format
    (ISO with any suffix, dd.mm.yyyy, epoch seconds); unparseable text is kept as it is."""
    return f"""case
        when regexp_full_match({col}, '[0-9]{{9,10}}')
            then cast(cast({col} as bigint) + {days} * 86400 as varchar)
        when regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}.*')
             and try_cast(left({col}, 10) as date) is not null
            then strftime(try_cast(left({col}, 10) as date) + {days}, '%Y-%m-%d') || substr({col}, 11)
        when regexp_full_match({col}, '[0-9]{{2}}\\.[0-9]{{2}}\\.[0-9]{{4}}.*')
             and try_strptime(left({col}, 10), '%d.%m.%Y') is not null
            then strftime(try_strptime(left({col}, 10), '%d.%m.%Y') + {days} * interval 1 day,
                          '%d.%m.%Y') || substr({col}, 11)
        else {col}
    end"""


def _sample(expr: str, seed: int, per_mille: int) -> str:
    """SQL predicate: a deterministic share (per mille) of rows, by an md5 of ``expr``."""
    return (f"(('x' || left(md5(cast({seed} as varchar) || '|' || {expr}), 8))::bit::bigint "
            f"% 1000) < {per_mille}")


def _padded_id(prefix_sql: str, number_sql: str, width: int) -> str:
    """SQL for an id like the generator's (prefix + number zero-padded to ``width``) that never
    truncates: ``lpad`` cuts a longer string to the width, so numbers with more digits than
    ``width`` (over 9,999,999 activities at tier L) would collide with existing ids."""
    number = f"cast({number_sql} as varchar)"
    return f"{prefix_sql} || lpad({number}, cast(greatest({width}, length({number})) as integer), '0')"


def append_days(db_path: Path | str, days: int, seed: int = 7, schema: str = "raw",
                late_per_mille: int = 30, replay_per_mille: int = 10,
                step: Callable[[str], None] | None = None) -> dict[str, int]:
    """Add the next ``days`` days of leads, activities, orders and spend after the latest
    ``_loaded_at`` day in the raw tables. Returns the rows added per table.

    The new days repeat the shape of the same days 4 weeks earlier (a donor window, shifted
    forward by a whole number of weeks so weekdays and dirt stay realistic): donor leads come
    back as new leads (new ids, distinct emails), existing and new leads get new activities and
    orders (new ids; versions of one key stay versions of one new key), spend rows move to the
    new dates. On top of that:

    - late rows (``late_per_mille``): new activities and orders about the days *before* the
      window; half land inside the window, half carry a ``_loaded_at`` up to 20 hours before the
      previous maximum (a loader stamping its extraction time), which only a lookback finds;
    - replays (``replay_per_mille``): exact copies of rows loaded in the last 3 days before
      the window (a loader retry), plus a few older ones.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    shift = 28 * ((days + 27) // 28)
    with connect(db_path) as con:

        def counts() -> dict[str, int]:
            return {name: int(con.execute(f"select count(*) from {schema}.{name}").fetchone()[0])
                    for name in RAW_COLUMNS}

        start_counts = counts()
        row = con.execute(
            f"select max(try_cast(_loaded_at as timestamp)) from {schema}.marketing_activities"
        ).fetchone()
        if row is None or row[0] is None:
            raise SystemExit(f"no raw data to append to in {db_path} (run leadwh generate --db)")
        prev_max = row[0]
        window_start = prev_max.date() + timedelta(days=1)
        first = f"date '{window_start.isoformat()}'"
        donor_from = f"({first} - {shift})"
        donor_to = f"({first} - {shift} + {days})"  # exclusive
        late_from = f"({donor_from} - 10)"
        prev = f"timestamp '{prev_max.isoformat(sep=' ')}'"
        loaded = "try_cast(_loaded_at as timestamp)"

        def next_number(table: str, column: str, prefix: str) -> int:
            value = con.execute(
                f"select coalesce(max(try_cast(substr(trim({column}), {len(prefix) + 1}) as bigint)), 0) "
                f"from {schema}.{table} where trim({column}) like '{prefix}%'").fetchone()
            return int(value[0]) if value else 0

        # ---- leads: donor leads (first loaded in the donor window) come back as new leads
        if step:
            step("append crm_leads")
        lead_base = next_number("crm_leads", "lead_id", "L")
        con.execute(f"""
            create or replace temp table lead_map as
            with firsts as (
                select trim(lead_id) as old_id, min({loaded}) as first_loaded
                from {schema}.crm_leads where trim(lead_id) <> '' group by 1
            )
            select old_id,
                   {_padded_id("'L'", f"{lead_base} + row_number() over (order by old_id)", 6)}
                       as new_id
            from firsts
            where first_loaded >= {donor_from} and first_loaded < {donor_to}
        """)
        ts_cols = {"created_at", "updated_at", "_loaded_at", "occurred_at", "ordered_at",
                   "refunded_at", "closed_at", "spend_date"}

        def shifted(table: str, overrides: dict[str, str]) -> str:
            cols = []
            for col in RAW_COLUMNS[table]:
                if col in overrides:
                    cols.append(f"{overrides[col]} as {col}")
                elif col in ts_cols:
                    cols.append(f"{_shift_ts('r.' + col, str(shift))} as {col}")
                else:
                    cols.append(f"r.{col}")
            return ", ".join(cols)

        con.execute(f"""
            insert into {schema}.crm_leads
            select {shifted("crm_leads", {
                "lead_id": "m.new_id",
                "email": "regexp_replace(r.email, '@', '.' || lower(m.new_id) || '@')",
            })}
            from {schema}.crm_leads as r
            inner join lead_map as m on trim(r.lead_id) = m.old_id
        """)

        # ---- activities and orders: donor rows + late rows, new ids
        for table, id_col, prefix, width, event_col in (
            ("marketing_activities", "activity_id", "A", 7, "occurred_at"),
            ("sales_orders", "order_id", "ORD", 5, "ordered_at"),
        ):
            if step:
                step(f"append {table}")
            base = next_number(table, id_col, prefix)
            is_late = _sample(f"coalesce({id_col}, '') || _loaded_at", seed, late_per_mille)
            con.execute(f"""
                create or replace temp table donor as
                select *, {loaded} >= {donor_from} as in_window,
                       md5(coalesce({id_col}, '') || '|' || _loaded_at) as row_key
                from {schema}.{table}
                where ({loaded} >= {donor_from} and {loaded} < {donor_to})
                   or ({loaded} >= {late_from} and {loaded} < {donor_from} and {is_late})
            """)
            con.execute(f"""
                create or replace temp table id_map as
                select old_id,
                       {_padded_id(f"'{prefix}'", f"{base} + row_number() over (order by old_id)",
                                   width)} as new_id
                from (select distinct trim({id_col}) as old_id from donor where trim({id_col}) <> '')
            """)
            # late rows: shifted event, but landed inside the window or just before prev max
            late_loaded = f"""case
                when r.in_window then {_shift_ts('r._loaded_at', str(shift))}
                when {_sample('r.row_key', seed + 1, 500)}
                    then strftime({prev} - (1 + (hash(r.row_key) % 20)) * interval 1 hour,
                                  '%Y-%m-%d %H:%M:%S')
                else strftime({first} + (hash(r.row_key) % 20) * interval 1 hour,
                              '%Y-%m-%d %H:%M:%S')
            end"""
            con.execute(f"""
                insert into {schema}.{table}
                select {shifted(table, {
                    id_col: f"case when trim(r.{id_col}) <> '' then i.new_id else r.{id_col} end",
                    "lead_id": "coalesce(m.new_id, r.lead_id)",
                    "_loaded_at": late_loaded,
                })}
                from donor as r
                left join id_map as i on trim(r.{id_col}) = i.old_id
                left join lead_map as m on trim(r.lead_id) = m.old_id
                order by r.row_key
            """)

        # ---- spend: donor days move to the new dates
        if step:
            step("append marketing_spend")
        con.execute(f"""
            insert into {schema}.marketing_spend
            select {shifted("marketing_spend", {})}
            from {schema}.marketing_spend as r
            where {loaded} >= {donor_from} and {loaded} < {donor_to}
        """)

        # ---- replays: exact copies of recently (and a few long ago) loaded rows
        if step:
            step("replays")
        for table in ("marketing_activities", "sales_orders", "crm_leads", "marketing_spend"):
            key = " || '|' || ".join(f"coalesce({c}, '')" for c in RAW_COLUMNS[table])
            con.execute(f"""
                insert into {schema}.{table}
                select {', '.join(RAW_COLUMNS[table])} from {schema}.{table}
                where ({loaded} > {prev} - interval 3 day and {loaded} <= {prev}
                       and {_sample(key, seed + 2, replay_per_mille)})
                   or ({loaded} <= {prev} - interval 30 day
                       and {_sample(key, seed + 3, max(replay_per_mille // 20, 1))})
            """)
        end_counts = counts()
    return {name: end_counts[name] - start_counts[name] for name in RAW_COLUMNS}
