"""Shared fixtures: the sample warehouse is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from dbt_runner import DbtRun, run_dbt

# Hypothesis (tests_py/test_bad_input.py): every example is a dbt build, so few of them. `ci`,
# the default, draws the same examples on every run (derandomize), so a suite run cannot fail by
# chance; `explore` draws new random ones to look for bugs:
#   .venv/bin/python -m pytest tests_py/test_bad_input.py --hypothesis-profile=explore
settings.register_profile("ci", max_examples=3, derandomize=True, database=None)
settings.register_profile("explore", max_examples=30, derandomize=False)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path]:
    """`dbt build` (seeds, models, every data and unit test) on the shipped sample data."""
    workdir = tmp_path_factory.mktemp("sample")
    db = workdir / "sample.duckdb"
    run = run_dbt(["build"], workdir, db, check=False)
    return run, db


@pytest.fixture(scope="session")
def sample_db(sample_build: tuple[DbtRun, Path]) -> Path:
    run, db = sample_build
    if run.returncode != 0:
        pytest.fail("dbt build failed on the sample data:\n" + "\n".join(run.output.splitlines()[-60:]))
    return db
