"""``leadwh report``: one self-contained HTML page for marketers, read from the marts.

Every chart is drawn by plotly (its JavaScript inlined once in the page, no CDN), titled in the
marketer's words, with the glossary definitions of its words one click away (a ``<details>``
block under the chart). The glossary section is generated from the dbt doc blocks
(``models/docs/glossary.md``), so the report and the dbt docs say the same thing. The data-quality
section shows the rejected rows, the raw-row reconciliation and, when ``leadwh validate`` wrote
them, the Great Expectations results. The page opens from the file: no request leaves it.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

MARTS = "marts"

FUNNEL_STAGES: tuple[tuple[str, str], ...] = (
    ("leads", "Lead"),
    ("iqls", "IQL"),
    ("mqls", "MQL"),
    ("sqls", "SQL"),
    ("opportunities", "Opportunity"),
    ("customers", "Customer"),
)

_DOC_BLOCK = re.compile(r"{%-?\s*docs\s+(\w+)\s*-?%}(.*?){%-?\s*enddocs\s*-?%}", re.DOTALL)
_BOLD_TITLE = re.compile(r"^\*\*(.+?)\*\*")


# --------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class GlossaryTerm:
    """One doc block of the glossary."""

    name: str
    title: str
    markdown: str

    @property
    def anchor(self) -> str:
        return f"term-{self.name}"


def read_glossary(path: Path) -> list[GlossaryTerm]:
    """The doc blocks of a dbt docs file, in file order (``__overview__``-style blocks skipped).

    The title is the bold words the definition opens with (``**MQL (...)**``), else the block
    name in words."""
    terms = []
    for name, body in _DOC_BLOCK.findall(path.read_text(encoding="utf-8")):
        if name.startswith("__"):
            continue
        text = body.strip()
        bold = _BOLD_TITLE.match(text)
        title = bold.group(1) if bold else name.replace("_", " ").capitalize()
        terms.append(GlossaryTerm(name=name, title=title, markdown=text))
    return terms


def _markdown(text: str) -> str:
    import mistune

    return str(mistune.html(text))


# --------------------------------------------------------------------------- data


def funnel_stages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Leads that reached each funnel stage (all cohorts and channels) and the share of the
    previous stage that reached it (empty for the first stage or when the previous is 0)."""
    sums = ", ".join(f"coalesce(sum({col}), 0) as {col}" for col, _ in FUNNEL_STAGES)
    row = con.execute(f"select {sums} from {MARTS}.fct_funnel_conversion").fetchone()
    assert row is not None
    records: list[dict[str, Any]] = []
    previous: int | None = None
    for (col, label), reached in zip(FUNNEL_STAGES, row):
        rate = None if previous in (None, 0) else round(int(reached) / int(previous), 4)
        records.append({"stage": label, "reached": int(reached), "conversion_from_previous": rate})
        previous = int(reached)
    return pd.DataFrame.from_records(records)


