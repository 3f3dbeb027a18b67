"""Incremental builds equal a full refresh, row for row, and are idempotent.

Small generated data (``leadwh generate`` core, about 1,500 leads) is loaded into a warehouse
in batches by ``_loaded_at``, as a loader would land it:

1. a full build on the rows loaded up to a first cut-off;
2. the next rows, except a share of the last two days that a lagging loader only lands in the
   next batch (older ``_loaded_at`` than the warehouse's latest: only the lookback finds them);
3. a replay of already loaded rows (exact duplicates), then the held-back rows and the rest;
4. two more days from ``--append-days`` (new leads, activities, orders, spend, late rows,
   replays).

After every batch an incremental ``dbt run``; at the end every mart (and every incremental
model) must equal a ``--full-refresh`` build of the same raw data (EXCEPT ALL both ways), and a
further run must change nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from leadwh.generate import GeneratorConfig, generate
from leadwh.schema import RAW_COLUMNS
from leadwh.warehouse import append_days, write_duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
LOADED = "try_cast(_loaded_at as timestamp)"
INCREMENTAL_MODELS = ("staging.base_crm__leads", "staging.base_marketing__activities",
                      "staging.base_sales__orders",
                      "intermediate.int_activities__leads_attached",
                      "intermediate.int_leads__activities_aggregated",
                      # lifecycle (issue 23): the sales-touch part of the activity stream
                      "intermediate.int_activities__sales_touches_filtered")
#: tables rebuilt on every run whose readers count on them to hold exactly a full build's rows
#: (the small base models, the rejected rows the reconciliation counts)
REBUILT_MODELS = ("staging.base_crm__lead_stage_changes", "staging.base_marketing__campaigns",
                  "staging.base_marketing__spend", "staging.base_sales__opportunities",
                  "intermediate.int_rejected_rows__unioned")
#: every seed but the generated raw tables (reference data, privacy requests, ...)
SEED = ["seed", "--exclude", *RAW_COLUMNS]
#: run bookkeeping, not data: differs between an incremental and a full build by design
EXCLUDED = {"attached_at", "previous_canonical_lead_id"}

# --- Temperature over time (issue 23): the incremental slice of the activity stream that the
# temperature intervals read (hot-signal and unsubscribe days per lead); the temperature and
# retention marts are compared with every other mart.
INCREMENTAL_MODELS += ("intermediate.int_lead_signal_days__aggregated",)


def dbt(args: list[str], workdir: Path, db: Path, check: bool = True) -> str:
    """Run dbt on ``db`` (partial parsing on: one project, many runs); with ``check`` it must
    succeed."""
    env = {
        **os.environ,
        "LEADWH_DUCKDB_PATH": str(db),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        "DBT_PARTIAL_PARSE": "true",
    }
    proc = subprocess.run([str(DBT), *args], cwd=PROJECT_DIR, env=env, capture_output=True,
                          text=True, check=False)
    out = proc.stdout + proc.stderr
    if check:
        assert proc.returncode == 0, (f"dbt {' '.join(args)} failed:\n"
                                      + "\n".join(out.splitlines()[-40:]))
    else:
        assert proc.returncode != 0, f"dbt {' '.join(args)} was expected to fail"
    return out


def build(workdir: Path, db: Path, full_refresh: bool = False) -> str:
    """Models only (the data tests run on the sample in test_dbt_build); returns dbt's output,
    which is also appended to ``<workdir>/runs.log``."""
    out = dbt(["run", "--exclude", "path:seeds/raw", *(["--full-refresh"] if full_refresh else [])],
              workdir, db)
    with (workdir / "runs.log").open("a") as log:
        log.write(f"=== {db.name}{' --full-refresh' if full_refresh else ''}\n{out}\n")
    return out


def load(db: Path, source: Path, where: str) -> int:
    """Copy the raw rows of ``source`` matching ``where`` into ``db``'s raw tables."""
    with duckdb.connect(str(db)) as con:
        con.execute(f"attach '{source}' as src (read_only)")
        con.execute("create schema if not exists raw")
        total = 0
        for name, layout in RAW_COLUMNS.items():
            cols = ", ".join(layout)
            con.execute(f"create table if not exists raw.{name} as "
                        f"select {cols} from src.raw.{name} limit 0")
            con.execute(f"insert into raw.{name} select {cols} from src.raw.{name} where {where}")
            total += con.execute(f"select count(*) from src.raw.{name} where {where}").fetchone()[0]
        return total


