"""A model whose code and inputs are those of its last build is not rebuilt
(macros/materializations/unchanged_models.sql): a run with no new data rebuilds nothing, and
anything that changes a model's inputs - a landed row, a var, a dropped table - rebuilds the
models that read it, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from dbt_runner import PROJECT_DIR, DbtRun, run_dbt

UNCHANGED = "unchanged"


def messages(run: DbtRun) -> dict[str, str]:
    """{model name: run result message} of the models of a run."""
    return {
        result["unique_id"].split(".")[-1]: result["message"]
        for result in run.results()
        if result["unique_id"].startswith("model.")
    }


def rebuilt(run: DbtRun) -> set[str]:
    return {name for name, message in messages(run).items() if message != UNCHANGED}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample seeded and built by `dbt run` twice: the first run builds the incremental
    models whole, the second runs their incremental SQL (other code: every model is rebuilt)."""
    workdir = tmp_path_factory.mktemp("unchanged")
    db = workdir / "w.duckdb"
    run_dbt(["seed"], workdir, db)
    for _ in range(2):
        run = run_dbt(["run"], workdir, db)
        assert not any(message == UNCHANGED for message in messages(run).values())
    return workdir, db


def test_run_with_no_new_data_rebuilds_nothing(warehouse: tuple[Path, Path]) -> None:
    workdir, db = warehouse
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("select count(*), sum(current_score) from marts.dim_leads").fetchone()
    second = run_dbt(["run"], workdir, db)
    assert messages(second), "no model ran"
    assert rebuilt(second) == set()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*), sum(current_score) from marts.dim_leads").fetchone() == before


def test_a_landed_row_rebuilds_what_reads_it_and_only_that(warehouse: tuple[Path, Path]) -> None:
    workdir, db = warehouse
    with duckdb.connect(str(db)) as con:
        lead_id, score = con.execute(
            "select leads.canonical_lead_id, dim.current_score from marts.dim_leads as dim"
            " inner join intermediate.int_leads__deduplicated as leads on dim.lead_key = leads.lead_key"
            " where dim.current_score is not null order by leads.canonical_lead_id limit 1"
        ).fetchone()
        # a demo request (scored by activity_scoring_rules) lands for that lead
        points = con.execute(
            "select points from reference.activity_scoring_rules where activity_type = 'demo_request'"
        ).fetchone()
        con.execute(
            "insert into raw.marketing_activities select 'A_UNCHANGED_TEST', ?, null, 'demo_request',"
            " '2026-06-29 10:00:00', null, 'email', '2026-06-30 12:00:00'",
            [lead_id],
        )
    run = run_dbt(["run"], workdir, db)
    changed = rebuilt(run)
    # what reads the activities is rebuilt ...
    assert {"base_marketing__activities", "int_activities__leads_attached", "dim_leads"} <= changed
    # ... and what does not read them is not: spend and campaigns
    assert "base_marketing__spend" not in changed and "stg_marketing__spend" not in changed
    assert "fct_lead_funnel" in changed
    with duckdb.connect(str(db), read_only=True) as con:
        after = con.execute(
            "select dim.current_score from marts.dim_leads as dim"
            " inner join intermediate.int_leads__deduplicated as leads on dim.lead_key = leads.lead_key"
            " where leads.canonical_lead_id = ?",
            [lead_id],
        ).fetchone()
    assert points is not None
    assert after[0] == score + points[0]


def test_a_dropped_table_is_rebuilt(warehouse: tuple[Path, Path]) -> None:
    workdir, db = warehouse
    with duckdb.connect(str(db)) as con:
        con.execute("drop table marts.fct_channel_performance")
    run = run_dbt(["run"], workdir, db)
    assert rebuilt(run) == {"fct_channel_performance"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_channel_performance").fetchone()[0] > 0


def test_a_var_rebuilds_every_model_and_the_switch_turns_it_off(warehouse: tuple[Path, Path]) -> None:
    workdir, db = warehouse
    changed_var = run_dbt(["run", "--vars", "{hot_window_days: 8}"], workdir, db)
    assert rebuilt(changed_var) == set(messages(changed_var))
    off = run_dbt(["run", "--vars", "{skip_unchanged_models: false}"], workdir, db)
    assert rebuilt(off) == set(messages(off))


def test_every_project_var_is_part_of_the_fingerprint() -> None:
    project_vars = set(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"])
    macro = (PROJECT_DIR / "macros/materializations/unchanged_models.sql").read_text()
    body = macro.split("macro build_input_var_names()", 1)[1].split("endmacro", 1)[0]
    listed = set(re.findall(r"'([a-z_]+)'", body))
    assert project_vars == listed
