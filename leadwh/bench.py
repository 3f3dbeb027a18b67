"""``leadwh bench`` (``make bench``): generate, full build, append a day, incremental build, the
same incremental build again with no new data, and the independent plain-SQL floor (checked
against the full build's marts), at tiers M and L; prints a table of wall time, activity rows per
second and peak memory per step, and the floor's check.

Every step runs as a child process (generator, dbt, plain SQL through the duckdb module); its
peak resident memory is the child's ``ru_maxrss`` (``resource.getrusage(RUSAGE_CHILDREN)``
read in a small wrapper process around the step, so each step is measured on its own; dbt and
DuckDB run in one process, so this is the whole dbt process tree).

The floor is an independent plain-SQL script (``leadwh/floor.sql``, see ``leadwh/floor.py``),
written from the business rules rather than from dbt's compiled SQL: it reads the raw tables and
reference seeds of a copy of the raw data and writes the six main marts into the schema
``floor``, run directly by DuckDB (no dbt) with the same memory limit and threads as the dbt
profile. After it the benchmark checks that its marts equal the project's (from the full build)
row for row, and fails loudly when they do not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from leadwh.floor import FLOOR_MARTS, mismatches, run_floor
from leadwh.schema import RAW_COLUMNS

PROJECT_DIR = Path(__file__).resolve().parents[1]
NO_NEW_DATA = "dbt incremental build, no new data"
FLOOR = "independent floor (plain SQL)"
#: schema of the floor database holding a copy of the project's marts of the full build
EXPECTED_SCHEMA = "expected"
BIN = Path(sys.executable).parent


@dataclass
class Step:
    """One measured step."""

    tier: str
    name: str
    seconds: float
    peak_mb: float
    activity_rows: int
    #: 1-minute load average when the step ended: a figure measured beside other work is not one
    load: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.activity_rows / self.seconds if self.seconds else 0.0


def measure(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run ``cmd`` in a wrapper process; return (wall seconds, peak RSS MB of the command)."""
    wrapper = [sys.executable, "-m", "leadwh.bench", "--measure", "--", *cmd]
    with log.open("a") as handle:
        handle.write(f"\n$ {' '.join(cmd)}\n")
        handle.flush()
        proc = subprocess.run(wrapper, cwd=PROJECT_DIR, env=env, stdout=handle,
                              stderr=subprocess.PIPE, text=True, check=False)
    lines = [line for line in proc.stderr.splitlines() if line.startswith("LEADWH_MEASURE ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"step failed: {' '.join(cmd)} (see {log})\n{proc.stderr[-2000:]}")
    result = json.loads(lines[-1].split(" ", 1)[1])
    return float(result["seconds"]), float(result["peak_mb"])


def _measure_main(cmd: list[str]) -> int:
    started = time.perf_counter()
    code = subprocess.run(cmd, check=False).returncode
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print("LEADWH_MEASURE " + json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}),
          file=sys.stderr)
    return code


def count(db: Path, table: str) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(f"select count(*) from {table}").fetchone()
    return int(row[0]) if row else 0


def run_floor_main(db: Path, project_dir: Path) -> int:
    """Run the independent floor on a DuckDB file (called in a measured child process)."""
    run_floor(db, project_dir)
    return 0


def copy_marts(source: Path, target: Path, schema: str = EXPECTED_SCHEMA) -> None:
    """Copy the project's six main marts of ``source`` into ``schema`` of ``target``."""
    import duckdb

    with duckdb.connect(str(target)) as con:
        con.execute(f"attach '{source}' as project (read_only)")
        con.execute(f"create schema if not exists {schema}")
        for mart in FLOOR_MARTS:
            con.execute(f"create or replace table {schema}.{mart} as "
                        f"select * from project.marts.{mart}")
        con.execute("detach project")


def check_floor(floor: Path) -> dict[str, str | int]:
    """Mismatching rows per mart between the project's marts (copied) and the floor's."""
    import duckdb

    with duckdb.connect(str(floor), read_only=True) as con:
        return mismatches(con, EXPECTED_SCHEMA)


def fresh_tier_paths(work: Path, tier: str) -> tuple[Path, Path, Path]:
    """(warehouse, floor database, dbt target dir) of a tier under ``work``, left over from an
    earlier benchmark removed. The target dirs go too (the runs' and the floor's `_floor`):
    dbt's partial parsing would reuse their manifests, whose paths belong to the project the
    earlier benchmark ran from (a clone that may be gone: `dbt seed` then found no files; or
    older SQL compiled into the floor)."""
    work.mkdir(parents=True, exist_ok=True)
    db, floor = work / f"bench_{tier}.duckdb", work / f"floor_{tier}.duckdb"
    target = work / f"target_{tier}"
    for path in (db, floor):
        path.unlink(missing_ok=True)
    for directory in (target, Path(f"{target}_floor")):
        shutil.rmtree(directory, ignore_errors=True)
    return db, floor, target


