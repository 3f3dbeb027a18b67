"""Schema drift fails fast with a message naming the raw table and the column; an empty raw table
builds fine.

The raw layer is copied from the sample seeds into schemas of its own (var `raw_schema`), then
changed the way a loader would change it: a column dropped, a column renamed, every table empty.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dbt_runner import run_dbt

RAW_TABLES = [
    "privacy_erasure_requests",
    "crm_leads",
    "marketing_activities",
    "marketing_campaigns",
    "marketing_spend",
    "sales_opportunities",
    "sales_orders",
]
# Models and data tests only: the unit tests already ran in the sample build.
BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    workdir = tmp_path_factory.mktemp("drift")
    db = workdir / "drift.duckdb"
    run_dbt(["seed"], workdir, db)
    return workdir, db


def copy_raw(db: Path, schema: str, where: str = "true") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute(f"create schema if not exists {schema}")
    for table in RAW_TABLES:
        con.execute(f"create or replace table {schema}.{table} as select * from raw.{table} where {where}")
    return con


def staging_run(workdir: Path, db: Path, schema: str):  # type: ignore[no-untyped-def]
    return run_dbt(
        ["run", "--select", "staging", "--vars", json.dumps({"raw_schema": schema})],
        workdir,
        db,
        check=False,
    )


def test_missing_column_stops_the_build_naming_table_and_column(seeded: tuple[Path, Path]) -> None:
    workdir, db = seeded
    con = copy_raw(db, "drift_missing")
    con.execute("alter table drift_missing.crm_leads drop column email")
    con.close()
    run = staging_run(workdir, db, "drift_missing")
    assert run.returncode != 0
    assert "raw table crm.leads (drift_missing.crm_leads) is missing column email" in run.output, run.output[-3000:]
    # Fails fast: the message comes from the check, not from the engine inside the model.
    assert "Binder Error" not in run.output and "Catalog Error" not in run.output, run.output[-3000:]
    # Only the models reading the drifted table (and what depends on them) stop.
    errors = sorted(r["unique_id"] for r in run.results() if r["status"] == "error")
    assert errors == ["model.leadwh.base_crm__leads", "model.leadwh.stg_privacy__erased_people"]


def test_renamed_column_stops_the_build_naming_old_and_new_name(seeded: tuple[Path, Path]) -> None:
    workdir, db = seeded
    con = copy_raw(db, "drift_renamed")
    con.execute("alter table drift_renamed.sales_orders rename column refunded_amount to refund_amount")
    con.execute("alter table drift_renamed.marketing_spend rename column currency to currency_code")
    con.close()
    run = staging_run(workdir, db, "drift_renamed")
    assert run.returncode != 0
    out = run.output
    assert "raw table sales.orders (drift_renamed.sales_orders) is missing column refunded_amount" in out, out[-3000:]
    assert "landed columns not declared (renamed?): refund_amount" in out
    assert "raw table marketing.spend (drift_renamed.marketing_spend) is missing column currency;" in out
    assert "Binder Error" not in out and "Catalog Error" not in out
    errors = sorted(r["unique_id"] for r in run.results() if r["status"] == "error")
    assert errors == ["model.leadwh.base_marketing__spend", "model.leadwh.base_sales__orders"]


def test_extra_landed_column_is_allowed(seeded: tuple[Path, Path]) -> None:
    workdir, db = seeded
    con = copy_raw(db, "drift_extra")
    con.execute("alter table drift_extra.crm_leads add column linkedin_url varchar")
    con.close()
    run = staging_run(workdir, db, "drift_extra")
    assert run.returncode == 0, run.output[-3000:]


def test_empty_raw_tables_build_with_zero_rows(seeded: tuple[Path, Path]) -> None:
    workdir, db = seeded
    copy_raw(db, "empty_raw", where="false").close()
    run = run_dbt([*BUILD, "--vars", json.dumps({"raw_schema": "empty_raw"})], workdir, db, check=False)
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-60:])
    assert run.counts["error"] == 0 and run.counts["warn"] == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in ("dim_leads", "fct_lead_funnel", "fct_orders", "fct_customer_lifetime_value", "fct_rejected_rows"):
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] == 0, table
        reconciliation = con.execute(
            "select sum(raw_rows), sum(clean_rows), sum(rejected_rows), count(*) from marts.fct_raw_row_reconciliation"
        ).fetchone()
        assert reconciliation == (0, 0, 0, 7)  # six generated raw tables + crm.lead_stage_changes
    finally:
        con.close()
