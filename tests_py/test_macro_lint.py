"""`leadwh lint-macros` (leadwh/macro_lint.py) can fail: a style violation written by a macro is
reported with that macro's file and line, and the command exits 1.

One real `dbt compile` (~12 s) of a temporary copy of the project in which one macro writes an
upper-case `SELECT`; only the compiled files that render it are linted. The other tests lint
hand-written "compiled" SQL against a hand-written macro, without dbt (fractions of a second)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from leadwh import macro_lint

PROJECT = Path(__file__).resolve().parents[1]
COPIED = ["dbt_project.yml", "profiles.yml", "selectors.yml", ".sqlfluff", "models", "macros",
          "analyses", "tests", "seeds", "snapshots"]


def _small_project(tmp_path: Path, macro: str) -> Path:
    """A project folder with the real .sqlfluff and one macro file, macros/demo.sql."""
    project = tmp_path / "project"
    (project / "macros").mkdir(parents=True)
    shutil.copy(PROJECT / ".sqlfluff", project / ".sqlfluff")
    (project / "macros" / "demo.sql").write_text(macro, encoding="utf-8")
    return project


def _compiled(tmp_path: Path, sql: str) -> Path:
    """A compiled tree with one model, models/demo_model.sql."""
    root = tmp_path / "compiled" / "leadwh"
    (root / "models").mkdir(parents=True)
    (root / "models" / "demo_model.sql").write_text(sql, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def compiled_with_bad_macro(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project copy, compiled root): temperature_signal_activity_types writes `SELECT`."""
    base = tmp_path_factory.mktemp("macro_lint")
    project = base / "project"
    project.mkdir()
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    macro = project / "macros" / "incremental" / "lead_signal_days.sql"
    text = macro.read_text(encoding="utf-8")
    assert "    select signal_rules.activity_type\n" in text
    macro.write_text(text.replace("    select signal_rules.activity_type\n",
                                  "    SELECT signal_rules.activity_type\n"), encoding="utf-8")
    return project, macro_lint.compile_project(project, base / "lint")


def test_upper_case_keyword_in_a_macro_is_reported_with_its_file(
        compiled_with_bad_macro: tuple[Path, Path]) -> None:
    project, compiled_root = compiled_with_bad_macro
    # the macro runs only in an incremental model's pre-hook: the harness analysis renders it
    files = [path for path in macro_lint.compiled_files(compiled_root)
             if "SELECT signal_rules.activity_type" in path.read_text(encoding="utf-8")]
    assert any("macro_lint" in path.parts for path in files)
    report = macro_lint.lint_compiled(compiled_root, project, files=files, processes=1)
    found = [(v.path, v.code) for v in report.macro_violations]
    assert ("macros/incremental/lead_signal_days.sql", "CP01") in found, found
    line = next(v for v in report.macro_violations if v.code == "CP01")
    source = (project / line.path).read_text(encoding="utf-8").splitlines()[line.line_no - 1]
    assert "SELECT signal_rules.activity_type" in source
    assert "lead_signal_days.sql:" in line.format()


def test_implicit_alias_in_a_macro_fails_the_command(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    project = _small_project(tmp_path, (
        "{% macro lead_ages(relation) -%}\n"
        "    select\n"
        "        leads.lead_id,\n"
        "        date_diff('day', leads.created_at, {{ relation }}.as_of) lead_age_days\n"
        "    from leads\n"
        "{%- endmacro %}\n"
    ))
    compiled = _compiled(tmp_path, (
        "with leads as (\n\n    select 1 as lead_id, current_date as created_at\n\n),\n\n"
        "as_of_dates as (\n\n    select current_date as as_of\n\n),\n\n"
        "ages as (\n\n"
        "    select\n"
        "        leads.lead_id,\n"
        "        date_diff('day', leads.created_at, as_of_dates.as_of) lead_age_days\n"
        "    from leads\n"
        "    cross join as_of_dates\n\n)\n\n"
        "select * from ages\n"
    ))
    args = argparse.Namespace(project_dir=project, compiled=compiled, processes=1,
                              every_file=True, show_unmapped=False, show_not_rendered=False)
    assert macro_lint.run(args) == 1
    out = capsys.readouterr().out
    assert "macros/demo.sql:4  AL02" in out, out


def test_model_text_and_clean_macros_pass(tmp_path: Path) -> None:
    """A violation in the node's own text is the dbt-templated lint's, not a macro's; text a dbt
    macro interpolates (an upper-case type name) is not blamed on the macro line around it."""
    project = _small_project(tmp_path, (
        "{% macro as_text(column) -%}\n"
        "    cast({{ column }} as {{ dbt.type_string() }})\n"
        "{%- endmacro %}\n"
    ))
    (project / "models").mkdir()
    (project / "models" / "demo_model.sql").write_text(
        "SELECT {{ as_text('lead_id') }} as lead_key\nfrom leads\n", encoding="utf-8")
    compiled = _compiled(tmp_path, "SELECT cast(lead_id as TEXT) as lead_key\nfrom leads\n")
    report = macro_lint.lint_compiled(compiled, project, processes=1)
    assert report.macro_violations == []
    assert report.own_violations >= 1  # the model's own SELECT
    assert any("CP05" in line for line in report.unmapped)  # dbt's TEXT


def test_source_lines_treat_jinja_as_holes(tmp_path: Path) -> None:
    macro = tmp_path / "macros" / "demo.sql"
    macro.parent.mkdir()
    macro.write_text("{#- a comment\n over two lines -#}\n{% macro m(x) -%}\n"
                     "    coalesce({{ x }}, 0) as {{ x }}_or_zero\n{%- endmacro %}\n",
                     encoding="utf-8")
    lines = macro_lint.source_lines(macro, tmp_path)
    assert [(line.line_no, line.text) for line in lines] == \
        [(4, "coalesce(\x00, 0) as \x00_or_zero")]
    rendered = "    coalesce(amount, 0) as amount_or_zero,"
    assert macro_lint.covering_line(rendered, rendered.index("as "), lines) == lines[0]
    assert macro_lint.covering_line(rendered, rendered.index("amount"), lines) is None
