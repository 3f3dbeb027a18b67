"""Right to be forgotten: erasure requests (source privacy.erasure_requests) are applied on the
next build. No trace of an erased email - in any case, with look-alike letters or a +tag - is
left in any relation of the warehouse (every table and view of every schema, every text
column), names and phones of the erased leads are gone, and every mart is unchanged: the person
still counts once, under the same hashed key.
"""

from __future__ import annotations

import csv
import json
import re
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


# People landed under the forms a hostile loader produces (warehouse_without_requests), erased by
# one request each (land_sample_requests). Veradine: one person in seven CRM records - her address
# with a zero-width space inside, a trailing dot, upper case with blanks (no-break space too),
# Cyrillic look-alikes, a +tag, and a record with no email whose phone is written another way -
# plus activities and orders under such forms; requested by her plain address. Wendeline: two
# records with addresses the warehouse rejects as invalid; requested by her (padded) lead id.
ZWSP, NBSP = "\u200b", "\u00a0"
VARIANT_LEADS = [
    # lead_id, email, first_name, last_name, phone, company, job_title
    ("EV00001", "veradine.quixtavern@quixmail.net", "Veradine", "Quixtavern", "+49 151 8765 4321",
     "Zorblatt Widgets", "Head of Quixotic Procurement"),
    ("EV00002", f"veradine.quix{ZWSP}tavern@quixmail.net", "Veradine", "Quixtavern", None, "Zorblatt Widgets", None),
    ("EV00003", "veradine.quixtavern@quixmail.net.", "Veradine", None, None, None, "Quixotic buyer"),
    ("EV00004", f"  VERADINE.QUIXTAVERN @QUIXMAIL.NET{NBSP}", "VERADINE", "QUIXTAVERN", None, None, None),
    ("EV00005", "v\u0435r\u0430dine.quixt\u0430vern@quixm\u0430il.net", "Veradine", "Quixtavern", None, None, None),
    ("EV00006", "veradine.quixtavern+webinar@quixmail.net", "Veradine", "Quixtavern", None, None, None),
    ("EV00007", None, "Veradine", "Q.", "0049 (151) 8765-4321", "Zorblatt Widgets GmbH", None),
    ("EW00001", f"wendeline{ZWSP}.ostrowicz@quixmail.net", "Wendeline", "Ostrowicz", "+33 6 11 22 33 44",
     "Ostrowicz Consulting", "Freelance Quixotic Analyst"),
    ("EW00002", "Wendeline.Ostrowicz@QuixMail.net.", "Wendeline", "Ostrowicz", None, None, None),
]
VARIANT_ACTIVITIES = [
    # activity_id, lead_id, email
    ("EVA-1", None, f"VERADINE.QUIX{ZWSP}TAVERN@quixmail.net"),
    ("EVA-2", None, "veradine.quixtavern+news@quixmail.net"),
    ("EVA-3", "EV00007", None),
    ("EVA-4", None, "wendeline.ostrowicz@quixmail.net."),
]
VARIANT_ORDERS = [
    # order_id, lead_id, email, amount
    ("EVO-1", "EV00001", None, "250.00"),
    ("EVO-2", None, "veradine.quixtavern@quixmail.net.", "100.00"),
]
VARIANT_REQUESTS = [("Veradine.Quixtavern@QuixMail.net", None), (None, f"{NBSP}EW00002 ")]
# What must be gone from every relation and artifact, compared after folding look-alikes,
# lower-casing and dropping everything but [a-z0-9@.+-] (so no blank or invisible character hides
# a match): names, the address's parts, company, job title, CRM ids, and the phones' digits.
VARIANT_TOKENS = sorted({"veradine", "quixtavern", "wendeline", "ostrowicz", "quixmail", "zorblatt", "quixotic"}
                        | {lead[0].lower() for lead in VARIANT_LEADS})
VARIANT_PHONE_DIGITS = ["187654321", "611223344"]
VARIANT_IDENTIFIERS = {"lead_key", "canonical_lead_id", "company", "job_title", "country"}


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
    """The shipped build (seeds reloaded, every model, incremental tables) ends scrubbed. Its raw
    layer is the seeds, which every build reloads with the plain CRM ids: there the ids are kept
    (a tombstoned id in the tables beside a plain one reloaded mid-build broke joins on a
    second build, test_faults.py), names, phones, emails and company are not."""
    identities, lead_ids = erased_people()
    assert traces(sample_db, identities, phones_of(lead_ids)) == []
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        plain = ", ".join(f"'{i}'" for i in lead_ids)
        rows = f"from raw.crm_leads where trim(lead_id) in ({plain})"
        assert con.execute(f"select count(*) {rows}").fetchone()[0] >= len(lead_ids)
        names = con.execute(
            f"select count(*) {rows} "
            "and (first_name is not null or last_name is not null or phone is not null or company is not null)"
        ).fetchone()[0]
        assert names == 0
        tombstones = con.execute(f"select count(*) {rows} and email like 'erased:%'").fetchone()[0]
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
    land_variant_people(con)
    # The seeded copies in `raw` only type the unit-test fixtures; this warehouse reads erasure_raw.
    for table in RAW_TABLES:
        con.execute(f"drop table raw.{table}")
    con.close()
    vars_ = ["--vars", json.dumps({"raw_schema": "erasure_raw"})]
    run_dbt([*BUILD, *vars_], workdir, db)
    return db, vars_


