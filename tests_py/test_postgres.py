"""The same `dbt build` (seeds, models, every data and unit test) on a real PostgreSQL server, and
the access rules proven by connecting as the BI tools' read-only role.

A throwaway cluster is started by scripts/pg_test_cluster.sh (installs PostgreSQL from Debian
when missing; needs root, as in CI). The module is skipped only when LEADWH_SKIP_POSTGRES=1 is set
explicitly; a machine where PostgreSQL cannot be started fails these tests.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dbt_runner import DBT, PROJECT_DIR, DbtRun

pytestmark = pytest.mark.skipif(
    os.environ.get("LEADWH_SKIP_POSTGRES") == "1",
    reason="LEADWH_SKIP_POSTGRES=1: PostgreSQL tests disabled explicitly",
)

PG_PORT = os.environ.get("LEADWH_PG_PORT", "54329")
DATABASE = "leadwh_test"
BUILD_ROLE = "leadwh_build"
REPORTING_ROLE = "reporting"
# Schemas BI tools must not read: everything but the marts.
REFUSED_SCHEMAS = ("raw", "raw_absent", "reference", "staging", "intermediate", "restricted",
                   # the lead status history (issue 23)
                   "snapshots")


@dataclass(frozen=True)
class PgWarehouse:
    env: dict[str, str]
    build: DbtRun
    reporting_password: str


def pg_env(workdir: Path, build_password: str) -> dict[str, str]:
    return {
        **os.environ,
        "LEADWH_PG_HOST": "127.0.0.1",
        "LEADWH_PG_PORT": PG_PORT,
        "LEADWH_PG_USER": BUILD_ROLE,
        "LEADWH_PG_PASSWORD": build_password,
        "LEADWH_PG_DATABASE": DATABASE,
        "LEADWH_REPORTING_ROLE": REPORTING_ROLE,
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        "DBT_PARTIAL_PARSE": "false",
    }


def run_dbt_pg(args: list[str], env: dict[str, str]) -> DbtRun:
    proc = subprocess.run(
        [str(DBT), *args, "--target", "postgres"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtRun(
        args=args,
        returncode=proc.returncode,
        output=proc.stdout + proc.stderr,
        target_path=Path(env["DBT_TARGET_PATH"]),
    )


@pytest.fixture(scope="module")
def pg_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgWarehouse]:
    workdir = tmp_path_factory.mktemp("postgres")
    build_password = secrets.token_urlsafe(16)
    reporting_password = secrets.token_urlsafe(16)
    env = pg_env(workdir, build_password)
    setup = subprocess.run(
        [str(PROJECT_DIR / "scripts" / "pg_test_cluster.sh")],
        env={
            **env,
            "LEADWH_REPORTING_PASSWORD": reporting_password,
            "LEADWH_PG_RECREATE_DB": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, f"could not start PostgreSQL:\n{setup.stdout}\n{setup.stderr}"
    build = run_dbt_pg(["build"], env)
    yield PgWarehouse(env=env, build=build, reporting_password=reporting_password)


def connect(role: str, password: str):  # type: ignore[no-untyped-def]
    import psycopg2

    return psycopg2.connect(
        host="127.0.0.1", port=int(PG_PORT), dbname=DATABASE, user=role, password=password
    )


def relations(wh: PgWarehouse) -> dict[str, list[str]]:
    """Every table and view dbt built or seeded, by schema (read as the build role)."""
    con = connect(BUILD_ROLE, wh.env["LEADWH_PG_PASSWORD"])
    try:
        with con.cursor() as cur:
            cur.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema not in ('pg_catalog', 'information_schema') "
                "order by 1, 2"
            )
            out: dict[str, list[str]] = {}
            for schema, name in cur.fetchall():
                out.setdefault(schema, []).append(name)
            return out
    finally:
        con.close()


def test_postgres_build_passes_every_data_and_unit_test(pg_warehouse: PgWarehouse) -> None:
    run = pg_warehouse.build
    tail = "\n".join(run.output.splitlines()[-60:])
    assert run.returncode == 0, tail
    # the one warning the sample gives on every engine: its deliberately unmapped lead sources
    assert run.counts and run.counts["error"] == 0 and run.counts["warn"] == 1, tail
    assert run.counts["skip"] == 0, tail
    ids = [r["unique_id"] for r in run.results()]
    assert len([i for i in ids if i.startswith("unit_test.")]) >= 20
    assert len([i for i in ids if i.startswith("test.")]) >= 50
    failed = [
        (r["unique_id"], r["status"])
        for r in run.results()
        # Exposures and MetricFlow saved queries have nothing to run: no-op.
        if r["status"] not in ("success", "pass")
        and not r["unique_id"].startswith(("exposure.", "saved_query."))
    ]
    assert failed == [("test.leadwh.assert_lead_sources_are_mapped", "warn")]


def test_reporting_role_reads_every_mart(pg_warehouse: PgWarehouse) -> None:
    assert pg_warehouse.build.returncode == 0
    marts = relations(pg_warehouse).get("marts", [])
    assert len(marts) >= 10, marts
    con = connect(REPORTING_ROLE, pg_warehouse.reporting_password)
    try:
        with con.cursor() as cur:
            for mart in marts:
                cur.execute(f'select count(*) from marts."{mart}"')
                assert cur.fetchone()[0] >= 0
    finally:
        con.close()


def test_reporting_role_is_refused_everything_but_the_marts(pg_warehouse: PgWarehouse) -> None:
    import psycopg2

    assert pg_warehouse.build.returncode == 0
    by_schema = relations(pg_warehouse)
    for schema in ("raw", "staging", "intermediate", "restricted"):
        assert by_schema.get(schema), f"no relation in schema {schema}: {sorted(by_schema)}"
    refused = [(s, name) for s in REFUSED_SCHEMAS for name in by_schema.get(s, [])]
    unexpected = sorted(set(by_schema) - set(REFUSED_SCHEMAS) - {"marts"})
    assert unexpected == [], f"relations in schemas the test does not know: {unexpected}"
    readable = []
    con = connect(REPORTING_ROLE, pg_warehouse.reporting_password)
    con.autocommit = True
    try:
        for schema, name in refused:
            with con.cursor() as cur:
                try:
                    cur.execute(f'select * from "{schema}"."{name}" limit 1')
                    readable.append(f"{schema}.{name}")
                except psycopg2.errors.InsufficientPrivilege as error:
                    assert "permission denied" in str(error)
        # Nor may it change the marts it reads.
        with con.cursor() as cur:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("delete from marts.dim_leads")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("create table marts.reporting_scratch (x integer)")
    finally:
        con.close()
    assert readable == [], f"the reporting role can read: {readable}"


def test_readers_never_see_a_half_built_mart(pg_warehouse: PgWarehouse) -> None:
    """While dbt rebuilds every mart, a BI reader polling them (as the reporting role) always
    sees a complete table: never a missing relation, a permission error or a partial row count.
    dbt builds each mart as a temporary table and swaps it in, with its grants, in one
    transaction."""
    import threading
    import time

    import psycopg2

    assert pg_warehouse.build.returncode == 0
    marts = sorted(relations(pg_warehouse)["marts"])
    reader = connect(REPORTING_ROLE, pg_warehouse.reporting_password)
    reader.autocommit = True

    def counts() -> dict[str, int]:
        with reader.cursor() as cur:
            out = {}
            for mart in marts:
                cur.execute(f'select count(*) from marts."{mart}"')
                out[mart] = cur.fetchone()[0]
            return out

    before = counts()
    assert sum(before.values()) > 0
    observed: list[dict[str, int]] = []
    errors: list[str] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            try:
                observed.append(counts())
            except psycopg2.Error as error:  # a missing or unreadable mart
                errors.append(str(error).strip())
            time.sleep(0.01)

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        rebuild = run_dbt_pg(["run", "--select", "path:models/marts"], pg_warehouse.env)
    finally:
        done.set()
        thread.join()
        reader.close()
    assert rebuild.returncode == 0, "\n".join(rebuild.output.splitlines()[-40:])
    assert errors == []
    assert len(observed) >= 10, "the reader did not poll during the rebuild"
    assert all(o == before for o in observed)


# --- What the reporting role sees beyond the marts (docs/architecture.md "PostgreSQL access") --


def refused(cur, sql: str) -> str:  # type: ignore[no-untyped-def]
    """Run `sql` (autocommit connection) and return the permission error it must raise."""
    import psycopg2

    with pytest.raises(psycopg2.errors.InsufficientPrivilege) as error:
        cur.execute(sql)
    return str(error.value)


def reporting_connection(wh: PgWarehouse, dbname: str = DATABASE):  # type: ignore[no-untyped-def]
    import psycopg2

    con = psycopg2.connect(
        host="127.0.0.1",
        port=int(PG_PORT),
        dbname=dbname,
        user=REPORTING_ROLE,
        password=wh.reporting_password,
    )
    con.autocommit = True
    return con


def test_reporting_role_cannot_create_temporary_tables(pg_warehouse: PgWarehouse) -> None:
    """A BI role could otherwise copy a mart (or anything it reads) into its own temporary tables
    and keep them for the session."""
    assert pg_warehouse.build.returncode == 0
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            message = refused(cur, "create temporary table scratch as table marts.dim_leads")
            assert "permission denied to create temporary tables" in message
            refused(cur, "create temporary view scratch as select 1 as x")
    finally:
        con.close()


def test_reporting_role_connects_to_the_warehouse_database_only(pg_warehouse: PgWarehouse) -> None:
    import psycopg2

    assert pg_warehouse.build.returncode == 0
    for other in ("postgres", "template1"):
        with pytest.raises(psycopg2.OperationalError) as error:
            reporting_connection(pg_warehouse, other).close()
        assert "permission denied for database" in str(error.value)
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            cur.execute(
                "select datname from pg_database "
                "where datallowconn and has_database_privilege(datname, 'connect') order by 1"
            )
            assert [row[0] for row in cur.fetchall()] == [DATABASE]
    finally:
        con.close()


COMMENTS_BY_SCHEMA = (
    "select n.nspname, count(*) from pg_description d "
    "join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass "
    "join pg_namespace n on n.oid = c.relnamespace "
    "where n.nspname not in ('pg_catalog', 'information_schema') group by 1 order by 1"
)


def test_reporting_role_reads_comments_of_the_marts_only(pg_warehouse: PgWarehouse) -> None:
    """dbt persists docs on the marts only and clears comments left on other relations (on-run-end
    hook `clear_comments_outside_marts`): descriptions of restricted, raw, staging and
    intermediate relations and columns are not in the catalog at all."""
    assert pg_warehouse.build.returncode == 0
    # Comments an earlier version of the project persisted (an incremental table keeps them) are
    # cleared by the next run, whatever it selects.
    build = connect(BUILD_ROLE, pg_warehouse.env["LEADWH_PG_PASSWORD"])
    build.autocommit = True
    try:
        with build.cursor() as cur:
            cur.execute("comment on table staging.base_crm__leads is 'Leads as landed'")
            cur.execute("comment on column staging.base_crm__leads.email is 'Normalised email'")
            cur.execute("comment on view staging.stg_crm__leads is 'Clean leads'")
            cur.execute("comment on column restricted.restricted_lead_contacts.phone is 'E.164'")
            cur.execute(COMMENTS_BY_SCHEMA)
            assert set(dict(cur.fetchall())) == {"marts", "restricted", "staging"}
    finally:
        build.close()
    run = run_dbt_pg(["run", "--select", "int_as_of_dates__resolved"], pg_warehouse.env)
    assert run.returncode == 0, "\n".join(run.output.splitlines()[-40:])
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            cur.execute(COMMENTS_BY_SCHEMA)
            by_schema = dict(cur.fetchall())
            assert set(by_schema) == {"marts"}, by_schema
            # BI tools still show the marts' documentation (tables and columns).
            cur.execute(
                "select obj_description('marts.dim_leads'::regclass, 'pg_class'), "
                "col_description('marts.dim_leads'::regclass, 1)"
            )
            table_comment, column_comment = cur.fetchone()
            assert table_comment and column_comment
            # Known limit (PostgreSQL): pg_attribute, readable by every role, still lists the
            # column names of every relation; information_schema shows only what the role may read.
            cur.execute(
                "select count(*) from information_schema.columns where table_schema = 'restricted'"
            )
            assert cur.fetchone()[0] == 0
    finally:
        con.close()


def test_reporting_role_cannot_read_view_definitions(pg_warehouse: PgWarehouse) -> None:
    assert pg_warehouse.build.returncode == 0
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            cur.execute(
                "select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = 'staging' and c.relkind = 'v' order by c.relname limit 1"
            )
            view = cur.fetchone()[0]
            assert "permission denied for function pg_get_viewdef" in refused(
                cur, f"select pg_get_viewdef({view})"
            )
            refused(cur, f"select pg_get_viewdef({view}, true)")
            refused(cur, "select definition from pg_views where schemaname = 'staging'")
            refused(cur, "select definition from pg_matviews")
            refused(cur, f"select ev_action from pg_rewrite where ev_class = {view}")
            refused(cur, f"select pg_get_ruledef(oid) from pg_rewrite where ev_class = {view}")
            # information_schema.views shows only views the role may read (none).
            cur.execute(
                "select count(*) from information_schema.views where table_schema = 'staging'"
            )
            assert cur.fetchone()[0] == 0
    finally:
        con.close()


def test_reporting_role_cannot_read_row_counts_or_sizes(pg_warehouse: PgWarehouse) -> None:
    """Planner estimates (pg_class.reltuples, relpages), statistics views and size functions
    would tell a BI role how many rows raw and restricted tables hold."""
    assert pg_warehouse.build.returncode == 0
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            cur.execute(
                "select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = 'raw' and c.relname = 'crm_leads'"
            )
            raw = cur.fetchone()[0]
            for sql in (
                f"select reltuples from pg_class where oid = {raw}",
                f"select relpages from pg_class where oid = {raw}",
                f"select * from pg_class where oid = {raw}",
                "select n_live_tup from pg_stat_all_tables",
                "select n_live_tup from pg_stat_user_tables",
                "select n_tup_ins from pg_stat_xact_user_tables",
                "select heap_blks_read from pg_statio_user_tables",
                "select tup_inserted from pg_stat_database",
                f"select pg_stat_get_live_tuples({raw})",
                f"select pg_stat_get_tuples_inserted({raw})",
                f"select pg_relation_size({raw})",
                f"select pg_table_size({raw})",
                f"select pg_total_relation_size({raw})",
            ):
                refused(cur, sql)
    finally:
        con.close()


def test_bi_catalog_queries_still_work_for_the_reporting_role(pg_warehouse: PgWarehouse) -> None:
    """What psql and BI drivers run to list and describe the marts keeps working after the
    catalog is restricted."""
    assert pg_warehouse.build.returncode == 0
    env = {**os.environ, "PGPASSWORD": pg_warehouse.reporting_password}
    base = ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", PG_PORT]
    base += ["-U", REPORTING_ROLE, "-d", DATABASE]
    outputs = {}
    for command in (r"\d marts.dim_leads", r"\d+ marts.dim_leads", r"\dt marts.*", r"\dn", r"\l"):
        proc = subprocess.run(
            [*base, "-c", command], env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
        outputs[command] = proc.stdout
    assert "lead_id" in outputs[r"\d+ marts.dim_leads"]
    assert "dim_leads" in outputs[r"\dt marts.*"]
    con = reporting_connection(pg_warehouse)
    try:
        with con.cursor() as cur:
            # pgJDBC DatabaseMetaData.getTables / getColumns-style catalog queries.
            cur.execute(
                "select n.nspname, c.relname, c.relkind, d.description "
                "from pg_catalog.pg_namespace n "
                "join pg_catalog.pg_class c on c.relnamespace = n.oid "
                "left join pg_catalog.pg_description d on d.objoid = c.oid and d.objsubid = 0 "
                "and d.classoid = 'pg_class'::regclass where n.nspname = 'marts'"
            )
            assert len(cur.fetchall()) >= 10
            cur.execute(
                "select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                "col_description(a.attrelid, a.attnum) from pg_catalog.pg_attribute a "
                "where a.attrelid = 'marts.dim_leads'::regclass and a.attnum > 0 "
                "and not a.attisdropped"
            )
            assert len(cur.fetchall()) > 5
            cur.execute(
                "select count(*) from information_schema.columns where table_schema = 'marts'"
            )
            assert cur.fetchone()[0] > 50
    finally:
        con.close()


# One table of tricky raw values, fed through the staging parsers on DuckDB and on PostgreSQL.
# Each row: raw text, then the hand-worked outcome of the column the value is meant for:
# ("amount", amount as text or None, reject reason or None) or ("time", UTC timestamp or None).
TRICKY_VALUES: list[tuple[str, tuple[str, ...] | tuple[str, str | None, str | None]]] = [
    ("1200.50", ("amount", "1200.50", None)),
    (" $1,200.50 ", ("amount", "1200.50", None)),
    ("1.234,56", ("amount", "1234.56", None)),  # until 2026-12 read as 1.23
    ("1 234,56", ("amount", "1234.56", None)),
    ("1234,5", ("amount", "1234.50", None)),
    ("1.234", ("amount", None, "ambiguous_amount")),
    ("12,500", ("amount", None, "ambiguous_amount")),
    ("$1,500", ("amount", "1500.00", None)),
    ("€1,500", ("amount", None, "ambiguous_amount")),
    ("1,234,567", ("amount", "1234567.00", None)),
    ("999999999999.99", ("amount", "999999999999.99", None)),
    ("1000000000000", ("amount", None, "amount_out_of_range")),
    # PostgreSQL raised "numeric field overflow" on this one in staging
    ("123456789012345678901234567890", ("amount", None, "amount_out_of_range")),
    ("0.125", ("amount", "0.13", None)),
    ("-0.125", ("amount", "-0.13", None)),
    ("1e3", ("amount", None, "non_numeric_amount")),
    ("NaN", ("amount", None, "non_numeric_amount")),
    ("1.2.3", ("amount", None, "non_numeric_amount")),
    ("2025-03-04 10:22:00", ("time", "2025-03-04 10:22:00")),
    ("2025-03-04T12:22:00+02:00", ("time", "2025-03-04 10:22:00")),
    ("2025-03-04T23:22:00+14:00", ("time", "2025-03-04 09:22:00")),
    ("2025-03-04T10:22:00-0530", ("time", "2025-03-04 15:52:00")),
    # offsets out of range: DuckDB shifted the time by them, PostgreSQL crashed base_crm__leads
    ("2025-03-04T10:22:00+15:99", ("time", None)),
    ("2025-03-04T10:22:00+99:99", ("time", None)),
    ("2025-03-04T10:22:00+15", ("time", None)),
    # the hour 24: DuckDB read it as midnight of the next day
    ("2025-03-04 24:00:00", ("time", None)),
    ("2025-03-04T24:00:00Z", ("time", None)),
    ("2025-03-04T24:00:00+02:00", ("time", None)),
    ("2025-03-04 10:60:00", ("time", None)),
    ("2025-02-29 10:00:00", ("time", None)),
    ("2024-02-29 10:00:00", ("time", "2024-02-29 10:00:00")),
    ("31.12.2025 23:59", ("time", "2025-12-31 23:59:00")),
    # day.month.year without leading zeros: DuckDB's strptime read `1.2.3` as 0003-02-01 (found
    # by this test, 2026-12); only the padded shapes are dates, on both engines
    ("4.3.2025", ("time", None)),
    ("1741083720", ("time", "2025-03-04 10:22:00")),
    ("2025-03-04T10:22:00.123456Z", ("time", "2025-03-04 10:22:00.123456")),
]


def parsed_tricky_values(run) -> list[dict[str, str | None]]:  # type: ignore[no-untyped-def]
    """`dbt show` of parse_amount, amount_reject_reason and parse_timestamp_utc over the tricky
    values, with `run` running dbt on one engine."""
    import json

    rows = ", ".join(f"({i}, '{raw}')" for i, (raw, _) in enumerate(TRICKY_VALUES))
    sql = (
        "select n, cast({{ parse_amount('v') }} as {{ dbt.type_string() }}) as amount, "
        "{{ amount_reject_reason('v') }} as reason, "
        "cast({{ parse_timestamp_utc('v') }} as {{ dbt.type_string() }}) as ts "
        f"from (values {rows}) as tricky (n, v) order by n"
    )
    out = run(["show", "--quiet", "--output", "json", "--limit", "-1", "--inline", sql])
    assert out.returncode == 0, out.output[-3000:]
    return json.loads(out.output[out.output.index("{"):])["show"]


TYPED_VALUES_SQL = (
    # a loader that lands typed columns (numbers, timestamps) instead of text
    "select cast({{ parse_amount('a') }} as {{ dbt.type_string() }}) as amount, "
    "{{ amount_reject_reason('a') }} as reason, "
    "cast({{ parse_timestamp_utc('t') }} as {{ dbt.type_string() }}) as ts, "
    "cast({{ parse_date('t') }} as {{ dbt.type_string() }}) as d, "
    "{{ clean_text('i') }} as id, {{ parse_boolean_flag('b') }} as flag "
    "from (select cast(1500.5 as numeric(10, 1)) as a, "
    "cast('2025-03-04 10:22:00' as timestamp) as t, 42 as i, true as b) as typed"
)


def test_tricky_values_get_the_same_hand_worked_outcome_on_duckdb_and_postgresql(
        pg_warehouse: PgWarehouse, tmp_path: Path) -> None:
    """Issue 21: one table of tricky values through the staging parsers of both engines gives
    the same outcome, the hand-worked one; typed raw columns are read as the text they would
    have been, on both engines."""
    import json

    duck_env = {**pg_warehouse.env, "LEADWH_DUCKDB_PATH": str(tmp_path / "tricky.duckdb"),
                "DBT_TARGET_PATH": str(tmp_path / "target")}

    def run_duckdb(args: list[str]) -> DbtRun:
        proc = subprocess.run([str(DBT), *args], cwd=PROJECT_DIR, env=duck_env,
                              capture_output=True, text=True, check=False)
        return DbtRun(args=args, returncode=proc.returncode, output=proc.stdout + proc.stderr,
                      target_path=tmp_path / "target")

    duckdb_rows = parsed_tricky_values(run_duckdb)
    postgres_rows = parsed_tricky_values(lambda args: run_dbt_pg(args, pg_warehouse.env))
    assert postgres_rows == duckdb_rows
    for (raw, expected), row in zip(TRICKY_VALUES, duckdb_rows, strict=True):
        if expected[0] == "amount":
            assert (row["amount"], row["reason"]) == expected[1:], raw
        else:
            assert row["ts"] == expected[1], raw
    typed = []
    for run in (run_duckdb, lambda args: run_dbt_pg(args, pg_warehouse.env)):
        out = run(["show", "--quiet", "--output", "json", "--inline", TYPED_VALUES_SQL])
        assert out.returncode == 0, out.output[-3000:]
        typed.append(json.loads(out.output[out.output.index("{"):])["show"])
    expected_typed = {"amount": "1500.50", "reason": None, "ts": "2025-03-04 10:22:00",
                      "d": "2025-03-04", "id": "42", "flag": True}
    assert typed == [[expected_typed], [expected_typed]]


def test_erasure_leaves_unchanged_raw_tables_alone(pg_warehouse: PgWarehouse) -> None:
    """The erasure state on PostgreSQL (no row ids: a row count and the table oid per raw table
    and seed, macros/privacy/erasure_raw_state.sql): a run after the build, with nothing landed,
    scrubs no raw table or seed; one after a row landed scrubs that table whole (and finds the
    erased person in it)."""
    assert pg_warehouse.build.returncode == 0
    env = pg_warehouse.env
    log = Path(env["DBT_LOG_PATH"]) / "dbt.log"

    def summary() -> str:
        run = run_dbt_pg(["run", "--select", "stg_privacy__erased_people"], env)
        assert run.returncode == 0, "\n".join(run.output.splitlines()[-40:])
        last = log.read_text().split("Running with dbt=")[-1]
        return [line for line in last.splitlines() if "apply_erasure_requests:" in line][0]

    summary()  # the build's own pass may shrink the list (phones nulled): settle it once
    first = summary()
    assert "(0 scrubbed whole, 0 in the rows landed since the last pass" in first, first
    con = connect(BUILD_ROLE, env["LEADWH_PG_PASSWORD"])
    try:
        requests = (PROJECT_DIR / "seeds" / "raw" / "privacy_erasure_requests.csv").read_text()
        email = next(field for line in requests.splitlines() for field in line.split(",") if "@" in field)
        with con.cursor() as cur:
            cur.execute(
                "insert into raw.marketing_activities (activity_id, lead_id, email, activity_type, "
                "occurred_at, channel, _loaded_at) values ('pg-erasure-1', null, %s, 'page_view', "
                "'2025-03-01 10:00:00', 'email', '2025-03-02 00:00:00')", [upper := email.upper()])
        con.commit()
        second = summary()
        assert "(1 scrubbed whole, 0 in the rows landed since the last pass" in second, second
        with con.cursor() as cur:
            cur.execute("select email from raw.marketing_activities where activity_id = 'pg-erasure-1'")
            assert cur.fetchone()[0] != upper
            cur.execute("delete from raw.marketing_activities where activity_id = 'pg-erasure-1'")
        con.commit()
    finally:
        con.close()
