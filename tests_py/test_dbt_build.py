"""The whole project builds on the sample data with every data and unit test passing."""

from __future__ import annotations

from pathlib import Path

from dbt_runner import DbtRun
from leadwh.reference import UNMAPPED_LEAD_SOURCES

# The one warning the sample must give: its deliberately unmapped lead sources (dirt the
# generator plants, leadwh.reference.UNMAPPED_LEAD_SOURCES), listed one row per source.
EXPECTED_WARNING = "test.leadwh.assert_lead_sources_are_mapped"


def test_build_succeeds_without_errors_or_unexpected_warnings(sample_build: tuple[DbtRun, Path]) -> None:
    run, _ = sample_build
    tail = "\n".join(run.output.splitlines()[-40:])
    assert run.returncode == 0, tail
    assert run.counts, f"no dbt summary line in the output:\n{tail}"
    assert run.counts["error"] == 0, tail
    assert run.counts["warn"] == 1, tail
    assert run.counts["skip"] == 0, tail
    warned = [(r["unique_id"], r["failures"]) for r in run.results() if r["status"] == "warn"]
    assert warned == [(EXPECTED_WARNING, len(UNMAPPED_LEAD_SOURCES))]
    unexpected = [line for line in run.warnings() if "assert_lead_sources_are_mapped" not in line]
    assert unexpected == [], "\n".join(unexpected)


def test_build_ran_data_tests_and_unit_tests(sample_build: tuple[DbtRun, Path]) -> None:
    run, _ = sample_build
    ids = [r["unique_id"] for r in run.results()]
    data_tests = [i for i in ids if i.startswith("test.")]
    unit_tests = [i for i in ids if i.startswith("unit_test.")]
    models = [i for i in ids if i.startswith("model.")]
    assert len(models) >= 20
    assert len(data_tests) >= 50
    assert len(unit_tests) >= 20
    not_passed = [
        (r["unique_id"], r["status"])
        for r in run.results()
        if r["status"] not in ("success", "pass")
        # Exposures and MetricFlow saved queries (models/metrics) have nothing to run: no-op.
        and not r["unique_id"].startswith(("exposure.", "saved_query."))
        and r["unique_id"] != EXPECTED_WARNING
    ]
    assert not_passed == []
