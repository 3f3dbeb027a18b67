"""Great Expectations validation of the marts, run after `dbt build`.

The marts live in DuckDB. Great Expectations reads them through pandas dataframes (its SQL
datasource does not work with DuckDB on this stack, see ../shared/stack-notes.md). One
expectation suite per mart; every run writes the outcome of every expectation to
`validation_results.json` in the GX directory (shown by the data-quality section of
`leadwh report`) and returns a non-zero exit code when any expectation fails.

No Data Docs are built: their HTML pulls its CSS and JavaScript from CDNs, so offline it rendered
unstyled with an empty validation list (issue 24); the report is the page that is shipped.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

MARTS_SCHEMA = "marts"
RESULTS_FILE = "validation_results.json"
STAGES = ["lead", "iql", "mql", "sql", "opportunity", "customer"]
TEMPERATURES = ["hot", "warm", "cold"]
SOURCE_TYPES = ["inbound", "outbound", "sourced", "unknown"]

Expectation = Any  # a great_expectations.expectations.Expectation instance


def _not_null_unique(gxe: Any, *columns: str) -> list[Expectation]:
    out: list[Expectation] = []
    for column in columns:
        out.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    if len(columns) == 1:
        out.append(gxe.ExpectColumnValuesToBeUnique(column=columns[0]))
    else:
        out.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)))
    return out


def _rates(gxe: Any, *columns: str) -> list[Expectation]:
    return [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1) for c in columns]


def _non_negative(gxe: Any, *columns: str) -> list[Expectation]:
    return [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in columns]


def _a_ge_b(gxe: Any, a: str, b: str) -> Expectation:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"
    )


def _dim_leads(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "lead_key"),
        gxe.ExpectColumnValuesToBeUnique(column="canonical_lead_id"),
        gxe.ExpectColumnValuesToBeInSet(column="current_stage", value_set=STAGES),
        gxe.ExpectColumnValuesToBeInSet(column="temperature", value_set=TEMPERATURES),
        gxe.ExpectColumnValuesToBeInSet(column="engagement_status", value_set=["active", "lapsed", "never"]),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=channels),
        gxe.ExpectColumnValuesToBeInSet(column="source_type", value_set=SOURCE_TYPES),
        gxe.ExpectColumnValuesToNotBeNull(column="created_at"),
        *_non_negative(gxe, "source_lead_count"),
        # A stable hashed key, never an email address.
        gxe.ExpectColumnValuesToNotMatchRegex(column="lead_key", regex="@"),
    ]


def _fct_lead_funnel(gxe: Any, channels: list[str]) -> list[Expectation]:
    stage_cols = [f"{s}_at" for s in STAGES]
    ordered = [_a_ge_b(gxe, later, earlier) for earlier, later in zip(stage_cols, stage_cols[1:])]
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "lead_key"),
        gxe.ExpectColumnValuesToNotBeNull(column="lead_at"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=channels),
        gxe.ExpectColumnValuesToBeInSet(column="current_stage", value_set=STAGES),
        *ordered,
        *_non_negative(gxe, "days_lead_to_mql", "days_lead_to_sql", "days_lead_to_customer"),
    ]


def _fct_funnel_conversion(gxe: Any, channels: list[str]) -> list[Expectation]:
    counts = ["leads", "iqls", "mqls", "sqls", "opportunities", "customers"]
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "cohort_month", "channel"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=channels),
        *[_a_ge_b(gxe, wider, narrower) for wider, narrower in zip(counts, counts[1:])],
        *_rates(
            gxe,
            "lead_to_iql_rate",
            "iql_to_mql_rate",
            "mql_to_sql_rate",
            "sql_to_opportunity_rate",
            "opportunity_to_customer_rate",
            "lead_to_customer_rate",
        ),
        gxe.ExpectColumnValuesToBeBetween(column="leads", min_value=1),
        *_non_negative(gxe, "median_days_lead_to_customer"),
    ]


def _fct_channel_performance(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "month", "channel", "campaign_id"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=channels),
        *_non_negative(
            gxe,
            "spend",
            "leads",
            "mqls",
            "sqls",
            "new_customers",
            "cost_per_lead",
            "cost_per_mql",
            "cost_per_sql",
            "customer_acquisition_cost",
            "first_order_revenue",
        ),
        gxe.ExpectColumnValuesToBeBetween(column="roi", min_value=-1),
    ]


def _fct_customer_lifetime_value(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "lead_key"),
        gxe.ExpectColumnValuesToBeInSet(column="acquisition_channel", value_set=channels),
        # Every customer has customer evidence; a customer by a won deal alone has no order.
        gxe.ExpectColumnValuesToNotBeNull(column="became_customer_at"),
        gxe.ExpectColumnValuesToBeInSet(
            column="customer_evidence_source", value_set=["won_deal", "counted_order", "crm_stage"]
        ),
        *_non_negative(gxe, "order_count", "first_order_amount", "residual_value", "tenure_days",
                       "average_order_value", "association_days"),
        # Net revenue to date includes the unit of sale, so it is never below it; residual value is
        # the total sales of the customer, first purchase included: its net revenue.
        _a_ge_b(gxe, "net_revenue", "first_order_amount"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="net_revenue", column_B="residual_value"),
    ]


def _fct_customer_residual_value(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "acquisition_cohort_month", "acquisition_channel"),
        gxe.ExpectColumnValuesToBeInSet(column="acquisition_channel", value_set=channels),
        gxe.ExpectColumnValuesToBeBetween(column="new_customers", min_value=1),
        *_non_negative(gxe, "total_sales", "residual_value", "average_association_days", "active_customers"),
        _a_ge_b(gxe, "total_sales", "residual_value"),
        _a_ge_b(gxe, "new_customers", "active_customers"),
    ]


def _fct_lead_source_conversion(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "cohort_month", "lead_source", "channel"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=channels),
        gxe.ExpectColumnValuesToBeBetween(column="leads", min_value=1),
        *_rates(gxe, "lead_to_mql_rate", "lead_to_customer_rate"),
        _a_ge_b(gxe, "leads", "iqls"),
        _a_ge_b(gxe, "iqls", "mqls"),
        _a_ge_b(gxe, "mqls", "sqls"),
        _a_ge_b(gxe, "sqls", "opportunities"),
        _a_ge_b(gxe, "opportunities", "customers"),
    ]


def _fct_cohort_revenue(gxe: Any, channels: list[str]) -> list[Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *_not_null_unique(gxe, "cohort_month", "months_since_first_order"),
        gxe.ExpectColumnValuesToBeBetween(column="months_since_first_order", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="cohort_customers", min_value=1),
        *_non_negative(gxe, "cumulative_net_revenue", "cumulative_revenue_per_customer"),
    ]


SUITES: dict[str, Callable[[Any, list[str]], list[Expectation]]] = {
    "dim_leads": _dim_leads,
    "fct_lead_funnel": _fct_lead_funnel,
    "fct_funnel_conversion": _fct_funnel_conversion,
    "fct_channel_performance": _fct_channel_performance,
    "fct_customer_lifetime_value": _fct_customer_lifetime_value,
    "fct_customer_residual_value": _fct_customer_residual_value,
    "fct_lead_source_conversion": _fct_lead_source_conversion,
    "fct_cohort_revenue": _fct_cohort_revenue,
}


@dataclass(frozen=True)
class Failure:
    """One failed expectation."""

    mart: str
    expectation: str
    column: str | None
    unexpected_count: int | None


@dataclass(frozen=True)
class Outcome:
    """One evaluated expectation."""

    mart: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None


@dataclass(frozen=True)
class ValidationReport:
    """What a validation run found."""

    evaluated: int
    failures: list[Failure]
    results_path: Path

    @property
    def success(self) -> bool:
        return not self.failures


def _read_marts(db_path: Path, marts: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        frames = {m: con.sql(f"select * from {MARTS_SCHEMA}.{m}").df() for m in marts}
        channels = [r[0] for r in con.sql("select channel from reference.channels").fetchall()]
    finally:
        con.close()
    return frames, channels


def validate(
    db_path: Path, project_dir: Path, marts: Sequence[str] | None = None
) -> ValidationReport:
    """Validate the marts in the DuckDB file at `db_path`; write GX files and
    `validation_results.json` under `project_dir` (a Great Expectations file context)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    selected = list(marts) if marts else list(SUITES)
    unknown = sorted(set(selected) - set(SUITES))
    if unknown:
        raise ValueError(f"no expectation suite for: {', '.join(unknown)}")
    frames, channels = _read_marts(db_path, selected)

    context = gx.get_context(mode="file", project_root_dir=str(project_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.variables.save()
    source = context.data_sources.add_or_update_pandas(MARTS_SCHEMA)

    outcomes: list[Outcome] = []
    for mart in selected:
        try:
            asset = source.get_asset(mart)
        except LookupError:
            asset = source.add_dataframe_asset(mart)
        try:
            batch = asset.get_batch_definition("whole")
        except KeyError:
            batch = asset.add_batch_definition_whole_dataframe("whole")
        suite = gx.ExpectationSuite(name=mart, expectations=SUITES[mart](gx.expectations, channels))
        suite = context.suites.add_or_update(suite)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=mart, data=batch, suite=suite)
        )
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=mart,
                validation_definitions=[definition],
                actions=[],
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[mart]})
        for run_result in result.run_results.values():
            for outcome in run_result.results:
                config = outcome.expectation_config
                outcomes.append(
                    Outcome(
                        mart=mart,
                        expectation=config.type,
                        column=config.kwargs.get("column")
                        or config.kwargs.get("column_A")
                        or ",".join(config.kwargs.get("column_list", [])) or None,
                        success=bool(outcome.success),
                        unexpected_count=(outcome.result or {}).get("unexpected_count"),
                    )
                )
    failures = [
        Failure(mart=o.mart, expectation=o.expectation, column=o.column,
                unexpected_count=o.unexpected_count)
        for o in outcomes if not o.success
    ]
    results_path = Path(project_dir) / RESULTS_FILE
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(
        json.dumps({"results": [dataclasses.asdict(o) for o in outcomes]}, indent=1), encoding="utf-8"
    )
    return ValidationReport(evaluated=len(outcomes), failures=failures, results_path=results_path)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `leadwh validate`."""
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("LEADWH_DUCKDB_PATH", "leadwh.duckdb")),
        help="DuckDB file built by dbt (default: $LEADWH_DUCKDB_PATH or leadwh.duckdb)",
    )
    parser.add_argument(
        "--gx-dir",
        type=Path,
        default=Path("target/gx"),
        help="where Great Expectations keeps its files and validation_results.json "
        "(default: target/gx)",
    )
    parser.add_argument("--mart", action="append", help="validate only this mart (repeatable)")


def run(args: argparse.Namespace) -> int:
    """Run the validation; print a summary; 0 when every expectation holds."""
    if not args.db.exists():
        print(f"leadwh validate: no warehouse at {args.db}; run `make build` first", file=sys.stderr)
        return 2
    report = validate(args.db, args.gx_dir, args.mart)
    print(f"Great Expectations: {report.evaluated} expectations on the marts, {len(report.failures)} failed")
    for f in report.failures:
        print(f"  FAILED {f.mart}: {f.expectation} on {f.column} ({f.unexpected_count} unexpected rows)")
    print(f"results: {report.results_path}")
    return 0 if report.success else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m leadwh.validate`."""
    parser = argparse.ArgumentParser(prog="leadwh validate", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
