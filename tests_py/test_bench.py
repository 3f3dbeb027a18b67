"""Tests of the benchmark's report and plain-SQL script (``leadwh bench``), on hand-made inputs.

The benchmark itself (minutes at tier L) is not run here; these pin what it computes from its
measurements, so a wrong ratio or a model out of dependency order cannot reach BENCHMARKS.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from leadwh.bench import NO_NEW_DATA, Step, fresh_tier_paths, plain_sql_script, table


def test_report_ratios_and_the_cost_of_the_new_day() -> None:
    # full 50 s, incremental 10 s, the same run with nothing new 7 s, floor 40 s:
    # 10/50 = 20.0 %, 50/40 = 1.25, 7/50 = 14.0 %, the day itself 10 - 7 = 3 s = 6.0 % of 50
    steps = [
        Step("L", "dbt full build", 50.0, 3000.0, 1_000_000),
        Step("L", "dbt incremental build", 10.0, 2000.0, 5_000),
        Step("L", NO_NEW_DATA, 7.0, 1900.0, 0),
        Step("L", "plain SQL floor (no dbt)", 40.0, 2900.0, 1_000_000),
    ]
    report = table(steps)
    assert "- L: incremental / full = 20.0%; dbt full / plain SQL = 1.25" in report
    assert ("- L: a run with no new data = 7.0 s (14.0% of full); the new day's own cost "
            "(incremental - no new data) = 3.0 s (6.0% of full)") in report
    # rows per second: 1,000,000 / 50 = 20,000; 5,000 / 10 = 500
    assert "| L | dbt full build | 50.0 | 1,000,000 | 20,000 | 3,000 |" in report
    assert "| L | dbt incremental build | 10.0 | 5,000 | 500 | 2,000 |" in report


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
        Step("M", "plain SQL floor (no dbt)", 10.0, 850.0, 100),
    ]
    report = table(steps)
    assert "- M: incremental / full = 25.0%; dbt full / plain SQL = 2.00" in report
    assert "no new data" not in report


def _model(name: str, materialized: str, deps: list[str]) -> dict[str, object]:
    return {
        "resource_type": "model",
        "schema": "marts" if name.startswith("fct") else "staging",
        "alias": name,
        "config": {"materialized": materialized},
        "depends_on": {"nodes": [f"model.p.{dep}" for dep in deps]},
        "compiled_code": f"select 1 as from_{name};\n",
    }


def test_plain_sql_script_creates_models_after_their_inputs(tmp_path: Path) -> None:
    # listed out of order on purpose: fct_b reads int_a and stg_a, int_a reads stg_a
    nodes = {
        "model.p.fct_b": _model("fct_b", "table", ["int_a", "stg_a"]),
        "model.p.int_a": _model("int_a", "incremental", ["stg_a"]),
        "model.p.stg_a": _model("stg_a", "view", []),
        "seed.p.ref": {"resource_type": "seed"},
    }
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": nodes}))
    script = plain_sql_script(manifest)

    creates = [line for line in script.splitlines() if line.startswith("create or replace")]
    assert creates == [
        "create or replace view staging.stg_a as",
        "create or replace table staging.int_a as",
        "create or replace table marts.fct_b as",
    ]
    # the compiled SQL follows its statement, without its own semicolon
    assert "create or replace table marts.fct_b as\nselect 1 as from_fct_b\n;" in script
    # the profile's DuckDB settings come first
    assert script.splitlines()[0] == "set threads = 2;"


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
