"""Raw tables landed as Parquet files (var ``raw_parquet_dir``) build the same warehouse.

``leadwh generate --db X --parquet DIR`` writes the same generated raw tables into a DuckDB
warehouse and as ``DIR/<table>.parquet``. A warehouse built from the files (no raw tables in it)
must equal, mart for mart, one built from the tables; a file that lacks a declared column stops
the build with the schema-drift message naming the file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dbt_runner import run_dbt
from test_erasure import identity, traces
from leadwh.schema import RAW_COLUMNS

BIN = Path(sys.executable).parent
#: every seed but the generated raw tables (reference data, privacy requests, ...)
SEED = ["seed", "--exclude", *RAW_COLUMNS]
RUN = ["run", "--exclude", "path:seeds/raw"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("parquet")
    subprocess.run([str(BIN / "leadwh"), "generate", "--leads", "1200", "--seed", "11",
                    "--db", str(work / "tables.duckdb"), "--parquet", str(work / "files"),
                    "--no-progress"], check=True, capture_output=True)
    return work


def test_parquet_files_build_the_same_marts(generated: Path) -> None:
    work = generated
    tables, files = work / "tables.duckdb", work / "from_files.duckdb"
    run_dbt(SEED, work, tables)
    run_dbt(RUN, work, tables)
    run_dbt(SEED, work, files)
    run_dbt([*RUN, "--vars", f"{{raw_parquet_dir: '{work / 'files'}'}}"], work, files)
    # and again, incrementally: the incremental models read the files too (a file has no rowid,
    # which the DuckDB path of raw_rows_for_base_model uses for raw tables)
    run_dbt([*RUN, "--vars", f"{{raw_parquet_dir: '{work / 'files'}'}}"], work, files)
    with duckdb.connect(str(files), read_only=True) as con:
        # the file warehouse has no generated raw table: everything came from the files
        raw = {name for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'from_files' and table_schema = 'raw'").fetchall()}
        assert not raw & set(RAW_COLUMNS)
        con.execute(f"attach '{tables}' as other (read_only)")
        marts = [name for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'from_files' and table_schema = 'marts'").fetchall()]
        assert len(marts) >= 10
        for mart in marts:
            table = f"marts.{mart}"
            only_files, only_tables, rows = con.execute(
                f"select (select count(*) from (select * from {table} except all "
                f"select * from other.{table})), (select count(*) from (select * from "
                f"other.{table} except all select * from {table})), "
                f"(select count(*) from {table})").fetchone()
            assert (only_files, only_tables) == (0, 0), mart
            if mart in ("dim_leads", "fct_orders", "fct_rejected_rows"):
                assert rows > 0, mart


def test_a_file_missing_a_column_stops_the_build(generated: Path) -> None:
    work = generated
    drifted = work / "drifted"
    drifted.mkdir()
    with duckdb.connect() as con:
        source = work / "files" / "crm_leads.parquet"
        con.execute(f"copy (select * exclude (email) from read_parquet('{source}')) "
                    f"to '{drifted / 'crm_leads.parquet'}' (format parquet)")
    db = work / "drifted.duckdb"
    run_dbt(SEED, work, db)
    run = run_dbt(["run", "-s", "base_crm__leads", "--vars", f"{{raw_parquet_dir: '{drifted}'}}"],
                  work, db, check=False)
    out = run.output
    assert run.returncode != 0
    assert "Schema drift: raw table crm.leads" in out
    assert "crm_leads.parquet" in out and "is missing column email" in out


def test_erasure_leaves_no_trace_when_the_raw_tables_are_files(generated: Path) -> None:
    """The erasure hooks cannot update a Parquet file, so every run reads an erased person from
    the files again: the rows in the incremental window on an ordinary run, everything on a
    full refresh. After either, no table of the warehouse may hold the person (the end-of-run
    hook scrubs what the run built from files)."""
    work = generated
    db = work / "erased_from_files.duckdb"
    files = ["--vars", f"{{raw_parquet_dir: '{work / 'files'}'}}"]
    run_dbt(SEED, work, db)
    run_dbt([*RUN, *files], work, db)
    with duckdb.connect(str(db)) as con:
        # a person whose activity the next run reads again from the file: the latest load
        email = con.execute(
            "select min(email) from staging.base_marketing__activities "
            "where email like '%@%' and loaded_at = (select max(loaded_at) from staging.base_marketing__activities)"
        ).fetchone()[0]
        con.execute("insert into raw.privacy_erasure_requests values (?, null, '2026-07-01', '2026-07-01 00:00:00')",
                    [email])
    person = {identity(email)}
    assert traces(db, person, set(), min_columns=50), "the scan must see the person before erasure"
    run_dbt([*RUN, *files], work, db)
    assert traces(db, person, set(), min_columns=50) == []
    run_dbt([*RUN, "--full-refresh", *files], work, db)
    assert traces(db, person, set(), min_columns=50) == []
