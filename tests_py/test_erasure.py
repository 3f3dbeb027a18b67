"""Right to be forgotten: erasure requests (source privacy.erasure_requests) are applied on the
next build. No trace of an erased email - in any case, with look-alike letters or a +tag - is
left in any relation of the warehouse (every table and view of every schema, every text
column), names and phones of the erased leads are gone, and every mart is unchanged: the person
still counts once, under the same hashed key.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from dbt_runner import PROJECT_DIR, run_dbt

SEEDS = PROJECT_DIR / "seeds" / "raw"
RAW_TABLES = [
    "crm_leads",
    "marketing_activities",
    "marketing_campaigns",
    "marketing_spend",
    "sales_opportunities",
    "sales_orders",
    "privacy_erasure_requests",
]
CYRILLIC = "аеорсхуіјѕАВЕКМНОРСТХУІЈЅ"
LATIN = "aeopcxyijsABEKMHOPCTXYIJS"
BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]
# Marts whose rows describe raw rows rather than people: erasing an email can turn two versions
# of a lead that differed only in personal fields into exact duplicates.
ROW_LEVEL_MARTS = {"fct_raw_row_reconciliation", "fct_rejected_rows"}
# An activity landed for an erased lead with a padded lead id and another person's address: only
# the lead id, once cleaned, ties it to the erased lead (warehouse_without_requests lands it).
PADDED_ACTIVITY = "erasure-test-padded-lead-id"


def identity(email: str) -> str:
    """The warehouse's identity of an email: trimmed, look-alikes folded, lower-cased, no +tag."""
    folded = email.strip().translate(str.maketrans(CYRILLIC, LATIN)).lower()
    local, _, domain = folded.partition("@")
    return local.split("+")[0] + "@" + domain


def erased_people() -> tuple[set[str], set[str]]:
    """(identities, lead ids) the shipped sample requests erase, worked out from the CSVs."""
    requests = list(csv.DictReader((SEEDS / "privacy_erasure_requests.csv").open()))
    leads = list(csv.DictReader((SEEDS / "crm_leads.csv").open()))
    identities = {identity(r["email"]) for r in requests if r["email"].strip()}
    by_lead = {r["lead_id"].strip() for r in requests if r["lead_id"].strip()}
    identities |= {identity(lead["email"]) for lead in leads if lead["lead_id"].strip() in by_lead and "@" in lead["email"]}
    lead_ids = by_lead | {lead["lead_id"].strip() for lead in leads if "@" in lead["email"] and identity(lead["email"]) in identities}
    return identities, lead_ids


def phones_of(lead_ids: set[str]) -> set[str]:
    leads = csv.DictReader((SEEDS / "crm_leads.csv").open())
    return {lead["phone"].strip() for lead in leads if lead["lead_id"].strip() in lead_ids and lead["phone"].strip()}


