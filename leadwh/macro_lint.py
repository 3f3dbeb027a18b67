"""Lint the SQL that the project's macros write (``leadwh lint-macros``, part of ``make lint``).

``sqlfluff lint`` with the dbt templater checks nothing inside a macro: a file under macros/
renders to nothing, and in a model sqlfluff reports no violation inside a templated
(macro-generated) region. So this module lints the *rendered* SQL instead:

1. ``dbt compile`` the project into a throwaway target path (an empty throwaway DuckDB, as the
   Makefile's lint target does), which renders every model, analysis, snapshot and singular test
   with each macro's output in place. Macros used only in hooks, tests or run-operations are
   rendered by the harness analyses under analyses/macro_lint/.
2. Lint the compiled files with sqlfluff's ``raw`` templater and the project's rules (.sqlfluff),
   minus the rules that the whitespace of rendered Jinja makes meaningless (:data:`RENDERING_RULES`).
3. Map each violation back to the source line that wrote the offending character: each line of
   each macro (and of the node's own file) becomes a pattern whose Jinja parts match anything;
   the line whose literal text covers the violation's position wins. Violations in a node's own
   text are left to the ordinary ``sqlfluff lint`` (dbt templater); those in a macro's text are
   reported as ``macro file:line  rule  message``, once per macro line and rule.

Exit status 1 when any macro violation is found, 0 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

#: Rules left out for rendered SQL, on top of the project's own exclude_rules (.sqlfluff). Each
#: is about layout that Jinja, not the macro's author, decides once a macro is rendered in place:
#: - LT01 (spacing), LT02 (indentation), LT04 (comma position), LT05 (line length), LT08 (blank
#:   line after a CTE), LT12 (one newline at the end of file), LT13 (no leading blank lines):
#:   a macro's text lands at the indentation and on the line of its call (``{{ m() }}`` in the
#:   middle of a select list), whitespace control (``{%- -%}``) glues or drops line breaks and a
#:   loop repeats blank lines, so the compiled text's layout says nothing about the macro's;
#:   the macro files' own layout is reviewed by eye.
#: - LT15 (consecutive blank lines): a macro that renders nothing (a false ``{% if %}``) leaves
#:   its call's blank lines, and so does every ``{% set %}`` line of a loop.
#: - CV11 (casting style): dbt's own macros write ``::`` casts around a macro's output
#:   (dbt.datediff renders ``cast(...)::timestamp`` around month_start()), and sqlfluff reports
#:   the whole cast expression at its first character, the macro's; the macros' own text uses
#:   ``cast()`` (the only ``::`` left is in catalog.sql's PL/pgSQL, which is not linted).
#: - AM04 (select * / unknown column count): macros deliberately pass every column of a relation
#:   through (`select * from {{ activities }}` in activities_to_attach, the raw rows of the
#:   incremental base models).
#: Seen with every rule on (2026-12): 41 macro lines blamed, of them LT05 19, LT02 8, LT01 2,
#: LT04 1, LT08 2, CV11 2 and AM04 1 rendering artefacts or deliberate; thousands more layout
#: violations (LT02 ~5000, LT01, LT12, LT13, LT15) in whitespace no macro line owns. LT07, LT09
#: and LT14 stay on: what they found (a one-line `delete ... where`, two select targets on one
#: line) was the macros' own text, and was fixed.
RENDERING_RULES: tuple[str, ...] = ("LT01", "LT02", "LT04", "LT05", "LT08", "LT12", "LT13", "LT15",
                                    "CV11", "AM04")

#: Rule settings for rendered SQL (none beyond the project's for now).
RULE_SETTINGS: dict[str, str] = {}

#: Rules whose violations in *interpolated* text (a Jinja expression's output, not a macro's
#: literal text) come from dbt's own macros, not ours, and are not blamed on the macro line that
#: interpolates them: CP05 (dbt.type_string() and the other type macros of dbt-duckdb render
#: `TEXT`, `TIMESTAMP`), RF06 (ref(), source() and `this` render quoted names), LT03
#: (dbt.concat ends lines with `||`).
#: The same rules still apply to the macros' literal text.
INTERPOLATED_ARTEFACTS: frozenset[str] = frozenset({"CP05", "RF06", "LT03"})

#: Compiled folders linted (under target/compiled/<project>/); generic tests' compiled files live
#: under models/<yml>/ and are left out (they render tests/generic and dbt's own tests).
LINTED_FOLDERS: tuple[str, ...] = ("models", "analyses", "snapshots", "tests")

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_HOLE = "\x00"


@dataclass(frozen=True)
class SourceLine:
    """One line of a source file as a pattern: its literal text, Jinja parts as wildcards."""

    path: str
    line_no: int
    text: str
    pattern: re.Pattern[str]
    literal_length: int


@dataclass
class MacroViolation:
    """A violation attributed to one line of a macro file (seen in one or more compiled files)."""

    path: str
    line_no: int
    code: str
    description: str
    seen_in: list[str] = field(default_factory=list)

    def format(self) -> str:
        """``macro file:line  rule  message  (in N compiled files, e.g. ...)``."""
        where = f"(in {len(self.seen_in)} compiled file{'s' if len(self.seen_in) != 1 else ''}, " \
                f"e.g. {self.seen_in[0]})"
        return f"{self.path}:{self.line_no}  {self.code}  {self.description}  {where}"


@dataclass
class LintReport:
    """Outcome of linting compiled SQL: macro violations, plus what could not be attributed."""

    macro_violations: list[MacroViolation]
    unmapped: list[str]
    own_violations: int
    files_linted: int
    #: macro lines with literal SQL that no compiled file renders on one line: not rendered (not
    #: linted), or rendered with a multi-line Jinja expression inside (linted, not attributable)
    not_rendered: list[SourceLine]


def source_lines(path: Path, root: Path) -> list[SourceLine]:
    """Patterns for each line of a Jinja SQL file that writes literal SQL text.

    Every Jinja construct (``{{ }}``, ``{% %}``, ``{# #}``, across lines too) becomes a hole that
    matches any text; a line keeps its number. Lines with no literal text are left out, and so are
    the remains of a Jinja string that contains a Jinja call (``"{{ hook() }}"`` in a list)."""
    text = path.read_text(encoding="utf-8")

    def hole(match: re.Match[str]) -> str:
        return _HOLE + "\n" * match.group(0).count("\n")

    holed = _JINJA.sub(hole, text)
    rel = path.relative_to(root).as_posix()
    lines: list[SourceLine] = []
    for number, line in enumerate(holed.split("\n"), start=1):
        chunks = [chunk.strip() for chunk in line.split(_HOLE)]
        literal = [chunk for chunk in chunks if chunk]
        if not literal or any(mark in chunk for chunk in literal for mark in ("{{", "}}", "%}")):
            continue  # no SQL text, or the rest of a Jinja string that holds a Jinja call
        pattern = ".*?".join("(" + re.escape(chunk) + ")" for chunk in literal)
        lines.append(SourceLine(rel, number, line.strip(), re.compile(pattern),
                                sum(len(chunk) for chunk in literal)))
    return lines


def macro_source_lines(project_dir: Path) -> list[SourceLine]:
    """Patterns of every line of every macro file (macros/**/*.sql)."""
    lines: list[SourceLine] = []
    for path in sorted((project_dir / "macros").rglob("*.sql")):
        lines.extend(source_lines(path, project_dir))
    return lines


#: A source line whose literal text is shorter than this (``lead_id``, ``),``, ``select``) is only
#: taken for the writer of a rendered line when it matches the rendered line from its first
#: character or up to its last, and no other candidate line has the same literal text: short text
#: occurs everywhere (a lone ``select`` line of dbt's date_spine was blamed on catalog.sql).
SHORT_LITERAL = 12


def covering_line(rendered: str, position: int, candidates: Iterable[SourceLine],
                  literal_only: bool = True) -> SourceLine | None:
    """The candidate whose literal text covers ``rendered[position]`` (0-based), preferring
    candidates that match the rendered line from its start or to its end, then the one with the
    most literal text (a whole ``select ... from`` over a lone ``,``). With ``literal_only``
    false, a position in one of the candidate's Jinja holes counts too (text the line
    interpolated between two pieces of its own literal text)."""
    candidates = list(candidates)
    same_literal = Counter(candidate.pattern.pattern for candidate in candidates)
    first = len(rendered) - len(rendered.lstrip())
    last = len(rendered.rstrip())
    best: SourceLine | None = None
    best_score = (-1, -1)
    for candidate in candidates:
        groups = range(1, (candidate.pattern.groups or 0) + 1)
        for match in candidate.pattern.finditer(rendered):
            if literal_only:
                covers = any(match.start(g) <= position < match.end(g) for g in groups)
            else:
                covers = len(groups) > 1 and match.start() <= position < match.end()
            if not covers:
                continue
            anchors = (match.start() == first) + (match.end() == last)
            if candidate.literal_length < SHORT_LITERAL and (
                    not anchors or same_literal[candidate.pattern.pattern] > 1):
                continue
            score = (anchors, candidate.literal_length)
            if score > best_score:
                best, best_score = candidate, score
    return best


def rendered_macro_lines(files: Sequence[Path],
                         macros: Sequence[SourceLine]) -> dict[Path, set[SourceLine]]:
    """For each compiled file, the macro lines whose literal text it contains (on one line)."""
    covered: dict[Path, set[SourceLine]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        covered[path] = {line for line in macros if line.pattern.search(text)}
    return covered


#: Compiled files larger than this are skipped when every macro line they render is rendered
#: by a smaller linted file too: the staging base models (20-100 kB) repeat the normalisation
#: macros column after column: linting every file took ~60 s here, without them ~43 s.
LARGE_FILE_BYTES = 20_000


def files_to_lint(covered: dict[Path, set[SourceLine]]) -> list[Path]:
    """Every compiled file, except large ones that add no macro line to the smaller ones
    (:data:`LARGE_FILE_BYTES`); kept in context, so rules that read a whole query (references,
    aliases, unused CTEs) see each macro's output in every small node that renders it."""
    small = [path for path in covered if path.stat().st_size <= LARGE_FILE_BYTES]
    seen: set[SourceLine] = set().union(*(covered[path] for path in small)) if small else set()
    chosen = list(small)
    for path in sorted((p for p in covered if p not in small), key=lambda p: p.stat().st_size):
        if covered[path] - seen:
            chosen.append(path)
            seen |= covered[path]
    return sorted(chosen)


def lint_config(project_dir: Path) -> "FluffConfig":  # noqa: F821 - imported lazily
    """The project's sqlfluff configuration with the raw templater and :data:`RENDERING_RULES`
    excluded on top of the project's own exclude_rules."""
    from sqlfluff.core import FluffConfig

    project = FluffConfig.from_path(str(project_dir), overrides={"templater": "raw"})
    excluded = [rule.strip() for rule in (project.get("exclude_rules") or "").split(",")
                if rule.strip()]
    excluded += [rule for rule in RENDERING_RULES if rule not in excluded]
    config = FluffConfig.from_path(str(project_dir), overrides={
        "templater": "raw", "exclude_rules": ",".join(excluded),
    })
    for key, value in RULE_SETTINGS.items():
        config.set_value(key.split(":"), value)
    return config


def compiled_files(compiled_root: Path) -> list[Path]:
    """The compiled SQL files of nodes (models, analyses, snapshots, singular tests)."""
    files: list[Path] = []
    for folder in LINTED_FOLDERS:
        for path in sorted((compiled_root / folder).rglob("*.sql")):
            if not any(part.endswith((".yml", ".yaml")) for part in path.parts):
                files.append(path)
    return files


def lint_compiled(compiled_root: Path, project_dir: Path,
                  files: Sequence[Path] | None = None, processes: int = 2,
                  every_file: bool = False) -> LintReport:
    """Lint compiled SQL (``target/compiled/<project>``) and attribute violations to macros.

    ``files``: the compiled files to consider (default: every node's); of those, the large ones
    that render no macro line of their own are left out (:func:`files_to_lint`) unless
    ``every_file``."""
    macros = macro_source_lines(project_dir)
    memo: dict[tuple[str, int, bool], SourceLine | None] = {}

    def macro_line(rendered: str, position: int, literal_only: bool = True) -> SourceLine | None:
        # the same rendered line (a normalisation macro's output) recurs hundreds of times
        key = (rendered, position, literal_only)
        if key not in memo:
            memo[key] = covering_line(rendered, position, macros, literal_only)
        return memo[key]

    files = list(files) if files is not None else compiled_files(compiled_root)
    covered = rendered_macro_lines(files, macros)
    rendered_anywhere = set().union(*covered.values()) if covered else set()
    if not every_file:
        files = files_to_lint(covered)
    records = lint_files(files, project_dir, processes)
    found: dict[tuple[str, int, str], MacroViolation] = {}
    unmapped: list[str] = []
    own = 0
    for filepath, violations in records:
        compiled = Path(filepath)
        rel = compiled.relative_to(compiled_root)
        own_file = project_dir / rel
        own_lines = source_lines(own_file, project_dir) if own_file.is_file() else []
        text_lines = compiled.read_text(encoding="utf-8").split("\n")
        for violation in violations:
            line_no, line_pos = violation["start_line_no"], violation["start_line_pos"]
            rendered = text_lines[line_no - 1] if 0 < line_no <= len(text_lines) else ""
            position = line_pos - 1
            mine = covering_line(rendered, position, own_lines)
            theirs = macro_line(rendered, position)
            description = violation["description"]
            if mine is None and theirs is None and violation["code"] not in INTERPOLATED_ARTEFACTS:
                # text a line interpolated: blame the macro line around it, unless the node's
                # own line is the better match
                mine = covering_line(rendered, position, own_lines, literal_only=False)
                theirs = macro_line(rendered, position, literal_only=False)
                description += " (in text the macro line interpolates)"
            if theirs is None or (mine is not None
                                  and mine.literal_length >= theirs.literal_length):
                if mine is not None:
                    own += 1  # the node's own text: the dbt-templated lint covers it
                else:
                    unmapped.append(f"{rel}:{line_no}:{line_pos}  {violation['code']}  "
                                    f"{violation['description']}  | {rendered.strip()[:100]}")
                continue
            key = (theirs.path, theirs.line_no, violation["code"])
            entry = found.setdefault(key, MacroViolation(theirs.path, theirs.line_no,
                                                         violation["code"], description))
            if str(rel) not in entry.seen_in:
                entry.seen_in.append(str(rel))
    ordered = sorted(found.values(), key=lambda v: (v.path, v.line_no, v.code))
    not_rendered = [line for line in macros if line not in rendered_anywhere]
    return LintReport(ordered, unmapped, own, len(files), not_rendered)


def _lint_one(path: str, project_dir: str) -> tuple[str, list[dict[str, Any]]]:
    """Violations of one compiled file (as sqlfluff's records: code, description, position)."""
    from sqlfluff.core import Linter

    linter = Linter(config=_config_for(project_dir))
    linted = linter.lint_string(Path(path).read_text(encoding="utf-8"), fname=path)
    return path, [violation.to_dict() for violation in linted.get_violations()]


_CONFIGS: dict[str, "FluffConfig"] = {}  # noqa: F821 - one per process


def _config_for(project_dir: str) -> "FluffConfig":  # noqa: F821
    if project_dir not in _CONFIGS:
        _CONFIGS[project_dir] = lint_config(Path(project_dir))
    return _CONFIGS[project_dir]


def lint_files(files: Sequence[Path], project_dir: Path,
               processes: int = 2) -> list[tuple[str, list[dict[str, Any]]]]:
    """Lint each file as a string with :func:`lint_config` (the file's own location plays no part:
    the compiled tree is outside the project), on ``processes`` worker processes."""
    jobs = [(str(path), str(project_dir)) for path in files]
    if processes <= 1 or len(jobs) < 2:
        return [_lint_one(*job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=processes) as pool:
        # the largest files first, so that no worker is left with a long one at the end
        jobs.sort(key=lambda job: -Path(job[0]).stat().st_size)
        return list(pool.map(_lint_one, *zip(*jobs)))


#: Macro folder added to the project only for the lint compile (never to a build): dbt's
#: is_incremental() answers true inside the harness analyses named ``incremental*.sql`` under
#: analyses/macro_lint/, so they render the incremental branches of the incremental macros
#: (an analysis is never an incremental model, so is_incremental() is false in it otherwise).
#: Every other node gets dbt's own answer.
LINT_MACROS: dict[str, str] = {
    "is_incremental.sql": (
        "{% macro is_incremental() -%}\n"
        "    {%- if model is defined and model.resource_type == 'analysis'\n"
        "        and model.original_file_path.startswith('analyses/macro_lint/incremental') -%}\n"
        "        {{ return(true) }}\n"
        "    {%- endif -%}\n"
        "    {{ return(dbt.is_incremental()) }}\n"
        "{%- endmacro %}\n"
    ),
}


def lint_project(project_dir: Path, overlay: Path) -> Path:
    """A copy of the project for the lint compile in ``overlay``: a symbolic link to each of the
    project's entries, except dbt_project.yml, which adds the macro folder of :data:`LINT_MACROS`."""
    import yaml

    overlay.mkdir(parents=True, exist_ok=True)
    skip = {"dbt_project.yml", "target", "logs", ".venv", ".git", "dbt_packages"}
    for entry in project_dir.iterdir():
        if entry.name not in skip and not entry.name.endswith((".duckdb", ".wal")):
            (overlay / entry.name).symlink_to(entry)
    config = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    config["macro-paths"] = list(config.get("macro-paths", ["macros"])) + ["_macro_lint"]
    (overlay / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                             encoding="utf-8")
    (overlay / "_macro_lint").mkdir()
    for name, text in LINT_MACROS.items():
        (overlay / "_macro_lint" / name).write_text(text, encoding="utf-8")
    return overlay


def compile_project(project_dir: Path, target_path: Path) -> Path:
    """``dbt compile`` (of :func:`lint_project`) into ``target_path`` against an empty throwaway
    DuckDB there; returns the compiled root (``<target_path>/compiled/<project name>``)."""
    overlay = lint_project(project_dir, target_path / "project")
    env = dict(os.environ, LEADWH_DUCKDB_PATH=str(target_path / "lint.duckdb"),
               DBT_TARGET_PATH=str(target_path / "target"), DBT_PROFILES_DIR=str(overlay),
               DBT_PROJECT_DIR=str(overlay), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               DBT_LOG_PATH=str(target_path / "logs"))
    dbt = Path(sys.executable).with_name("dbt")
    done = subprocess.run([str(dbt) if dbt.exists() else "dbt", "compile", "--quiet"],
                          cwd=overlay, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"dbt compile failed (exit {done.returncode})")
    return target_path / "target" / "compiled" / "leadwh"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``leadwh lint-macros``."""
    parser.add_argument("--project-dir", type=Path, default=Path("."),
                        help="the dbt project (default: the current directory)")
    parser.add_argument("--compiled", type=Path, default=None, metavar="DIR",
                        help="lint this already compiled tree (target/compiled/leadwh) instead of "
                             "running dbt compile into a throwaway directory")
    parser.add_argument("--processes", type=int, default=2,
                        help="sqlfluff processes (default 2)")
    parser.add_argument("--every-file", action="store_true",
                        help="lint every compiled file, the large staging models too (about 1.4 times "
                             "as slow)")
    parser.add_argument("--show-unmapped", action="store_true",
                        help="also list the violations attributed to no macro line (text written "
                             "by dbt's own macros, ref() quoting, ...)")
    parser.add_argument("--show-not-rendered", action="store_true",
                        help="also list the macro lines with SQL text that no compiled file "
                             "renders (not linted), and the lines whose Jinja expression renders "
                             "several lines (a macro's output spread over the line): those are "
                             "linted, but their violations are only listed by --show-unmapped")


def run(args: argparse.Namespace) -> int:
    """``leadwh lint-macros``: compile, lint, print ``macro file:line  rule  message``."""
    started = time.perf_counter()
    project_dir = args.project_dir.resolve()
    with tempfile.TemporaryDirectory(prefix="leadwh-lint-macros-") as tmp:
        compiled_root = args.compiled.resolve() if args.compiled else \
            compile_project(project_dir, Path(tmp))
        compiled_at = time.perf_counter()
        report = lint_compiled(compiled_root, project_dir, processes=args.processes,
                               every_file=args.every_file)
    for violation in report.macro_violations:
        print(violation.format())
    if args.show_unmapped:
        for line in report.unmapped:
            print(f"unmapped: {line}")
    if args.show_not_rendered:
        for source in report.not_rendered:
            print(f"not rendered: {source.path}:{source.line_no}  {source.text}")
    print(f"lint-macros: {len(report.macro_violations)} macro violation(s) in "
          f"{report.files_linted} compiled files ({len(report.unmapped)} not attributed to a "
          f"macro line, {report.own_violations} in the nodes' own text, left to sqlfluff lint); "
          f"{len(report.not_rendered)} macro lines with SQL text rendered nowhere; "
          f"compile {compiled_at - started:.1f} s, lint {time.perf_counter() - compiled_at:.1f} s",
          file=sys.stderr)
    return 1 if report.macro_violations else 0