def bench_tier(tier: str, work: Path, seed: int,
               log: Path) -> tuple[list[Step], dict[str, str | int]]:
    db, floor, target = fresh_tier_paths(work, tier)
    env = {**os.environ, "LEADWH_DUCKDB_PATH": str(db), "DBT_TARGET_PATH": str(target),
           "DBT_LOG_PATH": str(work / "logs"), "DBT_PROFILES_DIR": str(PROJECT_DIR),
           "DBT_PROJECT_DIR": str(PROJECT_DIR), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DBT_USE_COLORS": "false"}
    leadwh, dbt = str(BIN / "leadwh"), str(BIN / "dbt")
    steps: list[Step] = []

    def step(name: str, cmd: list[str], rows_table: str | None = None,
             rows: int | None = None, step_env: dict[str, str] | None = None) -> None:
        print(f"[{tier}] {name} ...", file=sys.stderr, flush=True)
        seconds, peak = measure(cmd, step_env or env, log)
        n = rows if rows is not None else (count(db, rows_table) if rows_table else 0)
        load = os.getloadavg()[0]
        steps.append(Step(tier, name, seconds, peak, n, load))
        print(f"[{tier}] {name}: {seconds:.1f} s, {peak:.0f} MB, load {load:.2f}", file=sys.stderr,
              flush=True)

    step("generate", [leadwh, "generate", "--tier", tier, "--seed", str(seed), "--db", str(db),
                      "--no-progress"], rows_table="raw.marketing_activities")
    activities = steps[-1].activity_rows
    # setup (not timed): seeds; a copy of raw + reference data for the floor
    # every seed but the generated raw tables (reference data, privacy requests, ...)
    subprocess.run([dbt, "seed", "--exclude", *RAW_COLUMNS, "-q"], cwd=PROJECT_DIR,
                   env=env, check=True, stdout=subprocess.DEVNULL)
    shutil.copyfile(db, floor)
    step("dbt full build", [dbt, "run", "--exclude", "path:seeds/raw", "--full-refresh", "-q"],
         rows=activities)
    shutil.copyfile(target / "run_results.json", work / f"run_results_full_{tier}.json")
    # the marts of the full build, which the floor must equal (setup, not timed)
    copy_marts(db, floor)
    step("append 1 day", [leadwh, "generate", "--db", str(db), "--append-days", "1",
                          "--seed", str(seed), "--no-progress"], rows_table=None, rows=0)
    new_rows = count(db, "raw.marketing_activities") - activities
    steps[-1].activity_rows = new_rows
    incremental_run = [dbt, "run", "--exclude", "path:seeds/raw", "-q"]
    step("dbt incremental build", incremental_run, rows=new_rows)
    shutil.copyfile(target / "run_results.json", work / f"run_results_incremental_{tier}.json")
    # the same run again with nothing new: what a run costs whatever the new data (dbt start-up,
    # the erasure hooks, the lookback window re-read, the lead tables rebuilt in full); the
    # incremental build minus this is the cost of the new day itself
    step(NO_NEW_DATA, incremental_run, rows=0)
    shutil.copyfile(target / "run_results.json", work / f"run_results_no_new_data_{tier}.json")
    # the floor's raw copy gets the erasure requests applied as the full build's on-run-start
    # applied them to its raw tables (setup, not timed: a privacy scrub, not a mart rule; the
    # floor does not implement erasure)
    floor_env = {**env, "LEADWH_DUCKDB_PATH": str(floor), "DBT_TARGET_PATH": f"{target}_floor"}
    for operation in ("create_absent_raw_table_placeholders", "apply_erasure_requests"):
        subprocess.run([dbt, "run-operation", operation, "-q"], cwd=PROJECT_DIR, env=floor_env,
                       check=True, stdout=subprocess.DEVNULL)
    step(FLOOR, [sys.executable, "-m", "leadwh.bench", "--run-floor", str(floor),
                 str(PROJECT_DIR)],
         rows=activities)
    check = check_floor(floor)
    print(f"[{tier}] floor check: {check_line(check)}", file=sys.stderr, flush=True)
    return steps, check


def check_line(check: dict[str, str | int]) -> str:
    """PASS when every mart of the floor equals the project's row for row, else FAIL and why."""
    bad = {mart: issue for mart, issue in check.items() if issue != 0}
    if not bad:
        return f"PASS ({len(check)} marts equal row for row: {', '.join(check)})"
    details = "; ".join(f"{mart}: {issue if isinstance(issue, str) else f'{issue:,} rows differ'}"
                        for mart, issue in bad.items())
    return f"FAIL ({details})"


def profile_settings() -> dict[str, str]:
    """The DuckDB settings of the dbt profile (profiles.yml), as SQL literals."""
    return {
        "threads": "2",
        "preserve_insertion_order": "false",
        "memory_limit": f"'{os.environ.get('LEADWH_DUCKDB_MEMORY_LIMIT', '3GB')}'",
        "disabled_compression_methods":
            f"'{os.environ.get('LEADWH_DUCKDB_DISABLED_COMPRESSION', 'dict_fsst')}'",
    }


def machine() -> str:
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    settings = ", ".join(f"{name} {value}" for name, value in profile_settings().items())
    return f"{os.cpu_count()} cores, {mem_gib:.1f} GiB RAM, DuckDB {settings}"


def table(steps: list[Step], checks: dict[str, dict[str, str | int]] | None = None) -> str:
    """The report: one row per step, then per tier the ratios and the floor's check (``checks``:
    per tier, mismatching rows per mart, see ``check_floor``)."""
    lines = ["| tier | step | wall s | activity rows | activity rows/s | peak RSS MB | load |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for s in steps:
        load = f"{s.load:.2f}" if s.load is not None else "-"
        lines.append(f"| {s.tier} | {s.name} | {s.seconds:.1f} | {s.activity_rows:,} | "
                     f"{s.rows_per_second:,.0f} | {s.peak_mb:,.0f} | {load} |")
    by = {(s.tier, s.name): s for s in steps}
    lines.append("")
    for tier in dict.fromkeys(s.tier for s in steps):
        full = by.get((tier, "dbt full build"))
        inc = by.get((tier, "dbt incremental build"))
        idle = by.get((tier, NO_NEW_DATA))
        floor = by.get((tier, FLOOR))
        if full and inc:
            lines.append(f"- {tier}: incremental / full = {inc.seconds / full.seconds:.1%}")
        if full and floor:
            lines.append(f"- {tier}: dbt full / independent floor = "
                         f"{full.seconds / floor.seconds:.2f}")
        if checks is not None and tier in checks:
            lines.append(f"- {tier}: floor check (its six marts = the full build's, row for row): "
                         f"{check_line(checks[tier])}")
        if full and inc and idle:
            day = inc.seconds - idle.seconds
            noise = (" - below zero: the day costs less than the run-to-run variation"
                     if day < 0 else "")
            lines.append(f"- {tier}: a run with no new data = {idle.seconds:.1f} s "
                         f"({idle.seconds / full.seconds:.1%} of full); the new day's own cost "
                         f"(incremental - no new data) = {day:.1f} s ({day / full.seconds:.1%} "
                         f"of full){noise}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--measure"]:
        return _measure_main(args_in[2:] if args_in[1:2] == ["--"] else args_in[1:])
    if args_in[:1] == ["--run-floor"]:
        return run_floor_main(Path(args_in[1]), Path(args_in[2]))
    parser = argparse.ArgumentParser(prog="leadwh bench", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(args_in))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tiers", default="M,L", help="comma-separated tiers (default M,L)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/leadwh_bench"),
                        help="databases, logs and run_results (default /tmp/leadwh_bench)")
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    parser.add_argument("--project-dir", type=Path, default=None,
                        help="dbt project to benchmark (default: this checkout)")


def run(args: argparse.Namespace) -> int:
    global PROJECT_DIR
    if args.project_dir is not None:
        PROJECT_DIR = args.project_dir.resolve()
    work: Path = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    log = work / "bench.log"
    steps: list[Step] = []
    checks: dict[str, dict[str, str | int]] = {}
    for tier in args.tiers.split(","):
        tier_steps, checks[tier.strip()] = bench_tier(tier.strip(), work, args.seed, log)
        steps += tier_steps
        for path in (work / f"bench_{tier}.duckdb", work / f"floor_{tier}.duckdb"):
            path.unlink(missing_ok=True)  # free the disk before the next tier
    report = (f"Machine: {machine()}\n\n{table(steps, checks)}\n\n"
              f"Command: leadwh bench --tiers {args.tiers} --seed {args.seed}\n")
    print(report)
    if args.out:
        args.out.write_text(report)
    failed = [tier for tier, check in checks.items() if any(issue != 0 for issue in check.values())]
    if failed:
        print(f"FAIL: the independent floor's marts differ from the project's at tier(s) "
              f"{', '.join(failed)} (see the floor check lines above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