def traces(db: Path, identities: set[str], phones: set[str], min_columns: int = 100) -> list[tuple[str, str, str, str]]:
    """(relation, column, needle, example) for every text value anywhere that still holds an
    erased email (any case, look-alikes, +tag, blanks) or an erased phone number."""
    con = duckdb.connect(str(db), read_only=True)
    found = []
    try:
        columns = con.execute(
            "select c.table_schema, c.table_name, c.column_name from information_schema.columns c "
            "where c.data_type in ('VARCHAR', 'TEXT') and c.table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        assert len(columns) >= min_columns, "the scan must cover the whole warehouse"
        for schema, table, column in columns:
            value = f'lower(translate("{column}", \'{CYRILLIC}\', \'{LATIN}\'))'
            for needle in identities:
                local, domain = needle.split("@")
                hit = con.execute(
                    f'select "{column}" from "{schema}"."{table}" where {value} like ? limit 1',
                    [f"%{local}%@%{domain}%"],
                ).fetchall()
                if hit:
                    found.append((f"{schema}.{table}", column, needle, hit[0][0]))
            for phone in phones:
                digits = "".join(ch for ch in phone if ch.isdigit())[-9:]
                hit = con.execute(
                    f"""select "{column}" from "{schema}"."{table}"
                        where regexp_replace("{column}", '[^0-9]', '', 'g') like ? limit 1""",
                    [f"%{digits}%"],
                ).fetchall()
                if hit:
                    found.append((f"{schema}.{table}", column, phone, hit[0][0]))
    finally:
        con.close()
    return found


def test_sample_requests_cover_variants_and_several_leads() -> None:
    identities, lead_ids = erased_people()
    assert len(identities) >= 3 and len(lead_ids) >= 5
    raw = (SEEDS / "crm_leads.csv").read_text() + (SEEDS / "marketing_activities.csv").read_text()
    # The sample really holds these people (else the test below proves nothing).
    for needle in identities:
        assert needle.split("@")[0] in raw.lower()


def test_no_trace_of_erased_people_after_the_sample_build(sample_db: Path) -> None:
    """The shipped build (seeds reloaded, every model, incremental tables) ends scrubbed."""
    identities, lead_ids = erased_people()
    assert traces(sample_db, identities, phones_of(lead_ids)) == []
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        ids = ", ".join(f"'{i}'" for i in lead_ids)
        names = con.execute(
            f"select count(*) from raw.crm_leads where trim(lead_id) in ({ids}) "
            "and (first_name is not null or last_name is not null or phone is not null)"
        ).fetchone()[0]
        assert names == 0
        tombstones = con.execute(
            f"select count(*) from raw.crm_leads where trim(lead_id) in ({ids}) and email like 'erased:%'"
        ).fetchone()[0]
        assert tombstones >= len(lead_ids)
    finally:
        con.close()


def warehouse_without_requests(workdir: Path) -> tuple[Path, list[str]]:
    """A warehouse built (models only, as a daily run) on a copy of the sample raw layer in the
    schema erasure_raw, with no erasure request yet; returns it and the --vars that read it."""
    db = workdir / "erasure.duckdb"
    run_dbt(["seed"], workdir, db)
    con = duckdb.connect(str(db))
    con.execute("create schema erasure_raw")
    for table in RAW_TABLES:
        con.execute(f"create table erasure_raw.{table} as select * from raw.{table}")
    con.execute("delete from erasure_raw.privacy_erasure_requests")
    con.execute(
        "insert into erasure_raw.marketing_activities (activity_id, lead_id, email, activity_type, "
        "occurred_at, channel, _loaded_at) values (?, ?, 'someone.else@example.org', 'page_view', "
        "'2025-03-01 10:00:00', 'email', '2025-03-02 00:00:00')",
        [PADDED_ACTIVITY, "\u00a0 " + sorted(erased_people()[1])[0] + " "],
    )
    # The seeded copies in `raw` only type the unit-test fixtures; this warehouse reads erasure_raw.
    for table in RAW_TABLES:
        con.execute(f"drop table raw.{table}")
    con.close()
    vars_ = ["--vars", json.dumps({"raw_schema": "erasure_raw"})]
    run_dbt([*BUILD, *vars_], workdir, db)
    return db, vars_


def land_sample_requests(con: duckdb.DuckDBPyConnection) -> None:
    rows = list(csv.DictReader((SEEDS / "privacy_erasure_requests.csv").open()))
    for row in rows:
        con.execute(
            "insert into erasure_raw.privacy_erasure_requests values (?, ?, ?, ?)",
            [row["email"] or None, row["lead_id"] or None, row["requested_at"], row["_loaded_at"]],
        )


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """One warehouse built twice on a copy of the sample raw layer: first with no erasure
    request, then (the next, incremental build) with the sample's requests landed."""
    workdir = tmp_path_factory.mktemp("erasure")
    db, vars_ = warehouse_without_requests(workdir)
    before = mart_contents(db)
    with duckdb.connect(str(db)) as con:
        land_sample_requests(con)
    run_dbt([*BUILD, *vars_], workdir, db)
    after = mart_contents(db)
    return db, before, after


def mart_contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        marts = [r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
        return {m: sorted(con.execute(f"select * from marts.{m}").fetchall(), key=repr) for m in marts}
    finally:
        con.close()


def test_erasure_leaves_no_trace_in_any_relation(before_and_after: tuple[Path, dict, dict]) -> None:
    db, _, _ = before_and_after
    identities, lead_ids = erased_people()
    assert traces(db, identities, phones_of(lead_ids)) == []


def test_an_erased_lead_id_is_found_however_it_is_padded(
        before_and_after: tuple[Path, dict, dict]) -> None:
    """Rows are erased by lead id as well as by email: the raw activity landed with a padded
    lead id (no-break and plain spaces) and someone else's address is scrubbed too."""
    db, _, _ = before_and_after
    with duckdb.connect(str(db), read_only=True) as con:
        (email,) = con.execute("select email from erasure_raw.marketing_activities "
                               "where activity_id = ?", [PADDED_ACTIVITY]).fetchone()
    assert email.startswith("erased:"), email


def test_erasure_changes_no_mart(before_and_after: tuple[Path, dict, dict]) -> None:
    _, before, after = before_and_after
    assert len(before) >= 10 and set(before) == set(after)
    changed = [m for m in before if m not in ROW_LEVEL_MARTS and before[m] != after[m]]
    assert changed == []


def test_traces_are_found_before_erasure(tmp_path: Path) -> None:
    """The scan can fail: on the raw sample, before any erasure, it finds every erased person."""
    db = tmp_path / "scan.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema raw")
    for table in ("crm_leads", "marketing_activities", "sales_orders"):
        con.execute(
            f"create table raw.{table} as select * from read_csv(?, all_varchar = true, header = true)",
            [str(SEEDS / f"{table}.csv")],
        )
    con.close()
    identities, lead_ids = erased_people()
    found = traces(db, identities, phones_of(lead_ids), min_columns=10)
    assert {needle for _, _, needle, _ in found} >= identities


def test_a_failed_rebuild_is_scrubbed_all_the_same(tmp_path: Path) -> None:
    """The start-of-run hook leaves alone the tables the run rebuilds from scrubbed inputs
    (base_crm__leads, restricted_lead_contacts, ...). When such a rebuild fails - here the CRM
    table lost a column, so base_crm__leads stops on schema drift and restricted_lead_contacts is
    skipped - the old tables still hold the person: the end-of-run hook must scrub them."""
    db, vars_ = warehouse_without_requests(tmp_path)
    identities, lead_ids = erased_people()
    with duckdb.connect(str(db)) as con:
        land_sample_requests(con)
        con.execute("alter table erasure_raw.crm_leads drop column job_title")
    run = run_dbt([*BUILD, *vars_], tmp_path, db, check=False)
    assert run.returncode != 0 and "Schema drift" in run.output
    status = {r["unique_id"].split(".")[-1]: r["status"] for r in run.results()}
    assert status["base_crm__leads"] == "error"
    assert status["restricted_lead_contacts"] == "skipped"
    assert traces(db, identities, phones_of(lead_ids)) == []


def test_a_new_warehouse_is_scrubbed_by_its_first_run(tmp_path: Path) -> None:
    """`dbt seed`, then `dbt run`, on a new warehouse (the own-data and benchmark path): the
    request list is read from the raw tables themselves, not from the view the run has yet to
    create, so the first run already leaves no trace."""
    db = tmp_path / "new.duckdb"
    run_dbt(["seed"], tmp_path, db)
    run_dbt(["run"], tmp_path, db)
    identities, lead_ids = erased_people()
    assert traces(db, identities, phones_of(lead_ids)) == []


def test_model_tables_are_scrubbed_again_unless_the_requests_are_known_applied(tmp_path: Path) -> None:
    """The start-of-run hook skips the model tables when the same requests were applied to all
    of them before (state table staging.erasure_requests_applied). A pass that was never
    confirmed by the end of its run (the run was killed: the state is still pending) or a lost
    state proves nothing: then the model tables are scrubbed again."""
    db, vars_ = warehouse_without_requests(tmp_path)
    with duckdb.connect(str(db)) as con:
        land_sample_requests(con)
    run_dbt(["run", *vars_], tmp_path, db)
    skipped = "model tables skipped: these requests are already applied"
    assert skipped not in (tmp_path / "logs" / "dbt.log").read_text()
    run_dbt(["run", *vars_], tmp_path, db)
    assert skipped in (tmp_path / "logs" / "dbt.log").read_text().split("Running with dbt=")[-1]

    identities, lead_ids = erased_people()
    person = sorted(identities)[0]
    for left_behind in ("update staging.erasure_requests_applied set is_pending = true",
                        "drop table staging.erasure_requests_applied"):
        with duckdb.connect(str(db)) as con:
            # what a run killed between its two hooks can leave in an incremental table
            con.execute("update staging.base_marketing__activities set email = ? "
                        "where raw_key = (select min(raw_key) from staging.base_marketing__activities)",
                        [person])
            con.execute(left_behind)
        assert traces(db, {person}, set())
        run_dbt(["run", *vars_], tmp_path, db)
        assert traces(db, {person}, set()) == [], left_behind
