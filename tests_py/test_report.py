"""The report's data functions on a tiny hand-made DuckDB (no dbt build): every expected number
is worked out by hand in the comments."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from leadwh import report

SCHEMA = """
create schema marts;
create table marts.fct_funnel_conversion (cohort_month date, channel varchar, leads integer,
    iqls integer, mqls integer, sqls integer, opportunities integer, customers integer);
create table marts.fct_channel_performance (month date, channel varchar, campaign_id varchar,
    spend numeric(38, 2), leads integer, new_customers integer);
create table marts.fct_customer_lifetime_value (lead_key varchar, acquisition_channel varchar,
    first_order_amount numeric(38, 2), net_revenue numeric(38, 2));
create table marts.fct_cohort_revenue (cohort_month date, months_since_first_order integer,
    cohort_customers integer, cumulative_revenue_per_customer numeric(38, 2));
create table marts.fct_rejected_rows (source_table varchar, raw_key varchar, reject_reason varchar);
create table marts.fct_raw_row_reconciliation (source_table varchar, raw_rows bigint,
    exact_duplicate_rows bigint, rejected_rows bigint, clean_rows bigint, is_landed boolean);
create table marts.dim_leads (lead_key varchar, as_of_date date);
"""

ROWS = """
insert into marts.fct_funnel_conversion values
    ('2025-01-01', 'paid_search', 10, 8, 4, 2, 1, 1),
    ('2025-01-01', 'organic', 10, 2, 1, 0, 0, 0),
    ('2025-02-01', 'organic', 0, 0, 0, 0, 0, 0);
insert into marts.fct_channel_performance values
    ('2025-01-01', 'paid_search', 'a', 100.00, 4, 1),
    ('2025-01-01', 'paid_search', 'b', 50.00, 1, 0),
    ('2025-01-01', 'organic', 'no_campaign', 0.00, 5, 0);
insert into marts.fct_customer_lifetime_value values
    ('c1', 'paid_search', 100.00, 300.00),
    ('c2', 'paid_search', null, 0.00),
    ('c3', 'organic', 40.00, 40.00);
insert into marts.fct_cohort_revenue values
    ('2025-01-01', 0, 2, 50.00), ('2025-01-01', 1, 2, 80.00), ('2025-02-01', 0, 1, 30.00);
insert into marts.fct_rejected_rows values
    ('crm_leads', 'k1', 'invalid_email'), ('crm_leads', 'k2', 'invalid_email'),
    ('shop_orders', 'k3', 'unparseable_amount');
insert into marts.fct_raw_row_reconciliation values ('crm_leads', 12, 1, 2, 9, true);
insert into marts.dim_leads values ('l1', '2025-03-31');
"""

GLOSSARY = """{% docs __overview__ %}
# not a term
{% enddocs %}

{% docs mql %}
**MQL (marketing qualified lead)**: a lead that engaged repeatedly.
{% enddocs %}

