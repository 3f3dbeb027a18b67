"""The MetricFlow semantic layer (issue 24): `mf validate-configs` passes against the sample
warehouse, and `mf query` gives the numbers computed directly from the marts with SQL.

Reuses the session's sample build (its warehouse and its target/semantic_manifest.json); a few
`mf` calls, each ~3 s. `mf` reads `<project>/target/semantic_manifest.json` (not DBT_TARGET_PATH),
so it runs on a throwaway project root: links to the project's files plus the build's manifest.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dbt_runner import PROJECT_DIR, DbtRun

MF = Path(sys.executable).with_name("mf")
PROJECT_FILES = ["dbt_project.yml", "models", "macros", "seeds", "tests", "analyses", "selectors.yml"]


@pytest.fixture(scope="module")
def mf_env(sample_build: tuple[DbtRun, Path], sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    run, _ = sample_build
    root = tmp_path_factory.mktemp("mf_project")
    for name in PROJECT_FILES:
        (root / name).symlink_to(PROJECT_DIR / name)
    (root / "target").mkdir()
    (root / "target" / "semantic_manifest.json").write_bytes((run.target_path / "semantic_manifest.json").read_bytes())
    return {
        **os.environ,
        "DBT_PROJECT_DIR": str(root),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "LEADWH_DUCKDB_PATH": str(sample_db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def mf(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MF), *args], cwd=env["DBT_PROJECT_DIR"], env=env, capture_output=True, text=True)


def mf_query(env: dict, tmp_path: Path, metrics: list[str], group_by: list[str] | None = None) -> list[dict]:
    out = tmp_path / f"mf_{len(list(tmp_path.iterdir()))}.csv"
    args = ["query", "--quiet", "--metrics", ",".join(metrics), "--csv", str(out)]
    if group_by:
        args += ["--group-by", ",".join(group_by)]
    proc = mf(env, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with out.open() as f:
        return list(csv.DictReader(f))


def num(value: str) -> float | None:
    return None if value in ("", None) else float(value)


def sql(db: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query).fetchall()


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(float(value), rel=1e-9, abs=1e-9)


def test_validate_configs_against_the_warehouse(mf_env: dict) -> None:
    """Semantics and every semantic model, dimension, entity, measure and metric queried on the
    warehouse (mf exits 1 on any error)."""
    proc = mf(mf_env, "validate-configs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Successfully validated metrics against data warehouse" in proc.stdout


def test_totals_reaggregate_ratios_from_totals(mf_env: dict, sample_db: Path, tmp_path: Path) -> None:
    """CPL over every month and channel is total spend / total leads, not an average of the
    per-row cost_per_lead (a row with leads and no spend has a CPL of 0 and drags it down)."""
    (row,) = mf_query(mf_env, tmp_path, ["spend", "leads", "cost_per_lead", "mql_to_sql_conversion_30d"])
    spend, leads, avg_row_cpl = sql(
        sample_db, "select sum(spend), sum(leads), avg(cost_per_lead) from marts.fct_channel_performance"
    )[0]
    assert num(row["spend"]) == approx(spend)
    assert num(row["leads"]) == approx(leads)
    assert sql(sample_db, "select count(*) from marts.dim_leads")[0][0] == leads
    assert num(row["cost_per_lead"]) == approx(float(spend) / leads)
    assert num(row["cost_per_lead"]) != approx(avg_row_cpl)
    # MQL -> SQL within 30 days: of the leads with an MQL time, those whose SQL (or a later stage,
    # as fct_lead_stage_reached dates a skipped SQL) came on the MQL's day or in the next 29 days
    # (MetricFlow compares days: the SQL's day is less than 30 days after the MQL's day).
    (rate,) = sql(
        sample_db,
        """
        select count(*) filter (
                   where date_diff('day', cast(mql_at as date),
                                   cast(coalesce(sql_at, opportunity_at, customer_at) as date)) between 0 and 29
               ) / count(*)
        from marts.fct_lead_funnel
        where mql_at is not null
        """,
    )[0]
    assert num(row["mql_to_sql_conversion_30d"]) == approx(rate)


def test_costs_and_stages_by_month(mf_env: dict, sample_db: Path, tmp_path: Path) -> None:
    """Per month: spend, leads, CPL, MQLs / SQLs reached, new customers, cost per MQL and CAC equal
    the month's totals of fct_channel_performance (over its channels and campaigns)."""
    metrics = ["spend", "leads", "cost_per_lead", "mqls_reached", "sqls_reached", "new_customers", "cost_per_mql",
               "customer_acquisition_cost"]
    rows = mf_query(mf_env, tmp_path, metrics, ["metric_time__month"])
    got = {row["metric_time__month"][:10]: row for row in rows}
    expected = sql(
        sample_db,
        """
        select cast(month as varchar), sum(spend), sum(leads), sum(spend) / nullif(sum(leads), 0), sum(mqls),
               sum(sqls), sum(new_customers), sum(spend) / nullif(sum(mqls), 0),
               sum(spend) / nullif(sum(new_customers), 0)
        from marts.fct_channel_performance
        group by month
        """,
    )
    assert sorted(got) == sorted(month for month, *_ in expected)
    assert len(expected) >= 12
    for month, *values in expected:
        assert [num(got[month][m]) for m in metrics] == [approx(v) for v in values], month


