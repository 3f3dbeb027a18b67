"""The warehouse builds, and its marts are right, on the smallest inputs real users have: leads
only; leads + deals; leads + orders; leads + activities. Every other raw table is absent (not
even empty), and the CRM's optional stage columns are not landed. The leads-and-orders case is
landed with typed columns (timestamps, a DOUBLE amount), as some loaders do. Each case is a new warehouse
built the way the README tells a user with their own tables to build it (`--selector
real_data`). Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from dbt_runner import PROJECT_DIR, run_dbt

RAW = "user_raw"
LOADED = "2025-03-05 00:00:00"
LEAD_COLUMNS = [
    "lead_id", "email", "first_name", "last_name", "phone", "company", "job_title", "country",
    "lead_source", "campaign_id", "created_at", "updated_at", "status", "is_deleted", "_loaded_at",
]
# M1 has an email and a source spelled with an underscore; M2 has no email, name, phone or
# source; M3 came from a webinar.
LEADS = [
    {"lead_id": "M1", "email": "m1@acme.io", "lead_source": "Paid_Search", "created_at": "2025-01-10 09:00:00"},
    {"lead_id": "M2", "created_at": "2025-02-05 09:00:00"},
    {"lead_id": "M3", "email": "m3@beta.io", "lead_source": "webinar", "created_at": "2025-03-01 09:00:00"},
]
TABLES: dict[str, dict[str, list[dict[str, str]]]] = {
    "leads_only": {},
    "leads_and_deals": {
        "sales_opportunities": [
            # won, no amount at all: a customer with revenue 0
            {"opportunity_id": "D1", "lead_id": "M1", "stage": "Closed Won", "created_at": "2025-02-01 09:00:00",
             "closed_at": "2025-02-20 09:00:00"},
            {"opportunity_id": "D2", "lead_id": "M2", "stage": "closed-lost", "amount": "500", "currency": "usd",
             "created_at": "2025-02-10 09:00:00", "closed_at": "2025-02-25 09:00:00"},
        ],
    },
    "leads_and_orders": {
        "sales_orders": [
            {"order_id": "R1", "lead_id": "M2", "ordered_at": "2025-02-10 09:00:00", "amount": "0", "currency": "USD",
             "status": "paid"},
            {"order_id": "R2", "lead_id": "M3", "ordered_at": "2025-03-02 09:00:00", "amount": "80", "currency": "USD",
             "status": "cancelled"},
        ],
    },
    "leads_and_activities": {
        "marketing_activities": [
            {"activity_id": "A1", "lead_id": "M1", "activity_type": "email_open", "occurred_at": "2025-01-11 09:00:00"},
            {"activity_id": "A2", "lead_id": "M3", "activity_type": "demo_request", "occurred_at": "2025-03-02 09:00:00"},
        ],
    },
}
# The leads-and-orders case is landed by a loader that types its columns: (table, column, type)
# it lands instead of text.
TYPED = [("crm_leads", "created_at", "timestamp"), ("crm_leads", "_loaded_at", "timestamp"),
         ("sales_orders", "ordered_at", "timestamp"), ("sales_orders", "amount", "double"),
         ("sales_orders", "_loaded_at", "timestamp")]
COLUMNS = {
    "sales_opportunities": ["opportunity_id", "lead_id", "stage", "amount", "currency", "created_at", "closed_at",
                            "_loaded_at"],
    "sales_orders": ["order_id", "lead_id", "email", "ordered_at", "amount", "currency", "status", "refunded_amount",
                     "refunded_at", "_loaded_at"],
    "marketing_activities": ["activity_id", "lead_id", "email", "activity_type", "occurred_at", "campaign_id",
                             "channel", "_loaded_at"],
}


def create_table(con: duckdb.DuckDBPyConnection, name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    con.execute(f"create table {RAW}.{name} ({', '.join(c + ' varchar' for c in columns)})")
    for row in rows:
        values = [row.get(c, LOADED if c == "_loaded_at" else None) for c in columns]
        con.execute(f"insert into {RAW}.{name} values ({', '.join('?' for _ in columns)})", values)


@pytest.fixture(scope="module", params=list(TABLES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp(request.param)
    db = workdir / "user.duckdb"
    con = duckdb.connect(str(db))
    con.execute(f"create schema {RAW}")
    create_table(con, "crm_leads", LEAD_COLUMNS, LEADS)
    for name, rows in TABLES[request.param].items():
        create_table(con, name, COLUMNS[name], rows)
    if request.param == "leads_and_orders":
        for table, column, type_ in TYPED:
            con.execute(f"alter table {RAW}.{table} alter {column} type {type_}")
    con.close()
    run = run_dbt(["build", "--selector", "real_data", "--vars", json.dumps({"raw_schema": RAW})], workdir, db,
                  check=False)
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-60:])
    assert not [r["unique_id"] for r in run.results() if r["status"] in ("error", "fail", "skipped")]
    con = duckdb.connect(str(db), read_only=True)
    # dbt writes what the on-run-start hooks log to its log file
    log = (workdir / "logs" / "dbt.log").read_text()
    yield request.param, con, log.replace('"', "")
    con.close()


def test_the_readme_gives_this_command() -> None:
    readme = (PROJECT_DIR / "README.md").read_text()
    assert ".venv/bin/dbt build --selector real_data --vars '{raw_schema: my_raw}'" in readme


def by_lead(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, tuple]:
    return {r[0]: tuple(r[1:]) for r in con.execute(sql).fetchall()}


def test_absent_tables_are_logged(built: tuple[str, duckdb.DuckDBPyConnection, str]) -> None:
    """An absent table is said to be absent in the log, not silently assumed empty."""
    case, _, output = built
    for name in ["marketing_activities", "sales_orders", "sales_opportunities", "crm_lead_stage_changes"]:
        absent = f"(user.{RAW}.{name}) is absent: read as empty (user.{RAW}_absent.{name})"
        assert (absent in output) == (name not in TABLES[case]), name


def test_marts_are_right_on_minimal_inputs(built: tuple[str, duckdb.DuckDBPyConnection, str]) -> None:
    case, con, _ = built
    leads = by_lead(con, "select canonical_lead_id, channel, lead_source, temperature, current_stage, is_customer, "
                         "as_of_date from marts.dim_leads")
    assert sorted(leads) == ["M1", "M2", "M3"]
    # The lead source as landed, mapped to a channel whatever its spelling.
    assert {k: v[:2] for k, v in leads.items()} == {
        "M1": ("paid_search", "Paid_Search"), "M2": ("unknown", None), "M3": ("webinar", "webinar"),
    }
    customers = by_lead(con, "select d.canonical_lead_id, c.became_customer_at, c.customer_evidence_source, "
                             "c.order_count, c.net_revenue, c.first_order_amount, c.association_days "
                             "from marts.fct_customer_lifetime_value c join marts.dim_leads d using (lead_key)")
    conversion = con.execute("select sum(leads), sum(customers) from marts.fct_funnel_conversion").fetchone()
    temperatures = {k: v[2] for k, v in leads.items()}
    stages = {k: v[3] for k, v in leads.items()}
    as_of = {v[5] for v in leads.values()}
    if case == "leads_only":
        # Nothing but contacts: nobody showed interest; the as-of date is the latest creation.
        assert temperatures == dict.fromkeys(["M1", "M2", "M3"], "cold")
        assert stages == dict.fromkeys(["M1", "M2", "M3"], "lead")
        assert customers == {}
        assert as_of == {date(2025, 3, 1)}
        assert conversion == (3, 0)
    elif case == "leads_and_deals":
        # M1's deal closed won on 02-20 with no amount: a customer, revenue 0, no unit of sale;
        # active on the as-of date 03-01 (latest creation), association 02-20 -> 03-01 = 9 days.
        # M2's deal was lost: an opportunity that showed interest (warm), not a customer.
        assert customers == {"M1": (datetime(2025, 2, 20, 9), "won_deal", 0, Decimal("0.00"), None, 9)}
        assert stages == {"M1": "customer", "M2": "opportunity", "M3": "lead"}
        assert temperatures == {"M1": "warm", "M2": "warm", "M3": "cold"}
        assert as_of == {date(2025, 3, 1)}
        assert conversion == (3, 1)
        days = con.execute("select days_lead_to_customer from marts.fct_lead_funnel f "
                           "join marts.dim_leads d using (lead_key) where d.canonical_lead_id = 'M1'").fetchone()
        assert days == (41,)  # 01-10 -> 02-20
    elif case == "leads_and_orders":
        # M2 (no email, no name) paid an order of 0 on 02-10: a customer whose first purchase is
        # 0; M3's only order was cancelled. The as-of date is M3's cancelled order day (03-02):
        # it is evidence of activity in the data even though it counts for nothing.
        assert customers == {"M2": (datetime(2025, 2, 10, 9), "counted_order", 1, Decimal("0.00"),
                                    Decimal("0.00"), 20)}
        assert stages == {"M1": "lead", "M2": "customer", "M3": "lead"}
        assert temperatures == {"M1": "cold", "M2": "warm", "M3": "cold"}
        assert as_of == {date(2025, 3, 2)}
        assert conversion == (3, 1)
        orders = con.execute("select order_id, net_revenue, is_first_order from marts.fct_orders").fetchall()
        assert orders == [("R1", Decimal("0.00"), True)]
    else:
        # An email open is no interest (M1 stays cold); M3's demo request on 03-02, the as-of
        # date, makes it an SQL and hot.
        assert temperatures == {"M1": "cold", "M2": "cold", "M3": "hot"}
        assert stages == {"M1": "lead", "M2": "lead", "M3": "sql"}
        assert customers == {}
        assert as_of == {date(2025, 3, 2)}
        assert conversion == (3, 0)
    recon = dict(con.execute("select source_table, raw_rows from marts.fct_raw_row_reconciliation").fetchall())
    landed = {"crm.leads": 3} | {
        {"sales_opportunities": "sales.opportunities", "sales_orders": "sales.orders",
         "marketing_activities": "marketing.activities"}[name]: len(rows)
        for name, rows in TABLES[case].items()
    }
    assert {k: v for k, v in recon.items() if v} == landed
    landed_flags = dict(con.execute("select source_table, is_landed from marts.fct_raw_row_reconciliation").fetchall())
    assert {k for k, v in landed_flags.items() if v} == set(landed)
    assert set(recon) == {"crm.leads", "crm.lead_stage_changes", "marketing.activities", "marketing.campaigns",
                          "marketing.spend", "sales.opportunities", "sales.orders"}

