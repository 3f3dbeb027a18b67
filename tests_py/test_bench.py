"""Tests of the benchmark's report (``leadwh bench``), on hand-made inputs.

The benchmark itself (minutes at tier L) is not run here; these pin what it computes from its
measurements, so a wrong ratio or a silent floor mismatch cannot reach BENCHMARKS.md. The floor's
SQL itself is checked against a dbt build in test_floor.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from leadwh.bench import FLOOR, NO_NEW_DATA, Step, check_line, fresh_tier_paths, table
from leadwh.floor import FLOOR_MARTS, mismatches


def test_report_ratios_and_the_cost_of_the_new_day() -> None:
    # full 50 s, incremental 10 s, the same run with nothing new 7 s, floor 40 s:
    # 10/50 = 20.0 %, 50/40 = 1.25, 7/50 = 14.0 %, the day itself 10 - 7 = 3 s = 6.0 % of 50
    steps = [
        Step("L", "dbt full build", 50.0, 3000.0, 1_000_000),
        Step("L", "dbt incremental build", 10.0, 2000.0, 5_000, load=1.5),
        Step("L", NO_NEW_DATA, 7.0, 1900.0, 0),
        Step("L", FLOOR, 40.0, 2900.0, 1_000_000),
    ]
    report = table(steps)
    assert "- L: incremental / full = 20.0%\n" in report
    assert "- L: dbt full / independent floor = 1.25" in report
    assert ("- L: a run with no new data = 7.0 s (14.0% of full); the new day's own cost "
            "(incremental - no new data) = 3.0 s (6.0% of full)") in report
    # rows per second: 1,000,000 / 50 = 20,000; 5,000 / 10 = 500
    assert "| L | dbt full build | 50.0 | 1,000,000 | 20,000 | 3,000 | - |" in report
    # the load average beside the figure it may have slowed
    assert "| L | dbt incremental build | 10.0 | 5,000 | 500 | 2,000 | 1.50 |" in report


def test_report_says_when_the_new_day_is_within_the_noise() -> None:
    # incremental 9 s, no new data 10 s (at tier M a day is ~1 s, less than the noise between
    # runs): 9 - 10 = -1 s = -5.0 % of 20 s, reported as such and flagged
    steps = [
        Step("M", "dbt full build", 20.0, 900.0, 100),
        Step("M", "dbt incremental build", 9.0, 800.0, 10),
        Step("M", NO_NEW_DATA, 10.0, 800.0, 0),
    ]
    report = table(steps)
    assert ("the new day's own cost (incremental - no new data) = -1.0 s (-5.0% of full) - below "
            "zero: the day costs less than the run-to-run variation") in report
    # a positive day cost carries no such flag
    assert "variation" not in table([steps[0], Step("M", "dbt incremental build", 11.0, 800.0, 10),
                                     steps[2]])


def test_report_without_the_no_new_data_run_leaves_its_line_out() -> None:
    steps = [
        Step("M", "dbt full build", 20.0, 900.0, 100),
        Step("M", "dbt incremental build", 5.0, 800.0, 10),
        Step("M", FLOOR, 10.0, 850.0, 100),
    ]
    report = table(steps)
    assert "- M: incremental / full = 25.0%" in report
    assert "- M: dbt full / independent floor = 2.00" in report
    assert "no new data" not in report


def test_report_prints_the_floor_check_and_a_mismatch_loudly() -> None:
    steps = [Step("M", "dbt full build", 20.0, 900.0, 100), Step("M", FLOOR, 10.0, 850.0, 100)]
    passed = dict.fromkeys(FLOOR_MARTS, 0)
    report = table(steps, {"M": passed})
    assert ("- M: floor check (its six marts = the full build's, row for row): PASS (6 marts equal "
            "row for row: dim_leads, fct_lead_funnel") in report
    failed = {**passed, "dim_leads": 3, "fct_cohort_revenue": "missing"}
    line = check_line(failed)
    assert line == "FAIL (dim_leads: 3 rows differ; fct_cohort_revenue: missing)"
    assert line in table(steps, {"M": failed})


def test_mismatches_count_rows_both_ways_and_catch_other_columns() -> None:
    con = duckdb.connect()
    con.execute("create schema marts; create schema floor")
    for mart in FLOOR_MARTS:
        con.execute(f"create table marts.{mart} as select * from (values (1, 'a'), (2, 'b'), (2, 'b')) t(k, v)")
        con.execute(f"create table floor.{mart} as select * from marts.{mart}")
    # one row changed (2 differences: one only left, one only right), one duplicate lost
    con.execute("update floor.dim_leads set v = 'x' where k = 1")
    con.execute("delete from floor.fct_lead_funnel where k = 2")
    con.execute("insert into floor.fct_lead_funnel values (2, 'b')")
    # another column name, and a mart missing
    con.execute("alter table floor.fct_funnel_conversion rename column v to w")
    con.execute("drop table floor.fct_cohort_revenue")
    result = mismatches(con)
    assert result == {"dim_leads": 2, "fct_lead_funnel": 1, "fct_funnel_conversion": "other columns (v, w)",
                      "fct_channel_performance": 0, "fct_customer_lifetime_value": 0,
                      "fct_cohort_revenue": "missing"}


def test_a_tier_starts_without_the_files_of_an_earlier_benchmark(tmp_path: Path) -> None:
    """A second `make bench` (from another clone) reused the first one's dbt target dir, whose
    partial-parse manifest pointed at the first clone's seed files: the seeds step failed."""
    target = tmp_path / "target_M"
    (target / "nested").mkdir(parents=True)
    (target / "partial_parse.msgpack").write_bytes(b"stale")
    (tmp_path / "target_M_floor").mkdir()
    (tmp_path / "bench_M.duckdb").write_bytes(b"stale")
    (tmp_path / "floor_M.duckdb").write_bytes(b"stale")
    (tmp_path / "bench_L.duckdb").write_bytes(b"other tier")
    db, floor, fresh_target = fresh_tier_paths(tmp_path, "M")
    assert (db, floor, fresh_target) == (tmp_path / "bench_M.duckdb",
                                         tmp_path / "floor_M.duckdb", target)
    assert not db.exists() and not floor.exists() and not target.exists()
    assert not (tmp_path / "target_M_floor").exists()
    assert (tmp_path / "bench_L.duckdb").exists()