def conversion_by_channel_month(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per lead cohort month and channel: leads, MQLs, customers and the lead-to-MQL and
    lead-to-customer rates (recomputed from the counts, empty without leads)."""
    return con.execute(
        f"""
        select
            cohort_month,
            channel,
            sum(leads) as leads,
            sum(mqls) as mqls,
            sum(customers) as customers,
            round(sum(mqls) / nullif(sum(leads), 0), 4) as lead_to_mql_rate,
            round(sum(customers) / nullif(sum(leads), 0), 4) as lead_to_customer_rate
        from {MARTS}.fct_funnel_conversion
        group by cohort_month, channel
        order by cohort_month, channel
        """
    ).df()


def channel_costs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per channel over the whole window: spend, leads, new customers, cost per lead and CAC
    (spend over leads / new customers; empty when there were none)."""
    return con.execute(
        f"""
        select
            channel,
            sum(spend) as spend,
            sum(leads) as leads,
            sum(new_customers) as new_customers,
            round(sum(spend) / nullif(sum(leads), 0), 2) as cost_per_lead,
            round(sum(spend) / nullif(sum(new_customers), 0), 2) as cac
        from {MARTS}.fct_channel_performance
        group by channel
        order by channel
        """
    ).df()


def customer_value_by_channel(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per acquisition channel: new customers, unit of sale (average first purchase of the
    customers who made one) and residual value (average total sales per new customer, first
    purchase included; a customer by a won deal alone counts with 0)."""
    return con.execute(
        f"""
        select
            acquisition_channel as channel,
            count(*) as new_customers,
            round(avg(first_order_amount), 2) as unit_of_sale,
            round(sum(net_revenue) / count(*), 2) as residual_value
        from {MARTS}.fct_customer_lifetime_value
        group by acquisition_channel
        order by acquisition_channel
        """
    ).df()


def ltv_curves(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The LTV curve of each first-order cohort: cumulative net revenue per customer by month
    since the first order."""
    return con.execute(
        f"""
        select cohort_month, months_since_first_order, cohort_customers,
            cumulative_revenue_per_customer
        from {MARTS}.fct_cohort_revenue
        order by cohort_month, months_since_first_order
        """
    ).df()


def rejected_by_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows kept out of the warehouse, counted by source table and reason."""
    return con.execute(
        f"""
        select source_table, reject_reason, count(*) as rejected_rows
        from {MARTS}.fct_rejected_rows
        group by source_table, reject_reason
        order by rejected_rows desc, source_table, reject_reason
        """
    ).df()


def reconciliation(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Raw rows against rows kept, per raw table."""
    return con.execute(
        f"""
        select source_table, raw_rows, exact_duplicate_rows, rejected_rows, clean_rows, is_landed
        from {MARTS}.fct_raw_row_reconciliation
        order by source_table
        """
    ).df()


def as_of_date(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(f"select max(as_of_date) from {MARTS}.dim_leads").fetchone()
    return "" if row is None or row[0] is None else str(row[0])


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Chart:
    """One chart of the report: an anchor, the marketer's title, a sentence and its terms."""

    key: str
    title: str
    lede: str
    terms: tuple[str, ...]


CHARTS: tuple[Chart, ...] = (
    Chart("funnel", "How many leads reach each stage of the funnel",
          "All leads since the start of the data, and the share of each stage that moved on to "
          "the next one.", ("lead", "iql", "mql", "sql", "opportunity", "customer",
                            "funnel_stage", "conversion_rate")),
    Chart("conversion", "Which channels turn new leads into MQLs and customers, month by month",
          "Leads grouped by the month they arrived (their cohort). Recent months have had less "
          "time to convert.", ("conversion_rate", "mql", "customer", "cohort")),
    Chart("costs", "What a lead and a new customer cost in each channel",
          "Marketing spend divided by the leads and by the new customers each channel brought "
          "(whole period).", ("cost_per_lead", "cac", "reporting_currency")),
    Chart("value", "What a customer's first purchase and total purchases are worth, by channel",
          "Customers grouped by the channel that brought them in.",
          ("unit_of_sale", "residual_value", "reporting_currency")),
    Chart("ltv", "How customer value grows after the first purchase (LTV curves)",
          "One line per cohort of customers (the month of their first order): net revenue per "
          "customer to date, month by month.", ("ltv", "cohort", "reporting_currency")),
    Chart("rejected", "Rows kept out of the numbers, and why",
          "Raw rows that could not be used (kept aside with a reason, never silently dropped).",
          ()),
)


def _figures(data: dict[str, pd.DataFrame]) -> dict[str, Any]:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    figs: dict[str, Any] = {}

    funnel = data["funnel"]
    figs["funnel"] = go.Figure(go.Funnel(
        y=funnel["stage"], x=funnel["reached"], textinfo="value+percent previous",
        hovertemplate="%{y}: %{x} leads<br>%{percentPrevious:.1%} of the previous stage<extra></extra>",
    ))

    conv = data["conversion"]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=("Lead to MQL", "Lead to customer"))
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f", "#bcbd22", "#17becf"]
    for i, (channel, rows) in enumerate(conv.groupby("channel", sort=True)):
        color = palette[i % len(palette)]
        for row, column in ((1, "lead_to_mql_rate"), (2, "lead_to_customer_rate")):
            fig.add_trace(go.Scatter(
                x=rows["cohort_month"], y=rows[column].astype(float), mode="lines+markers",
                name=str(channel), legendgroup=str(channel), showlegend=row == 1,
                line={"color": color},
            ), row=row, col=1)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(height=620)
    figs["conversion"] = fig

    costs = data["costs"]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=costs["channel"], y=costs["cost_per_lead"].astype(float),
                         name="Cost per lead"))
    fig.add_trace(go.Bar(x=costs["channel"], y=costs["cac"].astype(float),
                         name="Customer acquisition cost (CAC)"))
    fig.update_layout(barmode="group", yaxis_title="Amount (reporting currency)")
    figs["costs"] = fig

    value = data["value"]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=value["channel"], y=value["unit_of_sale"].astype(float),
                         name="Unit of sale (first purchase)"))
    fig.add_trace(go.Bar(x=value["channel"], y=value["residual_value"].astype(float),
                         name="Residual value (all purchases per customer)"))
    fig.update_layout(barmode="group", yaxis_title="Amount (reporting currency)")
    figs["value"] = fig

    ltv = data["ltv"]
    fig = go.Figure()
    for cohort, rows in ltv.groupby("cohort_month", sort=True):
        fig.add_trace(go.Scatter(
            x=rows["months_since_first_order"], y=rows["cumulative_revenue_per_customer"].astype(float),
            mode="lines", name=str(cohort)[:7],
        ))
    fig.update_layout(xaxis_title="Months since the first order",
                      yaxis_title="Net revenue per customer to date", legend_title="Cohort")
    figs["ltv"] = fig

    rejected = data["rejected"]
    fig = go.Figure()
    for table, rows in rejected.groupby("source_table", sort=True):
        fig.add_trace(go.Bar(y=rows["reject_reason"], x=rows["rejected_rows"], orientation="h",
                             name=str(table)))
    fig.update_layout(barmode="stack", xaxis_title="Rows", yaxis={"automargin": True},
                      legend_title="Raw table")
    figs["rejected"] = fig

    for key, fig in figs.items():
        fig.update_layout(template="plotly_white", margin={"t": 40, "l": 60, "r": 20, "b": 50})
    return figs