def test_conversion_and_value_by_channel(mf_env: dict, sample_db: Path, tmp_path: Path) -> None:
    """Per channel: the conversion per lead equals fct_funnel_conversion's customers / leads summed
    over its months; the 90-day conversion metric equals the leads of fct_lead_funnel that became
    customers on the day they entered or in the 89 days after; residual value and LTV:CAC equal
    fct_customer_residual_value's totals over fct_channel_performance's spend."""
    metrics = ["leads", "customers", "lead_to_customer_rate", "lead_to_customer_conversion_90d", "cost_per_lead",
               "residual_value", "ltv_to_cac"]
    rows = mf_query(mf_env, tmp_path, metrics, ["channel"])
    got = {row["channel"]: row for row in rows}
    expected = sql(
        sample_db,
        """
        with funnel as (
            select channel, sum(leads) as leads, sum(customers) as customers
            from marts.fct_funnel_conversion group by channel
        ),
        within_90_days as (
            select channel,
                   count(*) filter (
                       where date_diff('day', cast(lead_at as date), cast(customer_at as date)) between 0 and 89
                   ) / count(*) as rate
            from marts.fct_lead_funnel group by channel
        ),
        spend as (
            select channel, sum(spend) as spend, sum(leads) as leads, sum(new_customers) as new_customers
            from marts.fct_channel_performance group by channel
        ),
        value as (
            select acquisition_channel as channel, sum(total_sales) / sum(new_customers) as residual_value
            from marts.fct_customer_residual_value group by acquisition_channel
        )
        select funnel.channel, funnel.leads, funnel.customers, funnel.customers / funnel.leads,
               within_90_days.rate, spend.spend / nullif(spend.leads, 0), value.residual_value,
               value.residual_value / nullif(spend.spend / nullif(spend.new_customers, 0), 0)
        from funnel
        inner join within_90_days on funnel.channel = within_90_days.channel
        inner join spend on funnel.channel = spend.channel
        left join value on funnel.channel = value.channel
        """,
    )
    assert sorted(got) == sorted(channel for channel, *_ in expected)
    assert len(expected) >= 5
    for channel, *values in expected:
        assert [num(got[channel][m]) for m in metrics] == [approx(v) for v in values], channel
    # Not every channel converts at the same rate: the comparison is not between constants.
    assert len({got[channel]["lead_to_customer_rate"] for channel in got}) > 3


def test_saved_queries_run(mf_env: dict, tmp_path: Path) -> None:
    proc = mf(mf_env, "list", "saved-queries")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = ["funnel_by_channel", "stage_conversion_by_month", "costs_by_month", "costs_by_channel",
             "customer_value_by_channel"]
    assert all(name in proc.stdout for name in names), proc.stdout
    out = tmp_path / "saved.csv"
    proc = mf(mf_env, "query", "--quiet", "--saved-query", "costs_by_month", "--csv", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with out.open() as f:
        assert len(list(csv.DictReader(f))) >= 12