def land_variant_people(con: duckdb.DuckDBPyConnection) -> None:
    """VARIANT_LEADS, their activities and orders, in erasure_raw."""
    for lead_id, email, first, last, phone, company, title in VARIANT_LEADS:
        con.execute(
            "insert into erasure_raw.crm_leads (lead_id, email, first_name, last_name, phone, company, "
            "job_title, country, lead_source, created_at, updated_at, status, is_deleted, _loaded_at) "
            "values (?, ?, ?, ?, ?, ?, ?, 'DE', 'Customer Referral', '2025-02-03 09:00:00', "
            "'2025-02-03 09:00:00', 'open', 'false', '2025-02-04 00:00:00')",
            [lead_id, email, first, last, phone, company, title],
        )
    for activity_id, lead_id, email in VARIANT_ACTIVITIES:
        con.execute(
            "insert into erasure_raw.marketing_activities (activity_id, lead_id, email, activity_type, "
            "occurred_at, channel, _loaded_at) values (?, ?, ?, 'demo_request', '2025-02-05 10:00:00', "
            "'email', '2025-02-06 00:00:00')",
            [activity_id, lead_id, email],
        )
    for order_id, lead_id, email, amount in VARIANT_ORDERS:
        con.execute(
            "insert into erasure_raw.sales_orders (order_id, lead_id, email, ordered_at, amount, currency, "
            "status, _loaded_at) values (?, ?, ?, '2025-02-10 10:00:00', ?, 'EUR', 'paid', "
            "'2025-02-11 00:00:00')",
            [order_id, lead_id, email, amount],
        )


def land_sample_requests(con: duckdb.DuckDBPyConnection) -> None:
    """The sample's erasure requests, and one for each variant person."""
    rows = list(csv.DictReader((SEEDS / "privacy_erasure_requests.csv").open()))
    for row in rows:
        con.execute(
            "insert into erasure_raw.privacy_erasure_requests values (?, ?, ?, ?)",
            [row["email"] or None, row["lead_id"] or None, row["requested_at"], row["_loaded_at"]],
        )
    for email, lead_id in VARIANT_REQUESTS:
        con.execute(
            "insert into erasure_raw.privacy_erasure_requests values (?, ?, '2026-07-01 08:00:00', "
            "'2026-07-01 09:00:00')",
            [email, lead_id],
        )


def folded(text: str) -> str:
    """Look-alikes folded, lower-cased, everything but [a-z0-9@.+-] dropped (as variant_traces)."""
    return re.sub(r"[^a-z0-9@.+-]", "", text.translate(str.maketrans(CYRILLIC, LATIN)).lower())


def variant_traces(db: Path) -> list[tuple[str, str, str]]:
    """(relation, column, token) for every text value of every column of every relation that
    still holds a VARIANT_TOKENS token (in any form) or a variant phone's digits."""
    con = duckdb.connect(str(db), read_only=True)
    pattern = "|".join(re.escape(t) for t in VARIANT_TOKENS)
    found = []
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type in ('VARCHAR', 'TEXT') and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        assert len(columns) >= 100, "the scan must cover the whole warehouse"
        for schema, table, column in columns:
            value = (f"""regexp_replace(lower(translate("{column}", '{CYRILLIC}', '{LATIN}')), """
                     """'[^a-z0-9@.+-]', '', 'g')""")
            digits = f"""regexp_replace("{column}", '[^0-9]', '', 'g')"""
            hits = con.execute(
                f'select distinct {value}, {digits} from "{schema}"."{table}" '
                f"where regexp_matches({value}, ?) or regexp_matches({digits}, ?)",
                [pattern, "|".join(VARIANT_PHONE_DIGITS)],
            ).fetchall()
            for text, number in hits:
                for token in VARIANT_TOKENS:
                    if token in text:
                        found.append((f"{schema}.{table}", column, token))
                for token in VARIANT_PHONE_DIGITS:
                    if token in number:
                        found.append((f"{schema}.{table}", column, token))
    finally:
        con.close()
    return sorted(set(found))


