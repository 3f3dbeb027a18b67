"""Great Expectations validates the marts after the build and writes the outcome of every
expectation to validation_results.json (the report's data-quality section shows it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from dbt_runner import PROJECT_DIR
from leadwh.validate import SUITES, validate

# The results of the suite run land where `leadwh report` looks for them after `make test`.
GX_DIR = PROJECT_DIR / "target" / "gx"


def test_every_mart_has_a_suite_and_passes(sample_db: Path) -> None:
    report = validate(sample_db, GX_DIR)
    assert report.failures == []
    assert report.evaluated >= 6 * len(SUITES)
    results = json.loads(report.results_path.read_text(encoding="utf-8"))["results"]
    assert len(results) == report.evaluated
    assert {r["mart"] for r in results} == set(SUITES)
    assert all(r["success"] for r in results)
    # no Data Docs: offline they rendered unstyled (CSS and JS from CDNs), so they are not built
    assert not list(GX_DIR.rglob("local_site/index.html"))


def test_violations_fail_the_validation(sample_db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(sample_db, broken)
    con = duckdb.connect(str(broken))
    con.execute(
        "update marts.fct_funnel_conversion set lead_to_customer_rate = 1.5 "
        "where (cohort_month, channel) in (select cohort_month, channel from marts.fct_funnel_conversion limit 1)"
    )
    con.execute(
        "update marts.dim_leads set temperature = 'lukewarm' "
        "where lead_key in (select lead_key from marts.dim_leads limit 2)"
    )
    con.close()
    report = validate(broken, tmp_path / "gx", ["fct_funnel_conversion", "dim_leads"])
    assert not report.success
    failed = {(f.mart, f.expectation, f.column, f.unexpected_count) for f in report.failures}
    assert ("fct_funnel_conversion", "expect_column_values_to_be_between", "lead_to_customer_rate", 1) in failed
    assert ("dim_leads", "expect_column_values_to_be_in_set", "temperature", 2) in failed
    assert len(report.failures) == 2
    results = json.loads(report.results_path.read_text(encoding="utf-8"))["results"]
    assert sum(not r["success"] for r in results) == 2