# --------------------------------------------------------------------------- page


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _validation_section(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ("<p>Great Expectations has not been run on this warehouse "
                "(<code>leadwh validate</code> writes the results this section shows).</p>")
    results = json.loads(path.read_text(encoding="utf-8"))
    frame = pd.DataFrame.from_records(results["results"])
    summary = (frame.groupby("mart").agg(expectations=("success", "size"),
                                         failed=("success", lambda s: int((~s).sum())))
               .reset_index())
    failed = frame[~frame["success"]]
    text = (f"<p>Great Expectations checked {len(frame)} expectations on the marts: "
            f"<strong>{int((~frame['success']).sum())} failed</strong>.</p>")
    text += _table(summary)
    if len(failed):
        text += "<h3>Failed expectations</h3>" + _table(failed)
    return text


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;
background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:0 1.5rem}
header{padding-top:1.5rem}nav a{margin-right:1rem}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;margin:1.5rem 0;padding:1rem 1.5rem}
h2{margin-top:.2rem}.lede{color:#555}
details{margin-top:.5rem}summary{cursor:pointer;color:#0b5cad}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}th{background:#f0f0f0}
dt{font-weight:600;margin-top:.8rem}dd{margin-left:1rem}
"""


def render(
    con: duckdb.DuckDBPyConnection,
    glossary: Sequence[GlossaryTerm],
    validation: Path | None = None,
) -> str:
    """The whole report as one HTML string."""
    from plotly.io import to_html

    data = {
        "funnel": funnel_stages(con),
        "conversion": conversion_by_channel_month(con),
        "costs": channel_costs(con),
        "value": customer_value_by_channel(con),
        "ltv": ltv_curves(con),
        "rejected": rejected_by_reason(con),
    }
    figs = _figures(data)
    by_name = {t.name: t for t in glossary}
    config = {"displaylogo": False, "responsive": True}

    sections: list[str] = []
    for i, chart in enumerate(CHARTS):
        div = to_html(figs[chart.key], full_html=False, include_plotlyjs=i == 0,
                      include_mathjax=False, config=config, div_id=f"chart-{chart.key}")
        defs = "".join(
            f'<dt><a href="#{by_name[n].anchor}">{html.escape(by_name[n].title)}</a></dt>'
            f"<dd>{_markdown(by_name[n].markdown)}</dd>"
            for n in chart.terms if n in by_name
        )
        details = (f"<details><summary>What do these words mean?</summary><dl>{defs}</dl></details>"
                   if defs else "")
        extra = ""
        if chart.key == "rejected":
            extra = ("<h3>Raw rows and the rows kept, per raw table</h3>"
                     + _table(reconciliation(con))
                     + "<h3>Checks on the marts (Great Expectations)</h3>"
                     + _validation_section(validation))
        sections.append(
            f'<section id="{chart.key}" class="chart"><h2>{html.escape(chart.title)}</h2>'
            f'<p class="lede">{html.escape(chart.lede)}</p>{div}{details}{extra}</section>'
        )

    glossary_html = "".join(
        f'<dt id="{t.anchor}">{html.escape(t.title)}</dt><dd>{_markdown(t.markdown)}</dd>'
        for t in glossary
    )
    nav = " ".join(
        f'<a href="#{key}">{label}</a>'
        for key, label in (("funnel", "Funnel"), ("conversion", "Conversion"), ("costs", "Costs"),
                           ("value", "Customer value"), ("ltv", "LTV curves"),
                           ("rejected", "Data quality"), ("glossary", "Glossary"))
    )
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Lead warehouse: marketing report</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>Lead warehouse: marketing report</h1>"
        f"<p>Numbers as of {html.escape(as_of_date(con))}, read from the warehouse's marts. "
        f"Amounts are in the reporting currency.</p><nav>{nav}</nav></header><main>"
        + "".join(sections)
        + f'<section id="glossary"><h2>Glossary</h2><dl>{glossary_html}</dl></section>'
        "</main></body></html>"
    )


def write_report(db_path: Path, out: Path, glossary_path: Path, validation: Path | None) -> Path:
    """Read the warehouse (read-only) and write the report to `out`."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        page = render(con, read_glossary(glossary_path), validation)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `leadwh report`."""
    parser.add_argument("--db", type=Path,
                        default=Path(os.environ.get("LEADWH_DUCKDB_PATH", "leadwh.duckdb")),
                        help="DuckDB file built by dbt (default: $LEADWH_DUCKDB_PATH or leadwh.duckdb)")
    parser.add_argument("--out", type=Path, default=Path("target/report/index.html"),
                        help="HTML file to write (default: target/report/index.html)")
    parser.add_argument("--glossary", type=Path, default=Path("models/docs/glossary.md"),
                        help="dbt doc blocks of the glossary (default: models/docs/glossary.md)")
    parser.add_argument("--validation", type=Path, default=Path("target/gx/validation_results.json"),
                        help="results of `leadwh validate`, shown when the file exists "
                             "(default: target/gx/validation_results.json)")


def run(args: argparse.Namespace) -> int:
    """Write the report; 2 when there is no warehouse."""
    if not args.db.exists():
        print(f"leadwh report: no warehouse at {args.db}; run `make build` first", file=sys.stderr)
        return 2
    out = write_report(args.db, args.out, args.glossary, args.validation)
    print(f"report: {out}")
    return 0