def artifact_traces(workdir: Path) -> list[tuple[str, str]]:
    """(file, token) for every dbt artifact (target/*.json incl. catalog.json, compiled and run
    SQL) and log that holds a VARIANT_TOKENS token or a variant phone's digits."""
    found = []
    files = [*(workdir / "target").rglob("*.json"), *(workdir / "target").rglob("*.sql"),
             *(workdir / "logs").rglob("*.log")]
    assert any(f.name == "catalog.json" for f in files) and any(f.name == "manifest.json" for f in files)
    for path in files:
        text = path.read_text(errors="replace")
        if path.suffix == ".json":
            # JSON escapes invisible and non-ASCII characters (\u200b): read them as characters
            text = json.dumps(json.loads(text), ensure_ascii=False)
        # the log also holds the hooks' SQL; md5 hashes of keys are fine there, digits of a
        # phone inside a hash are not a phone: only whole digit runs count
        flat = folded(text)
        numbers = set(re.findall(r"[0-9][0-9 ()./+-]{7,}[0-9]", text))
        for token in VARIANT_TOKENS:
            if token in flat:
                found.append((str(path.relative_to(workdir)), token))
        for token in VARIANT_PHONE_DIGITS:
            if any(token in re.sub(r"[^0-9]", "", n) for n in numbers):
                found.append((str(path.relative_to(workdir)), token))
    return sorted(set(found))


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """One warehouse built twice on a copy of the sample raw layer: first with no erasure
    request, then (the next, incremental build) with the sample's requests landed; then the docs
    (catalog.json) generated from it. The variant people's traces before the requests are kept
    in `before["<traces>"]`."""
    workdir = tmp_path_factory.mktemp("erasure")
    db, vars_ = warehouse_without_requests(workdir)
    before = mart_contents(db)
    before["<traces>"] = variant_traces(db)
    with duckdb.connect(str(db)) as con:
        land_sample_requests(con)
    run_dbt([*BUILD, *vars_], workdir, db)
    run_dbt(["docs", "generate", "--no-compile", *vars_], workdir, db)
    after = mart_contents(db)
    after["<workdir>"] = workdir
    return db, before, after


def mart_contents(db: Path) -> dict[str, list[tuple]]:
    """Every mart's rows (sorted), without the columns that identify a lead (VARIANT_IDENTIFIERS:
    an erased lead keeps none of them) - what the aggregates are made of."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        marts = [r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
        contents = {}
        for mart in marts:
            columns = [c[0] for c in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = ? order by ordinal_position", [mart]).fetchall()]
            kept = ", ".join(f'"{c}"' for c in columns if c not in VARIANT_IDENTIFIERS)
            contents[mart] = sorted(con.execute(f"select {kept} from marts.{mart}").fetchall(), key=repr)
        return contents
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
    """Every count, amount, date and flag of every mart is the same after erasure; only the
    columns that identify a lead (VARIANT_IDENTIFIERS) change for the erased people."""
    _, before, after = before_and_after
    marts = set(before) - {"<traces>"}
    assert len(marts) >= 10 and marts == set(after) - {"<workdir>"}
    changed = [m for m in marts if m not in ROW_LEVEL_MARTS and before[m] != after[m]]
    assert changed == []


def test_variants_of_an_erased_person_leave_no_trace_anywhere(
        before_and_after: tuple[Path, dict, dict]) -> None:
    """Issue 21 point 7: an email in any form the warehouse may reject (zero-width space, trailing
    dot, upper case with blanks, Cyrillic look-alikes, +tag) and a phone in another notation are
    matched to the request of their person: no name, address, phone, company, job title or CRM
    id of the variant people is left in any column of any relation, nor in the dbt artifacts
    (manifest, run_results, catalog.json, compiled SQL) or the log."""
    db, before, after = before_and_after
    assert {token for _, _, token in before["<traces>"]} == {*VARIANT_TOKENS, *VARIANT_PHONE_DIGITS}, \
        "the scan must see every variant before erasure"
    assert variant_traces(db) == []
    assert artifact_traces(after["<workdir>"]) == []


def test_an_erased_lead_keeps_no_identifier_in_the_marts(before_and_after: tuple[Path, dict, dict]) -> None:
    """The tombstone row of an erased person in dim_leads (and restricted_lead_contacts) has no
    CRM id (it reads `erased:<md5>`), company, job title or country; the same people are
    counted, under the same number of leads."""
    db, before, _ = before_and_after
    with duckdb.connect(str(db), read_only=True) as con:
        erased = con.execute(
            "select count(*), count(company), count(job_title), count(country) from marts.dim_leads "
            "where canonical_lead_id like 'erased:%'").fetchone()
        contacts = con.execute(
            "select count(*), count(first_name), count(phone), count(company) from restricted.restricted_lead_contacts "
            "where canonical_lead_id like 'erased:%'").fetchone()
        plain = con.execute("select count(*) from marts.dim_leads where canonical_lead_id not like 'erased:%'").fetchone()[0]
    # Veradine: five leads (her valid, look-alike and +tag addresses are one identity; the three
    # invalid addresses and the record without one are a lead each); Wendeline: two (both
    # addresses invalid); and one per identity of the sample's requests
    assert erased[0] >= 7 + len(erased_people()[0]) and erased[1:] == (0, 0, 0)
    assert contacts[0] == erased[0] and contacts[1:] == (0, 0, 0)
    assert erased[0] + plain == len(before["dim_leads"])


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
    # this run's log only: the raw copy of warehouse_without_requests already holds the sample's
    # people tombstoned by `dbt seed` (they stay erased), so its build could skip the model tables
    assert skipped not in (tmp_path / "logs" / "dbt.log").read_text().split("Running with dbt=")[-1]
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


def erasure_pass(workdir: Path) -> str:
    """The start-of-run hook's summary line of the latest run (macros/privacy/erasure.sql)."""
    run_log = (workdir / "logs" / "dbt.log").read_text().split("Running with dbt=")[-1]
    return re.findall(r"apply_erasure_requests: [^\n]*", run_log)[0]


