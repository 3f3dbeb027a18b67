"""Vars are checked when a run starts: a malformed value stops the run before any model, with one
message naming the var, the value and what is allowed (it used to be pasted into SQL: a parser
error, `hot_window_days: "7 or true"` making almost every lead hot, `three` days running as 0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dbt_runner import run_dbt

INVALID = [
    ("hot_window_days", "7 or true", "a whole number, 0 or more"),
    ("as_of_date", "2025-02-30", "null or a date written YYYY-MM-DD"),
    ("as_of_date", "2025-06-30' or 1=1 --", "null or a date written YYYY-MM-DD"),
    ("customer_evidence", [], "a list of one or more of won_deal, counted_order, crm_stage"),
    ("test_email_domains", ["x'y.com"], "a list of lower-case email domains"),
    # lifecycle (issue 23)
    ("sales_touch_activity_types", ["call') or ('1"], "a list of one or more activity types such as call"),
    ("handover_sla_hours", "24 hours", "a whole number, 0 or more"),
]


@pytest.mark.parametrize(("name", "value", "expected"), INVALID, ids=[f"{n}={v!r}" for n, v, _ in INVALID])
def test_invalid_var_stops_the_run_naming_it(tmp_path: Path, name: str, value: object, expected: str) -> None:
    run = run_dbt(["run", "--select", "int_as_of_dates__resolved", "--vars", json.dumps({name: value})],
                  tmp_path, tmp_path / "w.duckdb", check=False)
    assert run.returncode != 0
    shown = f'"{value}"' if isinstance(value, str) else json.dumps(value)
    assert f"Invalid var {name}: {shown}. Expected {expected}" in run.output, run.output[-2000:]
    assert "START sql" not in run.output  # stopped before any model


@pytest.mark.parametrize("value", ["2024-02-29"])
def test_valid_as_of_dates_pass(tmp_path: Path, value: str) -> None:
    # a leap day is fine (the run then fails only because this warehouse is empty; the default,
    # null, passes in every other build of the suite)
    run = run_dbt(["run", "--select", "int_as_of_dates__resolved", "--vars", json.dumps({"as_of_date": value})],
                  tmp_path, tmp_path / "w.duckdb", check=False)
    assert "Invalid var" not in run.output, run.output[-2000:]
