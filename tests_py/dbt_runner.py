"""Run dbt from the tests against a throwaway DuckDB file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
SUMMARY = re.compile(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)")


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt invocation."""

    args: list[str]
    returncode: int
    output: str
    target_path: Path

    @property
    def counts(self) -> dict[str, int]:
        match = SUMMARY.search(self.output)
        if not match:
            return {}
        return dict(zip(["pass", "warn", "error", "skip"], map(int, match.groups())))

    def results(self) -> list[dict]:
        """Entries of run_results.json (one per node run)."""
        data = json.loads((self.target_path / "run_results.json").read_text())
        return data["results"]

    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "[WARNING]" in line or " WARN " in line]


def run_dbt(args: list[str], workdir: Path, db_path: Path, check: bool = True) -> DbtRun:
    """Run `dbt <args>` on the project with its own DuckDB file, target and log dirs."""
    target = workdir / "target"
    env = {
        **os.environ,
        "LEADWH_DUCKDB_PATH": str(db_path),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        "DBT_PARTIAL_PARSE": "true",
    }
    proc = subprocess.run(
        [str(DBT), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    run = DbtRun(args=args, returncode=proc.returncode, output=proc.stdout + proc.stderr, target_path=target)
    if check and proc.returncode != 0:
        tail = "\n".join(run.output.splitlines()[-60:])
        raise AssertionError(f"dbt {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return run
