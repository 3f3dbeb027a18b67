"""The `leadwh` command line: a help line and a description for every subcommand, and the
`leadwh sql` query route of the README (the venv's DuckDB, which reads the warehouse file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadwh.cli import build_parser

LEADWH = [sys.executable, "-m", "leadwh.cli"]


def _subcommands() -> dict[str, object]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)  # type: ignore[attr-defined]


def test_every_subcommand_has_a_help_line_and_a_description() -> None:
    out = subprocess.run(LEADWH + ["--help"], capture_output=True, text=True, check=True).stdout
    for name, sub in _subcommands().items():
        lines = [line for line in out.splitlines() if line.strip().startswith(name + " ")]
        assert lines and len(lines[0].split(None, 1)) == 2, f"no help line for {name}:\n{out}"
        assert sub.description, f"`leadwh {name} --help` has no description"  # type: ignore[attr-defined]


@pytest.fixture()
def tiny_db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute("create table marts.t (channel varchar, leads integer, spend decimal(38, 2))")
    con.execute("insert into marts.t values ('email', 3, 10.50), ('paid_search', 12, null)")
    con.close()
    return db


def _sql(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(LEADWH + ["sql", "--db", str(db), *args], input=stdin,
                          capture_output=True, text=True)


def test_sql_prints_an_aligned_table(tiny_db: Path) -> None:
    run = _sql(tiny_db, "select * from marts.t order by leads")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "channel      leads  spend",
        "-----------  -----  -----",
        "email            3  10.50",
        "paid_search     12",
        "(2 rows)",
    ]


def test_sql_reads_the_query_from_stdin_and_writes_csv(tiny_db: Path) -> None:
    run = _sql(tiny_db, "--format", "csv", stdin="select channel, leads from marts.t order by 2 desc")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "channel,leads\npaid_search,12\nemail,3\n"


def test_sql_is_read_only(tiny_db: Path) -> None:
    run = _sql(tiny_db, "delete from marts.t")
    assert run.returncode == 1
    assert "read-only" in run.stderr.lower() and "Traceback" not in run.stderr
    assert duckdb.connect(str(tiny_db), read_only=True).execute("select count(*) from marts.t").fetchone() == (2,)


def test_sql_errors_are_one_clear_line(tiny_db: Path, tmp_path: Path) -> None:
    bad = _sql(tiny_db, "select nope from marts.t")
    assert bad.returncode == 1 and "nope" in bad.stderr and "Traceback" not in bad.stderr
    missing = _sql(tmp_path / "absent.duckdb", "select 1")
    assert missing.returncode == 2 and "make build" in missing.stderr
    empty = _sql(tiny_db, stdin="  ")
    assert empty.returncode == 2 and "no query" in empty.stderr
