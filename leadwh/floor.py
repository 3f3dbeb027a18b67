"""The independent plain-SQL floor of the benchmark (``leadwh/floor.sql``) and its check.

``floor.sql`` computes the six main marts from the raw tables and reference seeds, in plain DuckDB
SQL written from the business rules (not dbt's compiled SQL), into the schema ``floor``.
``floor_sql`` fills its few placeholders from the vars in ``dbt_project.yml`` and the DuckDB
settings of the dbt profile; ``mismatches`` compares the floor's marts with the project's, row for
row (columns by name and order; ``except all`` both ways).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

FLOOR_SQL = Path(__file__).with_name("floor.sql")
FLOOR_SCHEMA = "floor"
#: the marts the floor produces, in the order it builds them
FLOOR_MARTS: tuple[str, ...] = (
    "dim_leads", "fct_lead_funnel", "fct_funnel_conversion", "fct_channel_performance",
    "fct_customer_lifetime_value", "fct_cohort_revenue",
)
#: the vars the floor implements only at their defaults (see the simplifications in floor.sql)
FIXED_VARS: dict[str, Any] = {
    "stage_evidence": ["behaviour", "crm"],
    "customer_evidence": ["won_deal", "counted_order", "crm_stage"],
    "reporting_currency": "USD",
    "raw_schema": "raw",
    "raw_parquet_dir": None,
}


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def project_vars(project_dir: Path) -> dict[str, Any]:
    """The vars of ``dbt_project.yml``."""
    data = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    return dict(data.get("vars") or {})


def floor_sql(project_dir: Path, threads: int = 2) -> str:
    """``floor.sql`` with its placeholders filled from the project's vars and the DuckDB settings
    of the dbt profile (threads, ``LEADWH_DUCKDB_MEMORY_LIMIT``,
    ``LEADWH_DUCKDB_DISABLED_COMPRESSION``)."""
    variables = project_vars(project_dir)
    for name, expected in FIXED_VARS.items():
        if variables.get(name, expected) != expected:
            raise SystemExit(f"the plain-SQL floor implements var {name} = {expected!r} only, "
                             f"dbt_project.yml has {variables[name]!r}")
    as_of = variables.get("as_of_date")
    domains = [str(d).lower() for d in (variables.get("internal_email_domains") or [])
               + (variables.get("test_email_domains") or [])]
    values = {
        "threads": str(threads),
        "memory_limit": os.environ.get("LEADWH_DUCKDB_MEMORY_LIMIT", "3GB"),
        "disabled_compression": os.environ.get("LEADWH_DUCKDB_DISABLED_COMPRESSION", "dict_fsst"),
        "mql_score_threshold": str(int(variables["mql_score_threshold"])),
        "hot_window_days": str(int(variables["hot_window_days"])),
        "engagement_window_days": str(int(variables["engagement_window_days"])),
        "customer_active_window_days": str(int(variables["customer_active_window_days"])),
        "as_of_date": f"date {_sql_string(str(as_of))}" if as_of else "cast(null as date)",
        # the domain itself or a sub-domain of it; the regex sits in a SQL string literal
        "excluded_email_domains_regex": ("(^|[.])(" + "|".join(re.escape(d) for d in domains)
                                         + ")$").replace("'", "''") if domains else r"[^\s\S]",
    }
    text = FLOOR_SQL.read_text()
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def run_floor(db: Path, project_dir: Path) -> None:
    """Run the floor on a DuckDB file holding the raw tables and reference seeds."""
    import duckdb

    if db.stem == FLOOR_SCHEMA:
        # DuckDB names the catalog after the file: `floor.<mart>` would be ambiguous
        raise SystemExit(f"the floor cannot run on a file named {db.name}: rename it")

    with duckdb.connect(str(db)) as con:
        con.execute(floor_sql(project_dir))


#: Project mart columns the floor does not compute, left out of the comparison by name: the
#: stage-history columns of fct_lead_funnel (issue 23: first and latest entry and re-entry count
#: per stage, from stage episodes). Any other column difference still fails the comparison.
LIFECYCLE_STAGES = ("lead", "iql", "mql", "nurturing", "sql", "opportunity", "customer", "disqualified")
OUTSIDE_THE_FLOOR: dict[str, frozenset[str]] = {
    "fct_lead_funnel": frozenset(
        f"{stage}_{suffix}" for stage in LIFECYCLE_STAGES
        for suffix in ("first_entered_at", "latest_entered_at", "reentry_count")),
}


def mismatches(con: Any, expected_schema: str = "marts",
               floor_schema: str = FLOOR_SCHEMA) -> dict[str, str | int]:
    """Per mart: the number of rows that differ between the project's mart and the floor's
    (rows only in one plus rows only in the other, duplicates counted: ``except all`` both
    ways), or a text saying why they cannot be compared (a mart missing, other columns)."""
    result: dict[str, str | int] = {}
    for mart in FLOOR_MARTS:
        columns = {}
        for schema in (expected_schema, floor_schema):
            rows = con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? and table_catalog = current_database() "
                "order by ordinal_position", [schema, mart]).fetchall()
            columns[schema] = [name for (name,) in rows
                               if schema != expected_schema
                               or name not in OUTSIDE_THE_FLOOR.get(mart, frozenset())]
        if not columns[expected_schema] or not columns[floor_schema]:
            result[mart] = "missing"
            continue
        if columns[expected_schema] != columns[floor_schema]:
            only = sorted(set(columns[expected_schema]) ^ set(columns[floor_schema]))
            result[mart] = f"other columns ({', '.join(only) or 'order'})"
            continue
        cols = ", ".join(f'"{name}"' for name in columns[expected_schema])
        left = f"select {cols} from {expected_schema}.{mart}"
        right = f"select {cols} from {floor_schema}.{mart}"
        row = con.execute(f"select (select count(*) from ({left} except all {right})) + "
                          f"(select count(*) from ({right} except all {left}))").fetchone()
        result[mart] = int(row[0]) if row else 0
    return result