def compared_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    marts = [f"marts.{t}" for (t,) in con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'marts'").fetchall()]
    return sorted(marts) + list(INCREMENTAL_MODELS) + list(REBUILT_MODELS)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    names = [row[0] for row in con.execute(f"select * from {table} limit 0").description]
    return ", ".join(n for n in names if n not in EXCLUDED)


def differences(db: Path, other: Path) -> dict[str, tuple[int, int]]:
    """Per table: (rows only in db, rows only in other), for tables that differ."""
    out: dict[str, tuple[int, int]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"attach '{other}' as other (read_only)")
        for table in compared_tables(con):
            cols = columns(con, table)
            a = con.execute(f"select count(*) from (select {cols} from {table} except all "
                            f"select {cols} from other.{table})").fetchone()[0]
            b = con.execute(f"select count(*) from (select {cols} from other.{table} except all "
                            f"select {cols} from {table})").fetchone()[0]
            if a or b:
                out[table] = (a, b)
        assert len(compared_tables(con)) >= 10
    return out


def snapshot(db: Path, copy: Path) -> None:
    copy.unlink(missing_ok=True)
    with duckdb.connect(str(copy)) as con:
        con.execute(f"attach '{db}' as src (read_only)")
        con.execute("use src")
        tables = compared_tables(con)
        con.execute(f"use {copy.stem}")
        for table in tables:
            schema, _ = table.split(".")
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {table} as select * from src.{table}")


def edited_copies(inc: Path, full: Path, tmp_path: Path,
                  edits: list[str]) -> tuple[Path, Path]:
    """Copies of the incremental and the fully refreshed warehouse, each with ``edits`` applied."""
    copies = []
    for name, db in (("inc", inc), ("full", full)):
        copy = tmp_path / name / db.name  # same file name: DuckDB views name their catalog
        copy.parent.mkdir(parents=True)
        shutil.copyfile(db, copy)
        with duckdb.connect(str(copy)) as con:
            for edit in edits:
                con.execute(edit)
        copies.append(copy)
    return copies[0], copies[1]


def runs_on_edited_copies(work: Path, inc: Path, full: Path, tmp_path: Path,
                          edits: list[str]) -> tuple[Path, Path, str]:
    """Copies of the incremental and the fully refreshed warehouse with ``edits`` applied (a
    new batch), then an incremental run on the first and a full refresh on the second; returns
    both copies and the incremental run's output."""
    inc_copy, full_copy = edited_copies(inc, full, tmp_path, edits)
    out = dbt(["run", "--exclude", "path:seeds/raw"], work, inc_copy)
    dbt(["run", "--exclude", "path:seeds/raw", "--full-refresh"], work, full_copy)
    return inc_copy, full_copy, out


def copy_of(db: Path, tmp_path: Path) -> Path:
    """A copy of ``db`` under the same file name (DuckDB views name their catalog)."""
    copy = tmp_path / db.name
    shutil.copyfile(db, copy)
    return copy


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(workdir, incrementally built db, fully refreshed db over the same raw data)."""
    work = tmp_path_factory.mktemp("incremental")
    source = work / "source.duckdb"
    write_duckdb(generate(GeneratorConfig(n_leads=1500, seed=11, loader_order=False)), source)
    with duckdb.connect(str(source), read_only=True) as con:
        c1, c2 = con.execute(f"select quantile_disc({LOADED}, 0.7), quantile_disc({LOADED}, 0.85) "
                             "from raw.marketing_activities").fetchone()
    first, second = f"timestamp '{c1}'", f"timestamp '{c2}'"
    held_back = (f"({LOADED} > {second} - interval 2 day and {LOADED} <= {second} "
                 "and hash(_loaded_at || 'held') % 4 = 0)")

    inc = work / "incremental.duckdb"
    dbt(SEED, work, inc)
    assert load(inc, source, f"{LOADED} <= {first}") > 0
    build(work, inc, full_refresh=True)
    # batch 2 without the rows a lagging loader lands later
    assert load(inc, source, f"{LOADED} > {first} and {LOADED} <= {second} and not {held_back}") > 0
    build(work, inc)
    # a replay of batch 2 (exact duplicates) and of some older rows
    load(inc, source, f"{LOADED} > {first} and {LOADED} <= {second} and not {held_back} "
                      "and hash(_loaded_at || 'replay') % 3 = 0")
    load(inc, source, f"{LOADED} <= {first} and hash(_loaded_at) % 50 = 0")
    build(work, inc)
    # the held-back rows (older _loaded_at than the warehouse's latest) and the rest
    assert load(inc, source, f"{held_back} or {LOADED} > {second}") > 0
    build(work, inc)
    # two more days: new leads, activities, orders, spend, late rows and replays
    added = append_days(inc, 2, seed=3)
    assert added["marketing_activities"] > 0 and added["crm_leads"] > 0
    build(work, inc)

    full = work / "full.duckdb"
    dbt(SEED, work, full)
    load(full, inc, "true")
    build(work, full, full_refresh=True)
    return work, inc, full


def test_incremental_equals_full_refresh(batches: tuple[Path, Path, Path]) -> None:
    _, inc, full = batches
    assert differences(inc, full) == {}


def test_second_incremental_run_changes_nothing(batches: tuple[Path, Path, Path]) -> None:
    work, inc, _ = batches
    before = work / "before.duckdb"
    snapshot(inc, before)
    build(work, inc)
    assert differences(inc, before) == {}


def test_appended_batches_never_reset_a_model(batches: tuple[Path, Path, Path]) -> None:
    """Every batch only appends, so no incremental model may decide its input was replaced and
    rebuild itself from scratch (the rows would still be right, but every run would cost a full
    build). At L, an incremental model used to reset on ordinary days; these small batches do
    not reproduce that pattern, so this guards against resets in general."""
    work, _, _ = batches
    runs = (work / "runs.log").read_text()
    assert runs.count("=== incremental.duckdb") >= 5
    assert "reset_when_input_replaced" not in runs


def test_a_rebuilt_input_recomputes_every_lead(batches: tuple[Path, Path, Path],
                                              tmp_path: Path) -> None:
    """int_activities__leads_attached rebuilt from scratch: every activity is newer than what
    int_leads__activities_aggregated summarised, so it recomputes every lead, and still equals
    the full refresh."""
    work, inc, full = batches
    # a copy under the same file name: DuckDB views name their catalog (the file's stem)
    copy = copy_of(inc, tmp_path)
    dbt(["run", "--full-refresh", "-s", "int_activities__leads_attached"], work, copy)
    with duckdb.connect(str(copy)) as con:
        # a stale summary row the recompute must replace
        con.execute("update intermediate.int_leads__activities_aggregated "
                    "set current_score = current_score + 1000")
    dbt(["run", "-s", "int_leads__activities_aggregated"], work, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        con.execute(f"attach '{full}' as other (read_only)")
        table = "intermediate.int_leads__activities_aggregated"
        cols = columns(con, table)
        only_here, only_there = con.execute(
            f"select (select count(*) from (select {cols} from {table} except all "
            f"select {cols} from other.{table})), (select count(*) from (select {cols} from "
            f"other.{table} except all select {cols} from {table}))").fetchone()
    assert (only_here, only_there) == (0, 0)


def test_changed_reference_data_rebuilds_the_incremental_models(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Reference seeds and vars decide what incremental models hold (which activity types and
    currencies are known, an activity's points). When they change, rows the models already hold
    would keep the old answer; the models must notice and rebuild, so the marts still equal a
    full refresh with the new reference data."""
    work, inc, full = batches
    inc_copy, full_copy, out = runs_on_edited_copies(work, inc, full, tmp_path, [
        "update reference.activity_scoring_rules set points = points + 20 "
        "where activity_type = 'email_click'",
        "delete from reference.currency_rates where currency_code = 'GBP'"])
    assert differences(inc_copy, full_copy) == {}
    assert "the reference data of" in out


def test_a_broken_unique_key_is_caught(batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """If delete+insert ever left two rows of one key (a key changed type, a lookback too short
    for a replay), the data tests fail: the usable row of a key is duplicated on purpose in each
    incremental model, and the unique tests on the models (the base models keep every version
    of a key, so on their clean views) must fail."""
    work, inc, _ = batches
    copy = copy_of(inc, tmp_path)
    with duckdb.connect(str(copy)) as con:
        for table in INCREMENTAL_MODELS:
            usable = "where reject_reason is null" if table.startswith("staging.") else ""
            con.execute(f"insert into {table} select * from {table} {usable} limit 1")
    out = dbt(["test", "-s", "stg_crm__leads", "stg_marketing__activities", "stg_sales__orders",
               "int_activities__leads_attached", "int_leads__activities_aggregated"], tmp_path,
              copy, check=False)
    for test in ("unique_stg_crm__leads_lead_id",
                 "unique_stg_marketing__activities_activity_id",
                 "unique_stg_sales__orders_order_id",
                 "unique_int_activities__leads_attached_activity_id",
                 "unique_int_leads__activities_aggregated_canonical_lead_id"):
        assert f"FAIL 1 {test}" in out, test


def test_a_loader_writing_utc_offsets_does_not_reset_the_model(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """A loader that writes `_loaded_at` with a negative UTC offset: its rows are one hour newer
    (in UTC) than anything loaded before. The base model stores that UTC time as loaded_at, and
    the reset check must read the raw text the same way. Reading it without the offset (five
    hours earlier) made the raw table's latest load look older than the model's, and the next
    run emptied and rebuilt base_marketing__activities, on every run after that load."""
    work, inc, _ = batches
    copy = copy_of(inc, tmp_path)
    with duckdb.connect(str(copy)) as con:
        (latest,) = con.execute(f"select max({LOADED}) from raw.marketing_activities").fetchone()
        landed_utc = latest + timedelta(hours=1)
        landed_text = (landed_utc - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S") + "-05:00"
        con.execute("insert into raw.marketing_activities select * replace "
                    "('offset-' || activity_id as activity_id, ? as _loaded_at) "
                    "from raw.marketing_activities where activity_id in (select raw_key from "
                    "staging.base_marketing__activities where reject_reason is null) "
                    "order by activity_id limit 1", [landed_text])
    runs = [dbt(["run", "--exclude", "path:seeds/raw"], work, copy) for _ in range(2)]
    assert not [run for run in runs if "reset_when_input_replaced" in run]
    with duckdb.connect(str(copy), read_only=True) as con:
        stored = con.execute("select loaded_at from staging.base_marketing__activities "
                             "where raw_key like 'offset-%'").fetchall()
    assert stored == [(landed_utc,)]


@pytest.mark.parametrize("batch, resets", [
    # 150,000 replays of the 500 oldest rows appended: the newest row group (122,880 rows) holds
    # only old loads, but the table's latest load is unchanged - every row must be read to see it
    ("replayed_old_rows", False),
    # the table replaced by an extract of as many rows, every load 30 days older
    ("older_extract", True),
])
def test_a_base_model_resets_only_when_the_raw_latest_load_is_older(
        batches: tuple[Path, Path, Path], tmp_path: Path, batch: str, resets: bool) -> None:
    """The reset check of the base models reads the newest raw rows first (one row group on
    DuckDB) and every raw row only when those are older than the model: the verdict must be the
    one a full read gives, whatever the newest rows hold."""
    work, inc, _ = batches
    copy = copy_of(inc, tmp_path)
    with duckdb.connect(str(copy)) as con:
        if batch == "replayed_old_rows":
            con.execute("insert into raw.marketing_activities select oldest.* from (select * from "
                        f"raw.marketing_activities order by {LOADED}, activity_id limit 500) "
                        "as oldest, range(300)")
        else:
            con.execute("update raw.marketing_activities set _loaded_at = "
                        f"strftime({LOADED} - interval 30 day, '%Y-%m-%d %H:%M:%S') "
                        f"where {LOADED} is not null")
    out = dbt(["run", "--exclude", "path:seeds/raw"], work, copy)
    reset = ('reset_when_input_replaced: the input of "incremental"."staging".'
             '"base_marketing__activities" was replaced')
    assert (reset in out) is resets, out


def test_a_late_rejection_beside_newer_rows_removes_the_activity(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """One batch lands a new version of an old activity that is unusable (an unknown type),
    late - two days before the warehouse's latest load, inside the lookback - and a new activity
    two days after it. The post-hooks delete rejected activities by the models' windows from
    before the insert: with the windows after it (moved on by the new activity), the late
    rejection would be missed and the activity stay attached and counted. The lead it leaves is
    in no (re)attached row: int_leads__activities_aggregated sees it lost an activity only by
    its staleness check (lead_activity_summary_is_stale), and recomputes every lead; the old
    activity is a hot signal, so int_lead_signal_days__aggregated too (lead_signal_days_are_stale)."""
    work, inc, full = batches
    with duckdb.connect(str(inc), read_only=True) as con:
        (latest,) = con.execute(f"select max({LOADED}) from raw.marketing_activities").fetchone()
        (old_id,) = con.execute(
            "select activity_id from raw.marketing_activities where activity_id in "
            "(select activity_id from intermediate.int_activities__leads_attached "
            "where canonical_lead_id is not null "
            # a hot-signal activity: int_lead_signal_days__aggregated loses it too
            "and activity_type in (select activity_type from reference.activity_scoring_rules "
            "where temperature_signal = 'hot')) group by activity_id "
            f"having max({LOADED}) < ? order by activity_id limit 1",
            [latest - timedelta(days=4)]).fetchone()
    late = (latest - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    newer = (latest + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    inc_copy, full_copy, out = runs_on_edited_copies(work, inc, full, tmp_path, [
        "insert into raw.marketing_activities select * replace ('not_a_known_type' as "
        f"activity_type, '{late}' as _loaded_at) from raw.marketing_activities "
        f"where activity_id = '{old_id}' limit 1",
        "insert into raw.marketing_activities select * replace ('late-test-newer' as "
        f"activity_id, '{newer}' as _loaded_at) from raw.marketing_activities "
        f"where activity_id in (select activity_id from intermediate.int_activities__leads_attached) "
        f"and activity_id != '{old_id}' order by activity_id limit 1"])
    with duckdb.connect(str(inc_copy), read_only=True) as con:
        held = [con.execute("select count(*) from intermediate.int_activities__leads_attached "
                            "where activity_id = ?", [activity]).fetchone()[0]
                for activity in (old_id, "late-test-newer")]
    assert held == [0, 1]
    assert "int_leads__activities_aggregated\" lost activities" in out
    assert "int_lead_signal_days__aggregated\" lost signal activities" in out
    assert differences(inc_copy, full_copy) == {}


def test_an_activity_left_without_a_lead_is_no_longer_counted(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """A lead is soft-deleted in the next batch: its activities without an email find no lead
    and stay in int_activities__leads_attached as unattached, with the lead they belonged to as
    previous_canonical_lead_id: int_leads__activities_aggregated recomputes that lead, without
    the reset its staleness check would otherwise need."""
    work, inc, full = batches
    with duckdb.connect(str(inc), read_only=True) as con:
        (latest,) = con.execute(f"select max({LOADED}) from raw.crm_leads").fetchone()
        lead_id, activity_id = con.execute(
            "select trim(lead_id), activity_id from raw.marketing_activities "
            "where nullif(trim(email), '') is null and activity_id in "
            "(select activity_id from intermediate.int_activities__leads_attached "
            "where canonical_lead_id is not null) "
            "and trim(lead_id) in (select lead_id from staging.stg_crm__leads) "
            "order by activity_id limit 1").fetchone()
    deleted_at = (latest + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    inc_copy, full_copy, out = runs_on_edited_copies(work, inc, full, tmp_path, [
        f"insert into raw.crm_leads select * replace ('true' as is_deleted, '{deleted_at}' as "
        f"_loaded_at) from raw.crm_leads where trim(lead_id) = '{lead_id}' "
        f"order by {LOADED} desc limit 1"])
    with duckdb.connect(str(inc_copy), read_only=True) as con:
        attached = con.execute("select attach_method from intermediate.int_activities__leads_attached "
                               "where activity_id = ?", [activity_id]).fetchall()
    assert attached == [("unattached",)]
    assert "lost activities" not in out
    assert differences(inc_copy, full_copy) == {}



def test_erasure_requests_keep_incremental_equal_to_full_refresh(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """An erasure request scrubs raw rows in place. A raw row without a business key is known by
    the hash of its content (raw_key `row:<hash>`), so scrubbing it changes its key: the
    incremental base models must drop the old key and hold the row once, under its new key,
    whether it was loaded inside the lookback window or long before (found at tier M: a keyless
    activity inside the window was held twice)."""
    work, inc, full = batches
    latest = "(select _loaded_at from raw.{table} order by " + LOADED + " desc limit 1)"
    # keyless rows landed in the latest batch: a copy of a row with an email, key blanked
    # (activity: the latest row, so inside the window; order: any row)
    landed = [
        ("marketing_activities", "activity_id", "email like '%@%' and nullif(trim(activity_id), '') "
         "is not null order by " + LOADED + " desc, activity_id limit 1"),
        ("sales_orders", "order_id", "email like '%@%' and nullif(trim(order_id), '') is not null "
         "and email not in (select email from raw.marketing_activities "
         "where email is not null order by " + LOADED + " desc limit 1) order by order_id limit 1"),
    ]
    inc_copy, full_copy = edited_copies(inc, full, tmp_path, [
        f"insert into raw.{table} select * replace ('' as {key}, {latest.format(table=table)} "
        f"as _loaded_at) from raw.{table} where {where}" for table, key, where in landed])
    dbt(["run", "--exclude", "path:seeds/raw"], work, inc_copy)  # the batch, before any request

    keyless = "nullif(trim({key}), '') is null and email like '%@%'"
    with duckdb.connect(str(inc_copy), read_only=True) as con:
        emails = [con.execute(f"select email from raw.{table} where {keyless.format(key=key)} "
                              f"and _loaded_at = {latest.format(table=table)}").fetchone()[0]
                  for table, key, _ in landed]
        # and a keyless activity loaded long before the window
        emails += [con.execute(f"select email from raw.marketing_activities where "
                               f"{keyless.format(key='activity_id')} order by {LOADED}, email "
                               "limit 1").fetchone()[0]]
    assert len(set(emails)) == 3, emails
    for copy in (inc_copy, full_copy):
        with duckdb.connect(str(copy)) as con:
            for email in emails:
                con.execute("insert into raw.privacy_erasure_requests (email, lead_id, requested_at,"
                            " _loaded_at) values (?, null, '2026-01-01', '2026-01-01T00:00:00Z')",
                            [email])
    dbt(["run", "--exclude", "path:seeds/raw"], work, inc_copy)
    dbt(["run", "--exclude", "path:seeds/raw", "--full-refresh"], work, full_copy)
    assert differences(inc_copy, full_copy) == {}
    with duckdb.connect(str(inc_copy), read_only=True) as con:
        for table, key, _ in landed:
            base = f"staging.base_{table.replace('_', '__', 1)}"
            held, distinct_raw, left = con.execute(
                f"select (select count(*) from {base} where raw_key like 'row:%'), "
                f"(select count(*) from (select distinct * from raw.{table} "
                f"where nullif(trim({key}), '') is null)), "
                f"(select count(*) from raw.{table} where email in (?, ?, ?))",
                emails).fetchone()
            assert held == distinct_raw, (table, held, distinct_raw)
            assert left == 0, f"raw.{table} still holds an erased email"


def test_a_future_load_time_never_moves_the_window(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """A lead and an activity landed with `_loaded_at` in 2999 (a loader's broken clock), then,
    in the next batches, ordinary rows loaded an hour and a day after the latest real load. Until
    2026-12 the 2999 load became the watermark: the next ordinary lead landed in neither the
    clean nor the rejected rows. Now the future rows are quarantined `future_loaded_at` with a
    null loaded_at, every later ordinary row is read, the raw rows reconcile after every run and
    the incremental warehouse equals a full refresh of the same raw data."""
    work, inc, full = batches
    with duckdb.connect(str(inc), read_only=True) as con:
        (latest,) = con.execute(f"select max({LOADED}) from raw.crm_leads").fetchone()

    def copy_rows(table: str, key: str, new_key: str, loaded: str) -> str:
        # one raw row (the latest version) of the first key the generator wrote, under a new key
        return (f"insert into raw.{table} select * replace ('{new_key}' as {key}, "
                f"'{loaded}' as _loaded_at) from raw.{table} where {key} = (select min({key}) "
                f"from raw.{table} where {key} not like 'FUTURE%' and {key} not like 'NEW%') "
                f"order by {LOADED} desc limit 1")

    future = "2999-01-01 00:00:00"
    batch_1 = [copy_rows("crm_leads", "lead_id", "FUTURE-L", future),
               copy_rows("marketing_activities", "activity_id", "FUTURE-A", future)]
    inc_copy, full_copy, _ = runs_on_edited_copies(work, inc, full, tmp_path / "b1", batch_1)
    for step, hours in (("b2", 1), ("b3", 24)):
        loaded = (latest + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S")
        edit = copy_rows("crm_leads", "lead_id", f"NEW-{step}", loaded)
        inc_copy, full_copy, _ = runs_on_edited_copies(work, inc_copy, full_copy,
                                                       tmp_path / step, [edit])
        with duckdb.connect(str(inc_copy), read_only=True) as con:
            assert con.execute("select count(*) from staging.stg_crm__leads "
                               f"where lead_id = 'NEW-{step}'").fetchone() == (1,)
            unbalanced = con.execute(
                "select source_table from marts.fct_raw_row_reconciliation "
                "where raw_rows != clean_rows + rejected_rows + exact_duplicate_rows").fetchall()
            assert unbalanced == []
            assert con.execute("select reject_reason, loaded_at from staging.base_crm__leads "
                               "where lead_id = 'FUTURE-L'").fetchall() == [("future_loaded_at", None)]
        assert differences(inc_copy, full_copy) == {}


# --- Lifecycle (issue 23): the sales touches read from the activity stream incrementally -----

def test_sales_touches_follow_the_stream_incrementally(
        batches: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """One batch lands, inside the lookback, a new version of one stored call that is no longer
    a call (a page view), a new version of another that is unusable (an unknown type: the
    stream deletes it) and a new call. int_activities__sales_touches_filtered reads only the
    sales-touch rows attached since its latest attached_at: the new call is added, and its
    post-hook deletes the two touches that left the stream's calls; the handover marts then
    equal a full refresh."""
    work, inc, full = batches
    with duckdb.connect(str(inc), read_only=True) as con:
        (latest,) = con.execute(f"select max({LOADED}) from raw.marketing_activities").fetchone()
        calls = [r[0] for r in con.execute(
            "select activity_id from intermediate.int_activities__sales_touches_filtered "
            "where canonical_lead_id is not null order by activity_id limit 3").fetchall()]
    assert len(calls) == 3
    late = (latest - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    newer = (latest + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    inc_copy, full_copy, _ = runs_on_edited_copies(work, inc, full, tmp_path, [
        "insert into raw.marketing_activities select * replace ('page_view' as activity_type, "
        f"'{late}' as _loaded_at) from raw.marketing_activities where activity_id = '{calls[0]}' limit 1",
        "insert into raw.marketing_activities select * replace ('not_a_known_type' as "
        f"activity_type, '{late}' as _loaded_at) from raw.marketing_activities "
        f"where activity_id = '{calls[1]}' limit 1",
        "insert into raw.marketing_activities select * replace ('touch-test-new' as activity_id, "
        f"'{newer}' as _loaded_at) from raw.marketing_activities where activity_id = '{calls[2]}' limit 1"])
    with duckdb.connect(str(inc_copy), read_only=True) as con:
        held = [con.execute("select count(*) from intermediate.int_activities__sales_touches_filtered "
                            "where activity_id = ?", [activity]).fetchone()[0]
                for activity in (calls[0], calls[1], calls[2], "touch-test-new")]
    assert held == [0, 0, 1, 1]
    assert differences(inc_copy, full_copy) == {}