def test_rows_landed_for_an_erased_person_are_scrubbed_without_a_full_pass(tmp_path: Path) -> None:
    """The start-of-run hook remembers, per raw table, up to which row it scrubbed (state table
    staging.erasure_raw_tables_scrubbed): a run with nothing new reads no table and not even the
    request list; new rows of an already erased person - a new version of her lead, activities
    landed late (an older `_loaded_at`), without a load time, or with an unparseable one - are
    scrubbed in the rows landed since, not by a pass over every row; a new request scrubs every
    table again."""
    db, vars_ = warehouse_without_requests(tmp_path)
    with duckdb.connect(str(db)) as con:
        land_sample_requests(con)
    run_dbt(["run", *vars_], tmp_path, db)
    assert not re.search(r"\(0 scrubbed whole", erasure_pass(tmp_path))
    run_dbt(["run", *vars_], tmp_path, db)
    assert "nothing landed since the last pass" in erasure_pass(tmp_path)

    email, phone = "veradine.quixtavern+late@quixmail.net", "+49 151 8765 4321"
    with duckdb.connect(str(db)) as con:
        con.execute(
            "insert into erasure_raw.crm_leads (lead_id, email, first_name, last_name, phone, company, "
            "job_title, country, lead_source, created_at, updated_at, status, is_deleted, _loaded_at) "
            "values ('EV00001', ?, 'Veradine', 'Quixtavern', ?, 'Zorblatt Widgets', 'Quixotic buyer', 'DE', "
            "'Customer Referral', '2025-02-03 09:00:00', '2025-03-03 09:00:00', 'working', 'false', "
            "'2026-07-02 00:00:00')", [email, phone])
        for number, loaded_at in enumerate(["2025-01-01 00:00:00", None, "not a time"]):
            con.execute(
                "insert into erasure_raw.marketing_activities (activity_id, lead_id, email, activity_type, "
                "occurred_at, channel, _loaded_at) values (?, null, ?, 'demo_request', '2025-02-07 10:00:00', "
                "'email', ?)", [f"EVA-late-{number}", email.upper(), loaded_at])
    run_dbt(["run", *vars_], tmp_path, db)
    summary = erasure_pass(tmp_path)
    assert "(0 scrubbed whole, 2 in the rows landed since the last pass" in summary, summary
    assert "model tables skipped" in summary, summary
    assert variant_traces(db) == []
    identities, lead_ids = erased_people()
    assert traces(db, identities, phones_of(lead_ids)) == []

    # a new request: every table is scrubbed again (the person is in rows landed long ago)
    with duckdb.connect(str(db)) as con:
        lead_id, person = con.execute(
            "select lead_id, email from erasure_raw.crm_leads where email like '%@%' and phone is not null "
            "and lead_id not like 'erased:%' and lead_id not like 'E%' order by lead_id limit 1").fetchone()
        con.execute("insert into erasure_raw.privacy_erasure_requests values (null, ?, '2026-07-03 08:00:00', "
                    "'2026-07-03 09:00:00')", [lead_id])
    assert traces(db, {identity(person)}, set())
    run_dbt(["run", *vars_], tmp_path, db)
    summary = erasure_pass(tmp_path)
    assert "in the rows landed since" in summary and "model tables skipped" not in summary, summary
    assert not re.search(r"\(0 scrubbed whole", summary), summary
    assert traces(db, {identity(person)}, set()) == []
