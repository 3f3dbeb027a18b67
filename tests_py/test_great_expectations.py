"""Great Expectations validates the marts after the build and writes Data Docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from dbt_runner import PROJECT_DIR
from leadwh.validate import SUITES, validate

# Data Docs of the suite run land where a user finds them after `make test`.
GX_DIR = PROJECT_DIR / "target" / "gx"


def test_every_mart_has_a_suite_and_passes(sample_db: Path) -> None:
    report = validate(sample_db, GX_DIR)
    assert report.failures == []
    assert report.evaluated >= 6 * len(SUITES)
    assert report.data_docs_index is not None and report.data_docs_index.is_file()
    html = report.data_docs_index.read_text(encoding="utf-8")
    for mart in SUITES:
        assert mart in html


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
