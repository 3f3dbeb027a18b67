"""The independent plain-SQL floor of the benchmark (``leadwh/floor.sql``) gives the project's six
main marts row for row.

On generated data only (``leadwh generate`` core, 3,000 leads, a day appended on top so the data
has late rows and replays as well as the generator's versions, duplicates and dirt): the floor
implements the rules the generator exercises and documents what it leaves out (CRM-declared
stages, ambiguous amounts, erasure, ... - the comment at the top of floor.sql). The hand-made
sample seeds (seeds/raw) exercise those on purpose, so they are not compared here.

The project is built with ``dbt run`` (its on-run-start hook applies the erasure requests to the
raw tables, which the floor then reads, as in ``leadwh bench``), then the floor runs on the same
file into the schema ``floor``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from leadwh.floor import OUTSIDE_THE_FLOOR, FLOOR_MARTS, floor_sql, mismatches, run_floor
from leadwh.generate import GeneratorConfig, generate
from leadwh.schema import RAW_COLUMNS
from leadwh.warehouse import append_days, write_duckdb

from dbt_runner import PROJECT_DIR, run_dbt


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of generated data built by dbt, with the floor's marts beside the project's."""
    work = tmp_path_factory.mktemp("floor")
    db = work / "warehouse.duckdb"
    write_duckdb(generate(GeneratorConfig(n_leads=3000, seed=23, loader_order=False)), db)
    append_days(db, 1, seed=5)
    run_dbt(["seed", "--exclude", *RAW_COLUMNS], work, db)
    run_dbt(["run", "--exclude", "path:seeds/raw"], work, db)
    run_floor(db, PROJECT_DIR)
    return db


def test_the_floor_gives_the_six_marts_row_for_row(built: Path) -> None:
    with duckdb.connect(str(built), read_only=True) as con:
        assert mismatches(con) == dict.fromkeys(FLOOR_MARTS, 0)
        # and not trivially: every mart has rows, the same number on both sides, and the same
        # column types
        for mart in FLOOR_MARTS:
            counts = [con.execute(f"select count(*) from {schema}.{mart}").fetchone()
                      for schema in ("marts", "floor")]
            assert counts[0] == counts[1] and counts[0] is not None and counts[0][0] > 0, mart
            # (less the columns the floor leaves out by name, floor.OUTSIDE_THE_FLOOR)
            types = [[data_type for name, data_type in con.execute(
                         "select column_name, data_type from information_schema.columns "
                         "where table_schema = ? and table_name = ? order by ordinal_position",
                         [schema, mart]).fetchall()
                      if name not in OUTSIDE_THE_FLOOR.get(mart, frozenset())]
                     for schema in ("marts", "floor")]
            assert types[0] == types[1], mart
        # the generated data reaches every stage and temperature the rules produce
        stages = {stage for (stage,) in con.execute("select distinct current_stage from floor.dim_leads")
                  .fetchall()}
        assert stages == {"lead", "iql", "mql", "sql", "opportunity", "customer"}
        temperatures = {t for (t,) in con.execute("select distinct temperature from floor.dim_leads")
                        .fetchall()}
        assert temperatures == {"cold", "warm", "hot"}


def test_a_changed_mart_is_reported(built: Path, tmp_path: Path) -> None:
    """The comparison is not blind: one changed value in one mart is two rows of difference."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(built.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("update floor.dim_leads set current_score = current_score + 1 "
                    "where lead_key = (select min(lead_key) from floor.dim_leads)")
        assert mismatches(con) == {**dict.fromkeys(FLOOR_MARTS, 0), "dim_leads": 2}


def test_the_floor_reads_its_thresholds_from_the_project_vars() -> None:
    sql = floor_sql(PROJECT_DIR)
    assert "{" + "mql_score_threshold}" not in sql and "cumulative_score >= 50" in sql
    assert r"'(^|[.])(leadwh\.example|example\.com|test\.com|mailinator\.com)$'" in sql
