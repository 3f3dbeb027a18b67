"""Shared fixtures: the sample warehouse is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbt_runner import DbtRun, run_dbt


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
