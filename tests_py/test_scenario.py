"""A hand-made scenario, end to end: five people whose funnel and lifetime value were worked
out by hand (see tests_py/scenario/README.md), built through every layer and compared with the
marts.

Vars are pinned so the answers do not depend on the shipped defaults: MQL at 50 points, hot
within 7 days, engagement active within 30, customers active within 365 days, evaluated on
2025-06-30.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dbt_runner import PROJECT_DIR, run_dbt

SCENARIO_DIR = Path(__file__).parent / "scenario"
RAW_SCHEMA = "scenario_raw"
VARS = {
    "raw_schema": RAW_SCHEMA,
    "mql_score_threshold": 50,
    "hot_window_days": 7,
    "engagement_window_days": 30,
    "customer_active_window_days": 365,
    "as_of_date": "2025-06-30",
}
# The EUR rate of the shipped reference seed; the expected amounts below use it.
EUR_RATE = Decimal("1.085")


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def scenario_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    workdir = tmp_path_factory.mktemp("scenario")
    db = workdir / "scenario.duckdb"
    # Every seed: the reference tables, and the sample raw tables the unit tests' fixtures
    # read their column types from. The scenario itself reads the raw schema below.
    run_dbt(["seed"], workdir, db)
    con = duckdb.connect(str(db))
    con.execute(f"create schema {RAW_SCHEMA}")
    for path in sorted(SCENARIO_DIR.glob("*.csv")):
        con.execute(
            f"create table {RAW_SCHEMA}.{path.stem} as "
            "select * from read_csv(?, header = true, all_varchar = true, quote = '\"')",
            [str(path)],
        )
    con.close()
    # Models and data tests over the scenario (unit tests already ran in the sample build).
    run = run_dbt(
        ["build", "--exclude", "resource_type:seed", "resource_type:unit_test", "--vars", json.dumps(VARS)],
        workdir,
        db,
        check=False,
    )
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-60:])
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    rel = con.sql(sql)
    return [dict(zip(rel.columns, r)) for r in rel.fetchall()]


def by_lead(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, dict]:
    out = rows(
        con,
        f"select d.canonical_lead_id, t.* from marts.{table} t join marts.dim_leads d using (lead_key)",
    )
    return {r["canonical_lead_id"]: r for r in out}


def test_eur_rate_is_the_one_the_expectations_use() -> None:
    with open(PROJECT_DIR / "seeds" / "reference" / "currency_rates.csv", newline="") as f:
        rates = {r["currency_code"]: Decimal(r["rate_to_reporting_currency"]) for r in csv.DictReader(f)}
    assert rates["USD"] == 1
    assert rates["EUR"] == EUR_RATE


def test_identity_resolution_gives_one_lead_per_person(scenario_db: duckdb.DuckDBPyConnection) -> None:
    leads = {r["canonical_lead_id"]: r for r in rows(scenario_db, "select * from marts.dim_leads")}
    # Anna is L1 and L2 (case, whitespace and +promo variant); the test lead L6 and the
    # soft-deleted L7 are quarantined; L3's loader retry is an exact duplicate.
    assert sorted(leads) == ["L1", "L3", "L4", "L5", "L8"]
    assert leads["L1"]["source_lead_count"] == 2
    assert {k: v["source_lead_count"] for k, v in leads.items() if k != "L1"} == dict.fromkeys(
        ["L3", "L4", "L5", "L8"], 1
    )


def test_dim_leads_attributes(scenario_db: duckdb.DuckDBPyConnection) -> None:
    leads = {r["canonical_lead_id"]: r for r in rows(scenario_db, "select * from marts.dim_leads")}
    expected = {
        # channel, source type, first campaign, stage, score, temperature, unsubscribed, disqualified
        # Cold = never showed interest: every one of them did (Anna and Dan went quiet or
        # unsubscribed, Ed only bought), so none is cold; Bob called 5 days ago: hot.
        "L1": ("paid_search", "inbound", "C1", "customer", 56, "warm", False, False),
        "L3": ("paid_social", "inbound", "C2", "opportunity", 80, "hot", False, True),
        "L4": ("unknown", "unknown", None, "iql", 13, "warm", False, False),
        "L5": ("paid_search", "inbound", "C1", "iql", -15, "warm", True, False),
        "L8": ("paid_search", "inbound", "C1", "customer", 0, "warm", False, False),
    }
    actual = {
        k: (
            v["channel"],
            v["source_type"],
            v["first_campaign_id"],
            v["current_stage"],
            v["current_score"],
            v["temperature"],
            v["is_unsubscribed"],
            v["is_disqualified"],
        )
        for k, v in leads.items()
    }
    assert actual == expected
    assert all("@" not in str(v) for r in leads.values() for v in r.values())
    # Engagement recency, apart from temperature: Anna's latest meaningful action is the pricing
    # page on 02-10 (140 days), Bob's call 06-25 (5), Cara's click 06-10 (20), Dan's social
    # follow 06-27 (3); Ed never engaged.
    engagement = {k: (v["engagement_status"], v["days_since_last_engagement"]) for k, v in leads.items()}
    assert engagement == {
        "L1": ("lapsed", 140),
        "L3": ("active", 5),
        "L4": ("active", 20),
        "L5": ("active", 3),
        "L8": ("never", None),
    }
    assert {v["lead_source"] for v in leads.values()} == {
        "Google Ads", "LinkedIn Ads", "a lead source nobody mapped", "google ads"
    }
    assert {v["as_of_date"] for v in leads.values()} == {date(2025, 6, 30)}


def test_stage_timestamps(scenario_db: duckdb.DuckDBPyConnection) -> None:
    funnel = by_lead(scenario_db, "fct_lead_funnel")
    cols = ["lead_at", "iql_at", "mql_at", "sql_at", "opportunity_at", "customer_at"]
    expected = {
        # MQL: 15 + 20 + 20 points reach 50 with the pricing-page view, which is also the SQL signal.
        "L1": ["2025-01-10 10:00", "2025-01-12 09:00", "2025-02-10 12:00", "2025-02-10 12:00",
               "2025-02-15 10:00", "2025-03-01 10:00"],
        # Demo request first: IQL and MQL evidence come later, so they were skipped.
        "L3": ["2025-03-05 08:00", None, None, "2025-03-06 09:00", "2025-03-20 10:00", None],
        # Created as 05.03.2025 14:30 (day.month.year).
        "L4": ["2025-03-05 14:30", "2025-03-06 10:00", None, None, None, None],
        # Created as Unix epoch 1741600800.
        "L5": ["2025-03-10 10:00", "2025-03-11 10:00", None, None, None, None],
        # Bought without any marketing touch or opportunity.
        "L8": ["2025-04-01 10:00", None, None, None, None, "2025-04-03 10:00"],
    }
    for lead, stamps in expected.items():
        assert [funnel[lead][c] for c in cols] == [ts(s) if s else None for s in stamps], lead
    reached = {k: [v[f"has_reached_{s}"] for s in ["iql", "mql", "sql", "opportunity", "customer"]]
               for k, v in funnel.items()}
    assert reached == {
        "L1": [True] * 5,
        "L3": [True, True, True, True, False],
        "L4": [True, False, False, False, False],
        "L5": [True, False, False, False, False],
        "L8": [True] * 5,
    }
    assert funnel["L1"]["days_lead_to_customer"] == 50
    assert funnel["L8"]["days_lead_to_customer"] == 2


def test_funnel_conversion_by_cohort_and_channel(scenario_db: duckdb.DuckDBPyConnection) -> None:
    out = rows(scenario_db, "select * from marts.fct_funnel_conversion")
    got = {
        (r["cohort_month"], r["channel"]): (r["leads"], r["iqls"], r["mqls"], r["sqls"], r["opportunities"],
                                           r["customers"])
        for r in out
    }
    assert got == {
        (date(2025, 1, 1), "paid_search"): (1, 1, 1, 1, 1, 1),
        (date(2025, 3, 1), "paid_social"): (1, 1, 1, 1, 1, 0),
        (date(2025, 3, 1), "unknown"): (1, 1, 0, 0, 0, 0),
        (date(2025, 3, 1), "paid_search"): (1, 1, 0, 0, 0, 0),
        (date(2025, 4, 1), "paid_search"): (1, 1, 1, 1, 1, 1),
    }
    cara = next(r for r in out if r["channel"] == "unknown")
    assert cara["iql_to_mql_rate"] == 0
    assert cara["mql_to_sql_rate"] is None  # no MQLs: no rate, not a division error
    bob = next(r for r in out if r["channel"] == "paid_social")
    assert bob["opportunity_to_customer_rate"] == 0 and bob["lead_to_customer_rate"] == 0
    anna = next(r for r in out if r["cohort_month"] == date(2025, 1, 1))
    assert anna["lead_to_customer_rate"] == 1 and anna["median_days_lead_to_customer"] == 50


def test_customer_lifetime_value(scenario_db: duckdb.DuckDBPyConnection) -> None:
    ltv = by_lead(scenario_db, "fct_customer_lifetime_value")
    assert sorted(ltv) == ["L1", "L8"]
    anna, ed = ltv["L1"], ltv["L8"]
    # Anna: ORD1 1,000.00 USD paid; ORD2 $200 refunded 50 -> 150; ORD3 cancelled (excluded).
    assert anna["first_order_at"] == ts("2025-03-01 10:00")
    assert anna["first_order_amount"] == Decimal("1000.00")
    assert anna["order_count"] == 2
    assert anna["net_revenue"] == Decimal("1150.00")
    # Residual value: total sales, first purchase included.
    assert anna["residual_value"] == Decimal("1150.00")
    # Her deal O1 closed won on 03-01 10:00, the moment of her first order too: the won deal
    # counts first. Still active (last purchase 05-20, within 365 days of 06-30): association
    # 03-01 -> 06-30 = 121 days.
    assert anna["became_customer_at"] == ts("2025-03-01 10:00")
    assert anna["customer_evidence_source"] == "won_deal"
    assert anna["is_active_customer"] is True
    assert anna["association_days"] == 121
    assert anna["average_order_value"] == Decimal("575.00")
    assert anna["acquisition_channel"] == "paid_search"
    assert anna["acquisition_cohort_month"] == date(2025, 3, 1)
    # Ed: ORD4 EUR 500 at the EUR rate, ORD5 250 USD found by email; ORD6 (-40) is quarantined.
    unit_of_sale = (Decimal(500) * EUR_RATE).quantize(Decimal("0.01"))
    assert ed["first_order_amount"] == unit_of_sale
    assert ed["order_count"] == 2
    assert ed["net_revenue"] == unit_of_sale + 250
    assert ed["residual_value"] == unit_of_sale + 250
    # Customer by his first order (04-03 10:00); association 04-03 -> 06-30 = 88 days.
    assert ed["became_customer_at"] == ts("2025-04-03 10:00")
    assert ed["customer_evidence_source"] == "counted_order"
    assert ed["association_days"] == 88
    assert ed["acquisition_cohort_month"] == date(2025, 4, 1)


def test_residual_value_by_cohort_and_channel(scenario_db: duckdb.DuckDBPyConnection) -> None:
    out = rows(scenario_db, "select * from marts.fct_customer_residual_value")
    got = {(r["acquisition_cohort_month"], r["acquisition_channel"]):
           (r["new_customers"], r["total_sales"], r["residual_value"], r["average_association_days"])
           for r in out}
    ed_sales = (Decimal(500) * EUR_RATE).quantize(Decimal("0.01")) + 250
    assert got == {
        (date(2025, 3, 1), "paid_search"): (1, Decimal("1150.00"), Decimal("1150.00"), Decimal("121.00")),
        (date(2025, 4, 1), "paid_search"): (1, ed_sales, ed_sales, Decimal("88.00")),
    }


def test_cohort_revenue_curve(scenario_db: duckdb.DuckDBPyConnection) -> None:
    out = rows(
        scenario_db,
        "select * from marts.fct_cohort_revenue where months_since_first_order <= 2 "
        "order by cohort_month, months_since_first_order",
    )
    march = [(r["months_since_first_order"], r["cohort_customers"], r["cumulative_net_revenue"])
             for r in out if r["cohort_month"] == date(2025, 3, 1)]
    assert march == [(0, 1, Decimal("1000.00")), (1, 1, Decimal("1000.00")), (2, 1, Decimal("1150.00"))]
    april = [(r["months_since_first_order"], r["cumulative_net_revenue"])
             for r in out if r["cohort_month"] == date(2025, 4, 1)]
    unit_of_sale = (Decimal(500) * EUR_RATE).quantize(Decimal("0.01"))
    assert april[:2] == [(0, unit_of_sale), (1, unit_of_sale + 250)]


def test_spend_and_cost_per_lead(scenario_db: duckdb.DuckDBPyConnection) -> None:
    out = rows(scenario_db, "select * from marts.fct_channel_performance")
    # 100 + 1,000 + 200 USD and 300 EUR; the 'n/a' row is quarantined.
    assert sum(r["spend"] for r in out) == Decimal("1300.00") + (Decimal(300) * EUR_RATE).quantize(Decimal("0.01"))
    assert sum(r["leads"] for r in out) == 5
    assert sum(r["new_customers"] for r in out) == 2
    january = next(r for r in out if r["month"] == date(2025, 1, 1) and r["campaign_id"] == "C1")
    assert (january["spend"], january["leads"], january["cost_per_lead"]) == (Decimal("100.00"), 1, Decimal("100.00"))


def test_every_raw_row_is_accounted_for(scenario_db: duckdb.DuckDBPyConnection) -> None:
    recon = {r["source_table"]: r for r in rows(scenario_db, "select * from marts.fct_raw_row_reconciliation")}
    got = {k: (v["raw_rows"], v["clean_rows"], v["rejected_rows"], v["exact_duplicate_rows"])
           for k, v in recon.items()}
    assert got == {
        "crm.leads": (9, 6, 2, 1),
        "crm.lead_stage_changes": (2, 2, 0, 0),
        "marketing.activities": (14, 13, 1, 0),
        "marketing.campaigns": (2, 2, 0, 0),
        "marketing.spend": (5, 4, 1, 0),
        "sales.opportunities": (2, 2, 0, 0),
        "sales.orders": (6, 5, 1, 0),
    }
    # every raw table is landed (the stage-change table since Bob's recycle, issue 23)
    assert {k: v["is_landed"] for k, v in recon.items() if not v["is_landed"]} == {}
    rejects = {r["reject_reason"]: r["raw_key"] for r in rows(scenario_db, "select * from marts.fct_rejected_rows")}
    assert sorted(rejects) == sorted(
        ["test_or_internal_lead", "soft_deleted", "unknown_activity_type", "non_numeric_amount", "negative_amount"]
    )
    assert "L6" in rejects["test_or_internal_lead"]
    assert "L7" in rejects["soft_deleted"]
    assert "X2" in rejects["unknown_activity_type"]
    assert "ORD6" in rejects["negative_amount"]
    assert "2025-04-03" in rejects["non_numeric_amount"]


# --- Lifecycle (issue 23): Bob is recycled by sales and qualified again ---------------------

def test_recycled_lead_stage_episodes(scenario_db: duckdb.DuckDBPyConnection) -> None:
    """Bob (L3): created 03-05 08:00; demo request 03-06 09:00 (SQL, handover 1); the CRM
    recycles him 03-10 09:00 (nurturing); his first MQL/IQL evidence (e-book 03-08) ranks below
    SQL and nurturing: no episode; the CRM qualifies him again 03-19 16:00 (SQL, a re-entry,
    handover 2); opportunity 03-20 10:00; the deal is lost 04-15 10:00: disqualified."""
    got = rows(scenario_db, "select e.stage, e.stage_episode_number, e.entered_at, e.exited_at, "
                            "e.entered_from_stage, e.exited_to_stage, e.is_reentry, e.days_in_stage "
                            "from marts.fct_lead_stage_episodes e join marts.dim_leads d using (lead_key) "
                            "where d.canonical_lead_id = 'L3' order by e.lead_episode_number")
    assert [(r["stage"], r["stage_episode_number"], r["entered_at"], r["exited_at"], r["entered_from_stage"],
             r["exited_to_stage"], r["is_reentry"]) for r in got] == [
        ("lead", 1, ts("2025-03-05 08:00"), ts("2025-03-06 09:00"), None, "sql", False),
        ("sql", 1, ts("2025-03-06 09:00"), ts("2025-03-10 09:00"), "lead", "nurturing", False),
        ("nurturing", 1, ts("2025-03-10 09:00"), ts("2025-03-19 16:00"), "sql", "sql", False),
        ("sql", 2, ts("2025-03-19 16:00"), ts("2025-03-20 10:00"), "nurturing", "opportunity", True),
        ("opportunity", 1, ts("2025-03-20 10:00"), ts("2025-04-15 10:00"), "sql", "disqualified", False),
        ("disqualified", 1, ts("2025-04-15 10:00"), None, "opportunity", None, False),
    ]
    # 03-10 -> 03-19: 9 days in nurturing; the current episode runs to the as-of date 06-30
    assert got[2]["days_in_stage"] == 9 and got[5]["days_in_stage"] == 76
    funnel = by_lead(scenario_db, "fct_lead_funnel")["L3"]
    # first reached stays the demo request; first / latest entry and one re-entry of SQL
    assert (funnel["sql_at"], funnel["sql_first_entered_at"], funnel["sql_latest_entered_at"],
            funnel["sql_reentry_count"]) == (ts("2025-03-06 09:00"), ts("2025-03-06 09:00"),
                                             ts("2025-03-19 16:00"), 1)
    assert (funnel["mql_at"], funnel["mql_first_entered_at"], funnel["nurturing_reentry_count"]) == (None, None, 0)


def test_recycled_lead_handovers_and_nurturing(scenario_db: duckdb.DuckDBPyConnection) -> None:
    """SLA 24 hours (shipped default). Bob's handover 1 (03-06 09:00) had no touch before
    handover 2 and sales rejected it (Recycled 03-10): breached. Handover 2 (03-19 16:00) was
    touched by the opportunity 03-20 10:00: 18 hours, met. Anna's one handover (pricing page
    02-10 12:00) was touched by her opportunity 02-15 10:00: 4 days 22 hours = 118 hours,
    breached. His nurturing episode (cohort 2025-03, paid_social) was recycled from sales and
    re-qualified after 9 days."""
    got = rows(scenario_db, "select d.canonical_lead_id, h.handover_number, h.first_touch_type, "
                            "h.hours_to_first_touch, h.sla_status, h.handover_response "
                            "from marts.fct_lead_handovers h join marts.dim_leads d using (lead_key) "
                            "order by 1, 2")
    assert [tuple(r.values()) for r in got] == [
        ("L1", 1, "opportunity", Decimal("118.00"), "breached", None),
        ("L3", 1, None, None, "breached", "rejected"),
        ("L3", 2, "opportunity", Decimal("18.00"), "met", None),
    ]
    nurturing = rows(scenario_db, "select * from marts.fct_nurturing_outcomes "
                                  "where cohort_month = date '2025-03-01' and channel = 'paid_social'")
    assert [(r["leads_nurtured"], r["recycled_from_sales"], r["requalified"], r["recycled_and_requalified"],
             r["still_nurturing"], r["median_days_in_nurturing"]) for r in nurturing] == [
        (1, 1, 1, 1, 0, Decimal("9.00"))]
