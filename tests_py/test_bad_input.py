"""Bad input the raw layer can bring (docs/data-quality.md), beyond what the staging unit tests
cover: overlong strings, wrong encodings and invisible characters, orphans and null keys, all in
one hand-made batch; and a hypothesis property test that lands random dirty batches in every raw
table and checks that the whole build (models and data tests) succeeds and that every raw row is
accounted for: raw rows = clean rows + rejected rows + exact duplicates removed.

Small on purpose: a few examples of a few dozen rows, so it runs in about a minute.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from dbt_runner import run_dbt

COLUMNS = {
    "crm_leads": [
        "lead_id", "email", "first_name", "last_name", "phone", "company", "job_title", "country",
        "lead_source", "campaign_id", "created_at", "updated_at", "status", "is_deleted", "_loaded_at",
    ],
    "marketing_activities": [
        "activity_id", "lead_id", "email", "activity_type", "occurred_at", "campaign_id", "channel", "_loaded_at",
    ],
    "marketing_campaigns": ["campaign_id", "campaign_name", "channel", "started_on", "ended_on", "_loaded_at"],
    "marketing_spend": ["spend_date", "channel", "campaign_id", "amount", "currency", "_loaded_at"],
    "sales_opportunities": [
        "opportunity_id", "lead_id", "stage", "amount", "currency", "created_at", "closed_at", "_loaded_at",
    ],
    "sales_orders": [
        "order_id", "lead_id", "email", "ordered_at", "amount", "currency", "status", "refunded_amount",
        "refunded_at", "_loaded_at",
    ],
    "privacy_erasure_requests": ["email", "lead_id", "requested_at", "_loaded_at"],
}
SOURCE_TABLE = {
    "crm_leads": ("crm.leads", "stg_crm__leads", "stg_crm__rejects"),
    "marketing_activities": ("marketing.activities", "stg_marketing__activities", "stg_marketing__rejects"),
    "marketing_campaigns": ("marketing.campaigns", "stg_marketing__campaigns", "stg_marketing__rejects"),
    "marketing_spend": ("marketing.spend", "stg_marketing__spend", "stg_marketing__rejects"),
    "sales_opportunities": ("sales.opportunities", "stg_sales__opportunities", "stg_sales__rejects"),
    "sales_orders": ("sales.orders", "stg_sales__orders", "stg_sales__rejects"),
}
BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]

# --- dirty value pools: each mixes good values with the dirt of docs/data-quality.md -------------
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
MAYBE = lambda values: st.one_of(st.sampled_from(values), TEXT)  # noqa: E731
IDS = lambda prefix: st.sampled_from([f"{prefix}1", f"{prefix}2", f" {prefix}3 ", f"{prefix}4", "", " "])  # noqa: E731
TIMESTAMPS = st.sampled_from([
    "2025-03-04 10:22:00", "2025-03-04T10:22:00Z", "2025-03-04T12:22:00+02:00", "04.03.2025 10:22",
    "1741083720", "2025-03-04", "2025-02-30 10:00:00", "2025-13-01", "31.02.2025 10:00", "yesterday",
    "2031-01-01 00:00:00", "", "25:61", "0000-00-00",
    # issue 21: offsets out of range, the hour 24 (rejected on every engine, row 6a)
    "2025-03-04T10:22:00+15:99", "2025-03-04 24:00:00", "2025-03-04T24:00:00Z",
])
LOADED_AT = st.sampled_from([
    "2026-01-01 02:00:00", "2026-02-01 02:00:00", "2026-02-01 02:00:00", "not a time", "",
    "2999-01-01 00:00:00",  # a load time in the future (row 27a)
])
EMAILS = st.sampled_from([
    "ann@acme.io", " ANN@Acme.io ", "ann+promo@acme.io", "аnn@acme.io", "bob@beta.com", "ann@@acme.io",
    "ann.acme.io", "qa@example.com", "staff@leadwh.example", "", "ann@acme", "ann\u00a0@acme.io",
])
AMOUNTS = st.sampled_from([
    "100", "1,200.50", " 300 ", "$300", "€300", "n/a", "-50", "", "1e3", "12abc",
    # issue 21: unambiguous and ambiguous separators, amounts at and beyond the range (rows 9-9b)
    "1.234,56", "1.234", "999999999999.99", "9999999999999999.99", "123456789012345678901234567890",
])
CURRENCIES = st.sampled_from(["USD", " eur ", "ZZZ", "", "usd"])
CHANNELS = st.sampled_from(["paid_search", "webinar", "tiktok", "", "EMAIL"])

VALUES = {
    "lead_id": IDS("L"), "activity_id": IDS("A"), "campaign_id": IDS("C"), "opportunity_id": IDS("O"),
    "order_id": IDS("R"), "email": EMAILS, "phone": MAYBE(["+1 555 0100 200", "0049 30 1234567", "12", ""]),
    "created_at": TIMESTAMPS, "updated_at": TIMESTAMPS, "occurred_at": TIMESTAMPS, "ordered_at": TIMESTAMPS,
    "closed_at": TIMESTAMPS, "refunded_at": TIMESTAMPS, "requested_at": TIMESTAMPS,
    "started_on": TIMESTAMPS, "ended_on": TIMESTAMPS, "spend_date": TIMESTAMPS, "_loaded_at": LOADED_AT,
    "amount": AMOUNTS, "refunded_amount": AMOUNTS, "currency": CURRENCIES, "channel": CHANNELS,
    "stage": st.sampled_from(["discovery", "closed_won", "closed_lost", "won", ""]),
    "is_deleted": st.sampled_from(["", "false", "1", "yes", "maybe"]),
    "activity_type": st.sampled_from(["page_view", "demo_request", "unsubscribe", "teleport", ""]),
    "lead_source": MAYBE(["Google Ads", "webinar", "", "unknown thing"]),
}


# Status domains differ per table. An unknown CRM lead status is not quarantined: the build
# stops on the accepted_values test of stg_crm__leads.lead_status (docs/data-quality.md), so the
# random leads keep to known statuses in any case and spacing.
STATUS = {
    "crm_leads": st.sampled_from(["open", " Working ", "NURTURING", "unqualified", "converted", ""]),
    "sales_orders": st.sampled_from(["paid", " Refunded ", "cancelled", "shipped", ""]),
}


def table_rows(table: str) -> st.SearchStrategy[list[tuple]]:
    values = {**VALUES, "status": STATUS.get(table, TEXT)}
    row = st.tuples(*[values.get(column, TEXT) for column in COLUMNS[table]])
    # Draw distinct rows, then repeat some of them: exact loader duplicates across batches.
    return st.lists(row, min_size=0, max_size=10).flatmap(
        lambda rows: st.lists(st.sampled_from(rows), max_size=4).map(lambda dups: rows + dups) if rows else st.just(rows)
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    workdir = tmp_path_factory.mktemp("bad_input")
    db = workdir / "bad_input.duckdb"
    run_dbt(["seed"], workdir, db)
    return workdir, db


def land(db: Path, schema: str, batches: dict[str, list[tuple]]) -> None:
    con = duckdb.connect(str(db))
    con.execute(f"drop schema if exists {schema} cascade")
    con.execute(f"create schema {schema}")
    for table, columns in COLUMNS.items():
        con.execute(f"create table {schema}.{table} ({', '.join(f'{c} varchar' for c in columns)})")
        rows = batches.get(table, [])
        if rows:
            con.executemany(f"insert into {schema}.{table} values ({', '.join('?' for _ in columns)})", rows)
    con.close()


def build(workdir: Path, db: Path, schema: str):  # type: ignore[no-untyped-def]
    # --full-refresh: each batch replaces the raw tables (not append-only, as a loader would be),
    # so incremental models must not keep rows of the previous batch.
    return run_dbt([*BUILD, "--full-refresh", "--vars", json.dumps({"raw_schema": schema, "as_of_date": "2026-03-01"})], workdir, db, check=False)


# Found by this test (a fresh-clone run, 2026-11): a campaign with a blank name, referred to by a
# lead, stopped the build at not_null_dim_campaigns_campaign_name; a campaign without a parseable
# start date did the same. Both are quarantined now (docs/data-quality.md, row 14b).
UNNAMED_AND_UNSTARTED_CAMPAIGNS = {
    "crm_leads": [
        ("L1", "ann@acme.io", "Ann", "", "", "Acme", "", "DE", "Google Ads", "C2", "2025-03-04", "", "open", "",
         "2026-01-01 02:00:00"),
        ("L2", "staff@leadwh.example", "", "", "", "", "", "", "webinar", "C2", "2025-03-04", "", "unqualified", "",
         "not a time"),
    ],
    "marketing_activities": [(" A3 ", " ", "ann.acme.io", "unsubscribe", "2031-01-01 00:00:00", "", "", "2026-01-01 02:00:00")],
    "marketing_campaigns": [
        ("C1", "Spring", "paid_search", "yesterday", "", "2026-01-01 02:00:00"),
        ("C2", "   ", "webinar", "2025-01-01", "", "2026-01-01 02:00:00"),
    ],
    "marketing_spend": [("2025-03-04", "paid_search", "C1", "100", "USD", "2026-01-01 02:00:00")],
    "sales_opportunities": [("", "L4", "won", "12abc", " eur ", "1741083720", "2031-01-01 00:00:00", "2026-02-01 02:00:00")],
    "sales_orders": [],
}


# Issue 21 (2026-12): an amount that fitted staging's decimal(18, 2) overflowed after currency
# conversion (int_orders__revenue_converted, int_marketing_spend__converted) and skipped every
# later node; a `_loaded_at` in 2999, an offset of +15:99, an ambiguous `1.234`.
HUGE_AMOUNTS_AND_FUTURE_LOADS = {
    "crm_leads": [
        ("L1", "ann@acme.io", "Ann", "", "", "Acme", "", "DE", "Google Ads", "C1", "2025-03-04", "", "converted", "",
         "2026-01-01 02:00:00"),
        ("L2", "bob@beta.com", "", "", "", "", "", "", "webinar", "", "2025-03-04T10:22:00+15:99", "", "open", "",
         "2026-01-01 02:00:00"),
        ("L3", "cy@gamma.com", "", "", "", "", "", "", "webinar", "", "2025-03-04", "", "open", "",
         "2999-01-01 00:00:00"),
    ],
    "marketing_activities": [],
    "marketing_campaigns": [("C1", "Spring", "paid_search", "2025-01-01", "", "2026-01-01 02:00:00")],
    "marketing_spend": [
        ("2025-03-04", "paid_search", "C1", "9,999,999,999,999,999.99", "GBP", "2026-01-01 02:00:00"),
        ("2025-03-05", "paid_search", "C1", "999999999999.99", "GBP", "2026-01-01 02:00:00"),
    ],
    "sales_opportunities": [("O1", "L1", "closed_won", "1.234", "USD", "2025-03-05", "2025-03-06", "2026-01-01 02:00:00")],
    "sales_orders": [
        ("R1", "L1", "", "2025-03-06", "9999999999999999.99", "GBP", "paid", "", "", "2026-01-01 02:00:00"),
        *[(f"R{i}", "L1", "", "2025-03-06", "999999999999.99", "GBP", "paid", "", "", "2026-01-01 02:00:00")
          for i in range(2, 12)],
    ],
}


# No shrinking: each example is a dbt build; a failure prints the whole batch instead. How many
# random examples, and whether they are the same on every run, is the hypothesis profile's
# (tests_py/conftest.py: fixed examples by default, so CI cannot flake; `explore` for more).
@settings(
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.fixed_dictionaries({table: table_rows(table) for table in SOURCE_TABLE}))
@example(batches=UNNAMED_AND_UNSTARTED_CAMPAIGNS)
@example(batches=HUGE_AMOUNTS_AND_FUTURE_LOADS)
def test_random_dirty_batches_build_and_every_raw_row_is_accounted_for(
    seeded: tuple[Path, Path], batches: dict[str, list[tuple]]
) -> None:
    workdir, db = seeded
    land(db, "hypothesis_raw", batches)
    run = build(workdir, db, "hypothesis_raw")
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-60:])
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, (source_table, clean_model, rejects_model) in SOURCE_TABLE.items():
            rows = batches[table]
            duplicates = len(rows) - len(set(rows))
            clean = con.execute(f"select count(*) from staging.{clean_model}").fetchone()[0]
            rejected = con.execute(
                f"select count(*) from staging.{rejects_model} where source_table = ?", [source_table]
            ).fetchone()[0]
            assert len(rows) == clean + rejected + duplicates, (table, len(rows), clean, rejected, duplicates)
            mart = con.execute(
                "select raw_rows, clean_rows, rejected_rows, exact_duplicate_rows "
                "from marts.fct_raw_row_reconciliation where source_table = ?",
                [source_table],
            ).fetchall()
            assert mart == [(len(rows), clean, rejected, duplicates)], (table, mart)
    finally:
        con.close()


LONG = "x" * 5000


def test_overlong_strings_encodings_orphans_and_null_keys(seeded: tuple[Path, Path]) -> None:
    """One hand-made batch; each row names the bad input it brings (docs/data-quality.md)."""
    workdir, db = seeded
    lead = dict.fromkeys(COLUMNS["crm_leads"], None)
    leads = [
        # overlong strings: kept whole (every layer is unbounded text), not truncated
        {**lead, "lead_id": "L1", "email": "ann@acme.io", "company": "Acme " + LONG, "job_title": LONG,
         "lead_source": "Google Ads", "created_at": "2025-03-04 10:00:00", "_loaded_at": "2026-01-01 02:00:00"},
        # wrong encoding: mojibake and a zero-width space in the name are kept as landed; a
        # non-breaking space inside the email makes it invalid (lead kept, email null)
        {**lead, "lead_id": "L2", "email": "bob\u00a0@beta.com", "first_name": "JosÃ©\u200b", "company": "Café",
         "created_at": "2025-03-04 10:00:00", "_loaded_at": "2026-01-01 02:00:00"},
        # null key: quarantined as missing_lead_id
        {**lead, "lead_id": None, "email": "carl@gamma.com", "created_at": "2025-03-04 10:00:00", "_loaded_at": "2026-01-01 02:00:00"},
        # a tab after the id: only spaces are trimmed, so the id keeps its tab (a distinct key;
        # known limit, docs/data-quality.md)
        {**lead, "lead_id": " L3\t", "email": "dora@delta.com", "created_at": "2025-03-04 10:00:00", "_loaded_at": "2026-01-01 02:00:00"},
    ]
    order = dict.fromkeys(COLUMNS["sales_orders"], None)
    orders = [
        # orphan: a lead id and email nobody knows -> kept, counted as unattached
        {**order, "order_id": "R1", "lead_id": "L404", "email": "ghost@nowhere.io", "ordered_at": "2025-04-01 10:00:00",
         "amount": "100", "currency": "USD", "status": "paid", "_loaded_at": "2026-01-01 02:00:00"},
        # null key
        {**order, "order_id": "", "lead_id": "L1", "ordered_at": "2025-04-01 10:00:00", "amount": "100",
         "currency": "USD", "status": "paid", "_loaded_at": "2026-01-01 02:00:00"},
    ]
    activity = dict.fromkeys(COLUMNS["marketing_activities"], None)
    activities = [
        # orphan activity with no lead reference at all -> missing_lead_reference
        {**activity, "activity_id": "A1", "activity_type": "page_view", "occurred_at": "2025-03-05 10:00:00",
         "_loaded_at": "2026-01-01 02:00:00"},
        # orphan by lead id -> kept, unattached
        {**activity, "activity_id": "A2", "lead_id": "L404", "activity_type": "page_view",
         "occurred_at": "2025-03-05 10:00:00", "_loaded_at": "2026-01-01 02:00:00"},
    ]
    land(db, "edge_raw", {
        "crm_leads": [tuple(r[c] for c in COLUMNS["crm_leads"]) for r in leads],
        "sales_orders": [tuple(r[c] for c in COLUMNS["sales_orders"]) for r in orders],
        "marketing_activities": [tuple(r[c] for c in COLUMNS["marketing_activities"]) for r in activities],
    })
    run = build(workdir, db, "edge_raw")
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-60:])
    con = duckdb.connect(str(db), read_only=True)
    try:
        company, job_title = con.execute(
            "select d.company, d.job_title from marts.dim_leads d join staging.stg_crm__leads l "
            "on d.canonical_lead_id = l.lead_id where l.lead_id = 'L1'"
        ).fetchone()
        assert company == "Acme " + LONG and job_title == LONG
        l2 = con.execute("select email, is_email_valid, first_name, company from staging.stg_crm__leads where lead_id = 'L2'").fetchone()
        assert l2 == (None, False, "JosÃ©\u200b", "Café")
        assert con.execute("select lead_id from staging.stg_crm__leads where lead_id like '%L3%'").fetchall() == [("L3\t",)]
        reasons = dict(con.execute("select raw_key, reject_reason from staging.stg_crm__rejects").fetchall())
        assert list(reasons.values()) == ["missing_lead_id"]
        sales_reasons = sorted(r[0] for r in con.execute("select reject_reason from staging.stg_sales__rejects").fetchall())
        assert sales_reasons == ["missing_order_id"]
        attach = con.execute("select attach_method, canonical_lead_id from intermediate.int_orders__leads_attached").fetchall()
        assert attach == [("unattached", None)]
        marketing = dict(con.execute("select raw_key, reject_reason from staging.stg_marketing__rejects").fetchall())
        assert marketing == {"A1": "missing_lead_reference"}
        activity_attach = con.execute(
            "select attach_method from intermediate.int_activities__leads_attached where activity_id = 'A2'"
        ).fetchall()
        assert activity_attach == [("unattached",)]
    finally:
        con.close()
