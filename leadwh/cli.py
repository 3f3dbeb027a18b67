"""leadwh: tooling around the lead data warehouse (the dbt project). One subcommand per job;
`leadwh <subcommand> --help` describes each."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from leadwh.generate import DirtRates, GeneratorConfig, generate
from leadwh import macro_lint, report, sql, validate
from leadwh.reference import reference_tables
from leadwh.warehouse import Progress, append_days, export_parquet, write_duckdb
from leadwh.writer import write_raw_tables, write_reference_tables

#: Size tiers: (leads, activity scale). S is the sample; L is about 20M activities.
TIERS: dict[str, tuple[int, float]] = {"S": (3000, 1.0), "M": (100_000, 2.6), "L": (1_000_000, 2.6)}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def build_parser() -> argparse.ArgumentParser:
    """Argument parser; one ``--<rate>`` flag per field of :class:`DirtRates`."""
    parser = argparse.ArgumentParser(prog="leadwh", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the raw tables: sample CSVs (default), a DuckDB "
                         "warehouse's raw schema (--db) and/or Parquet (--parquet); deterministic",
                         description="Generate realistic, deliberately dirty raw CRM, marketing and "
                         "sales tables (the shape a loader lands: text columns plus _loaded_at). "
                         "Same seed, same rows. The shipped sample is `leadwh generate --seed 42 "
                         "--out seeds/raw`; tiers M and L feed the benchmark.")
    gen.add_argument("--leads", type=int, default=None,
                     help="number of lead ids (default 3000, or the tier's size)")
    gen.add_argument("--tier", choices=sorted(TIERS), default=None,
                     help="size tier: S = sample (3000 leads, ~25k activities), M = 100k leads "
                          "(~2M activities), L = 1M leads (~20M activities)")
    gen.add_argument("--activity-scale", type=float, default=None,
                     help="background activities per lead multiplier (default 1.0; M/L: 2.6)")
    gen.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    gen.add_argument("--out", type=Path, default=None,
                     help="CSV output directory (default seeds/raw when neither --db nor "
                          "--parquet is given)")
    gen.add_argument("--db", type=Path, default=None,
                     help="DuckDB file: (re)create its raw schema tables, every column varchar")
    gen.add_argument("--parquet", type=Path, default=None,
                     help="directory for <table>.parquet files (readable via external_location)")
    gen.add_argument("--append-days", type=int, default=None, metavar="N",
                     help="with --db: add the next N days of leads, activities, orders and spend "
                          "(plus late-arriving rows and replays) to the existing raw tables")
    gen.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    gen.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 1),
                     help="first day of the data window (YYYY-MM-DD)")
    gen.add_argument("--months", type=int, default=18, help="length of the window in months")
    dirt = gen.add_argument_group("dirt rates (0 disables a kind of dirt)")
    defaults = DirtRates()
    for f in dataclasses.fields(DirtRates):
        dirt.add_argument(_flag(f.name), type=float, default=getattr(defaults, f.name),
                          dest=f.name, metavar="RATE",
                          help=f"default {getattr(defaults, f.name)}")
    gen.add_argument("--clean", action="store_true", help="set every dirt rate to 0")

    ref = sub.add_parser("reference", help="write the reference seed CSVs",
                         description="Write the reference seeds (channel map, activity scoring, "
                         "currency rates, CRM stage map, ...) from leadwh/reference.py.")
    ref.add_argument("--out", type=Path, default=Path("seeds/reference"))

    bench = sub.add_parser("bench", help="benchmark generate / full / incremental / plain SQL "
                           "at tiers M and L (make bench)",
                           description="Generate tiers of data, time a full build, a run with no "
                           "new data and a run after new days, compare with the independent "
                           "plain-SQL floor (leadwh/floor.sql, checked row for row) and write a "
                           "Markdown table. Not part of `make test`; see BENCHMARKS.md.")
    from leadwh import bench as bench_module
    bench_module.add_arguments(bench)

    val = sub.add_parser("validate", help="validate the marts with Great Expectations; write "
                         "target/gx/validation_results.json (shown by leadwh report)",
                         description="Run the Great Expectations suites on the marts of a built "
                         "warehouse and write every expectation's outcome to "
                         "validation_results.json (the report's data-quality section); exit 1 "
                         "when an expectation fails.")
    validate.add_arguments(val)

    rep = sub.add_parser("report", help="write the marketer report: one self-contained HTML page "
                         "(charts, data quality, glossary) read from the marts; opens offline",
                         description="Write one self-contained HTML page for marketers from the "
                         "marts of a built warehouse: the funnel, conversion by channel and month, "
                         "cost per lead and CAC, unit of sale and residual value, LTV curves, "
                         "rejected rows and the glossary. Charts are plotly with its JavaScript "
                         "inlined: the file opens offline.")
    report.add_arguments(rep)

    query = sub.add_parser("sql", help="run a read-only SQL query on the warehouse and print the "
                           "result (the venv's DuckDB, which reads the 2.0 file)",
                           description="Run one read-only SQL query on the DuckDB warehouse and "
                           "print the result as a table or CSV, e.g. `leadwh sql \"select * from "
                           "marts.fct_funnel_conversion limit 5\"`. Uses the same DuckDB version "
                           "that wrote the file; older DuckDB CLIs cannot open it.")
    sql.add_arguments(query)

    lint = sub.add_parser("lint-macros", help="lint the SQL the macros write (dbt compile, then "
                          "sqlfluff on the compiled files); part of make lint",
                          description="Compile the project into a throwaway target path, lint the "
                          "compiled models, analyses (with the analyses/macro_lint/ harness "
                          "files), snapshots and singular tests with sqlfluff's raw templater and "
                          "the project's rules (less the layout rules rendering decides), and "
                          "print each violation as `macro file:line  rule  message`. Exit 1 when "
                          "a macro writes a violation.")
    macro_lint.add_arguments(lint)
    return parser


def config_from_args(args: argparse.Namespace) -> GeneratorConfig:
    """Build the generator configuration from parsed arguments."""
    rates = DirtRates(**{f.name: 0.0 if args.clean else getattr(args, f.name)
                         for f in dataclasses.fields(DirtRates)})
    tier_leads, tier_scale = TIERS[args.tier] if args.tier else (3000, 1.0)
    leads = args.leads if args.leads is not None else tier_leads
    scale = args.activity_scale if args.activity_scale is not None else tier_scale
    if leads < 10:
        raise SystemExit("--leads must be at least 10")
    # the CSV sample keeps the loader's row order (byte-identical seeds); tables written to a
    # warehouse do not need it
    return GeneratorConfig(n_leads=leads, seed=args.seed, start=args.start,
                           months=args.months, rates=rates, activity_scale=scale,
                           loader_order=args.db is None and args.parquet is None)


def run_generate(args: argparse.Namespace) -> int:
    """``leadwh generate``: CSVs, DuckDB raw schema, Parquet, or append days."""
    started = time.perf_counter()
    if args.append_days is not None:
        if args.db is None:
            raise SystemExit("--append-days needs --db (the warehouse to append to)")
        bar = Progress(5, enabled=not args.no_progress, desc="append")
        counts = append_days(args.db, args.append_days, seed=args.seed, step=bar.step)
        bar.close()
        if args.parquet is not None:
            export_parquet(args.db, args.parquet)
    else:
        cfg = config_from_args(args)
        steps = 9 + (6 if args.db else 0) + (1 if args.parquet else 0) + (1 if args.out else 0)
        bar = Progress(steps, enabled=not args.no_progress and cfg.n_leads >= 20000,
                       desc="generate")
        tables = generate(cfg, progress=bar.step)
        counts = {name: int(t["_loaded_at"].shape[0]) for name, t in tables.items()}
        if args.db is not None:
            write_duckdb(tables, args.db, step=bar.step)
        if args.parquet is not None:
            bar.step("write parquet")
            export_parquet(args.db, args.parquet, tables=tables)
        if args.out is not None or (args.db is None and args.parquet is None):
            bar.step("write csv")
            write_raw_tables(tables, args.out or Path("seeds/raw"))
        bar.close()
    verb = "added" if args.append_days is not None else "rows"
    for name, count in counts.items():
        print(f"{name}: {count} {verb}")
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``leadwh`` script."""
    args = build_parser().parse_args(argv)
    if args.command == "generate":
        return run_generate(args)
    elif args.command == "reference":
        write_reference_tables(reference_tables(), args.out)
        print(f"reference seeds written to {args.out}")
    elif args.command == "bench":
        from leadwh import bench as bench_module
        return bench_module.run(args)
    elif args.command == "validate":
        return validate.run(args)
    elif args.command == "sql":
        return sql.run(args)
    elif args.command == "report":
        return report.run(args)
    elif args.command == "lint-macros":
        return macro_lint.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
