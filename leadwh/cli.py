"""Command line: ``leadwh generate`` (raw sample seeds), ``leadwh reference`` and
``leadwh validate`` (Great Expectations on the marts)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from leadwh.generate import DirtRates, GeneratorConfig, generate
from leadwh import validate
from leadwh.reference import reference_tables
from leadwh.writer import write_raw_tables, write_reference_tables


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def build_parser() -> argparse.ArgumentParser:
    """Argument parser; one ``--<rate>`` flag per field of :class:`DirtRates`."""
    parser = argparse.ArgumentParser(prog="leadwh", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the raw sample CSVs (deterministic)")
    gen.add_argument("--leads", type=int, default=3000, help="number of lead ids (default 3000)")
    gen.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    gen.add_argument("--out", type=Path, default=Path("seeds/raw"), help="output directory")
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

    ref = sub.add_parser("reference", help="write the reference seed CSVs")
    ref.add_argument("--out", type=Path, default=Path("seeds/reference"))

    val = sub.add_parser("validate", help="validate the marts with Great Expectations; write Data Docs")
    validate.add_arguments(val)
    return parser


def config_from_args(args: argparse.Namespace) -> GeneratorConfig:
    """Build the generator configuration from parsed arguments."""
    rates = DirtRates(**{f.name: 0.0 if args.clean else getattr(args, f.name)
                         for f in dataclasses.fields(DirtRates)})
    if args.leads < 10:
        raise SystemExit("--leads must be at least 10")
    return GeneratorConfig(n_leads=args.leads, seed=args.seed, start=args.start,
                           months=args.months, rates=rates)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``leadwh`` script."""
    args = build_parser().parse_args(argv)
    if args.command == "generate":
        counts = write_raw_tables(generate(config_from_args(args)), args.out)
        for name, count in counts.items():
            print(f"{name}: {count} rows")
    elif args.command == "reference":
        write_reference_tables(reference_tables(), args.out)
        print(f"reference seeds written to {args.out}")
    elif args.command == "validate":
        return validate.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