{% docs is_active_customer %}
True when the customer bought recently.
{% enddocs %}
"""


@pytest.fixture()
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    connection.execute(SCHEMA)
    connection.execute(ROWS)
    yield connection
    connection.close()


def _none(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_funnel_sums_all_rows_and_converts_stage_to_stage(con: duckdb.DuckDBPyConnection) -> None:
    # totals over the three rows: leads 10+10+0 = 20, IQL 8+2 = 10, MQL 4+1 = 5, SQL 2, opp 1,
    # customer 1; each rate is this stage over the previous one: 10/20, 5/10, 2/5, 1/2, 1/1
    funnel = report.funnel_stages(con)
    assert funnel["stage"].tolist() == ["Lead", "IQL", "MQL", "SQL", "Opportunity", "Customer"]
    assert funnel["reached"].tolist() == [20, 10, 5, 2, 1, 1]
    rates = funnel["conversion_from_previous"].tolist()
    assert _none(rates[0])
    assert rates[1:] == [0.5, 0.5, 0.4, 0.5, 1.0]


def test_funnel_rate_is_empty_after_an_empty_stage(con: duckdb.DuckDBPyConnection) -> None:
    # no SQL at all: SQL 0, opportunity 0 has no rate (0 of 0), not 0 % and not an error
    con.execute("update marts.fct_funnel_conversion set sqls = 0, opportunities = 0, customers = 0")
    rates = report.funnel_stages(con)["conversion_from_previous"].tolist()
    assert rates[3] == 0.0
    assert _none(rates[4]) and _none(rates[5])


def test_conversion_by_channel_month_rates_from_counts(con: duckdb.DuckDBPyConnection) -> None:
    # paid_search in January: 4 MQLs / 10 leads = 0.4, 1 customer / 10 = 0.1;
    # organic in January: 1/10 = 0.1 and 0/10 = 0; organic in February: no leads, no rate
    conv = report.conversion_by_channel_month(con)
    by_key = {(str(r.cohort_month)[:7], r.channel): r for r in conv.itertuples()}
    assert float(by_key[("2025-01", "paid_search")].lead_to_mql_rate) == 0.4
    assert float(by_key[("2025-01", "paid_search")].lead_to_customer_rate) == 0.1
    assert float(by_key[("2025-01", "organic")].lead_to_customer_rate) == 0.0
    assert _none(by_key[("2025-02", "organic")].lead_to_mql_rate)


def test_channel_costs_divide_sums_not_average_ratios(con: duckdb.DuckDBPyConnection) -> None:
    # paid_search: (100 + 50) spend / (4 + 1) leads = 30 (averaging the campaigns' 25 and 50
    # would give 37.5); CAC 150 / 1 customer = 150. organic: 0 / 5 = 0 per lead, no customer so
    # no CAC (empty, not 0)
    costs = report.channel_costs(con).set_index("channel")
    assert float(costs.loc["paid_search", "cost_per_lead"]) == 30.0
    assert float(costs.loc["paid_search", "cac"]) == 150.0
    assert float(costs.loc["organic", "cost_per_lead"]) == 0.0
    assert _none(costs.loc["organic", "cac"])


def test_customer_value_counts_won_deal_customers_in_residual_value(
    con: duckdb.DuckDBPyConnection,
) -> None:
    # paid_search: c1 first purchase 100, c2 none (a won deal alone): unit of sale is the average
    # first purchase of those who made one = 100; residual value counts both: (300 + 0) / 2 = 150
    value = report.customer_value_by_channel(con).set_index("channel")
    assert int(value.loc["paid_search", "new_customers"]) == 2
    assert float(value.loc["paid_search", "unit_of_sale"]) == 100.0
    assert float(value.loc["paid_search", "residual_value"]) == 150.0
    assert float(value.loc["organic", "residual_value"]) == 40.0


def test_rejected_rows_counted_by_reason_most_first(con: duckdb.DuckDBPyConnection) -> None:
    rejected = report.rejected_by_reason(con)
    assert [tuple(r) for r in rejected.itertuples(index=False)] == [
        ("crm_leads", "invalid_email", 2),
        ("shop_orders", "unparseable_amount", 1),
    ]


def test_glossary_reads_doc_blocks_with_their_titles(tmp_path: Path) -> None:
    path = tmp_path / "glossary.md"
    path.write_text(GLOSSARY, encoding="utf-8")
    terms = report.read_glossary(path)
    # __overview__ is the docs' first page, not a term; a block without a bold title is named
    # after the block
    assert [(t.name, t.title) for t in terms] == [
        ("mql", "MQL (marketing qualified lead)"),
        ("is_active_customer", "Is active customer"),
    ]


def test_page_is_self_contained_with_every_chart_and_the_glossary(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    glossary = tmp_path / "glossary.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    validation = tmp_path / "validation_results.json"
    validation.write_text(json.dumps({"results": [
        {"mart": "dim_leads", "expectation": "expect_column_values_to_not_be_null",
         "column": "lead_key", "success": True, "unexpected_count": 0},
        {"mart": "dim_leads", "expectation": "expect_column_values_to_be_in_set",
         "column": "temperature", "success": False, "unexpected_count": 2},
    ]}), encoding="utf-8")
    page = report.render(con, report.read_glossary(glossary), validation)
    # plotly.js inlined exactly once, nothing loaded from elsewhere
    assert page.count("* plotly.js v") == 1
    assert "<script src=" not in page and "<link " not in page
    for chart in report.CHARTS:
        assert f'id="chart-{chart.key}"' in page
        assert html.escape(chart.title) in page
    # the MQL definition is under the conversion chart and in the glossary section
    assert page.count("a lead that engaged repeatedly") == 3  # funnel, conversion, glossary
    assert 'id="term-mql"' in page
    assert "Great Expectations checked 2 expectations on the marts: <strong>1 failed</strong>" in page
    assert "Numbers as of 2025-03-31" in page
