"""Faults: a build killed in the middle (SIGKILL while the marts are being built, incremental
tables half done), then run again, gives exactly the marts of an uninterrupted build.

(Replayed batches, late rows in the lookback window and a run with no new data are covered by
tests_py/test_incremental.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from dbt_runner import DBT, PROJECT_DIR, run_dbt


def marts(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
        return {n: sorted(con.execute(f"select * from marts.{n}").fetchall(), key=repr) for n in names}
    finally:
        con.close()


def test_killed_build_then_rerun_equals_uninterrupted_build(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workdir = tmp_path_factory.mktemp("killed")
    db = workdir / "killed.duckdb"
    env = {
        **os.environ,
        "LEADWH_DUCKDB_PATH": str(db),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        "DBT_PARTIAL_PARSE": "false",
    }
    proc = subprocess.Popen(
        [str(DBT), "build", "--exclude", "resource_type:unit_test"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    killed_at = None
    assert proc.stdout is not None
    deadline = time.monotonic() + 300
    for line in proc.stdout:
        # Kill as soon as the first mart starts: staging and intermediate done, marts not.
        if " START sql table model marts." in line:
            os.killpg(proc.pid, signal.SIGKILL)
            killed_at = line.strip()
            break
        assert time.monotonic() < deadline
    proc.wait()
    assert killed_at is not None, "the build finished before it could be killed"
    assert proc.returncode == -signal.SIGKILL

    rerun = run_dbt(["build", "--exclude", "resource_type:unit_test"], workdir, db, check=False)
    assert rerun.returncode == 0, "\n".join(rerun.output.splitlines()[-40:])
    expected, actual = marts(sample_db), marts(db)
    assert len(expected) >= 10 and set(actual) == set(expected)
    differing = [name for name in expected if expected[name] != actual[name]]
    assert differing == [], f"killed at {killed_at!r}; marts differ: {differing}"
