"""The marketer report and the dbt docs, opened from their files in headless Chromium.

Chromium is Debian's package, installed when missing by scripts/chromium_for_tests.sh (needs
root, as in CI; the same way scripts/pg_test_cluster.sh installs PostgreSQL) and driven by
playwright through its executable_path (no browser download). The module is skipped only when
LEADWH_SKIP_BROWSER=1 is set explicitly; a machine where Chromium cannot be installed or started
fails these tests. Screenshots land in target/screenshots/ of the project.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dbt_runner import PROJECT_DIR, run_dbt
from leadwh import report
from leadwh.validate import validate

pytestmark = pytest.mark.skipif(
    os.environ.get("LEADWH_SKIP_BROWSER") == "1",
    reason="LEADWH_SKIP_BROWSER=1: browser tests disabled explicitly",
)

SCREENSHOTS = PROJECT_DIR / "target" / "screenshots"
GLOSSARY = PROJECT_DIR / "models" / "docs" / "glossary.md"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# The report's sections as a marketer reads them (written here, not read from leadwh.report).
REPORT_TITLES = {
    "funnel": "How many leads reach each stage of the funnel",
    "conversion": "Which channels turn new leads into MQLs and customers, month by month",
    "costs": "What a lead and a new customer cost in each channel",
    "value": "What a customer's first purchase and total purchases are worth, by channel",
    "ltv": "How customer value grows after the first purchase (LTV curves)",
    "rejected": "Rows kept out of the numbers, and why",
}

# dbt-docs' own page (not this project) has <img src="{{ getIcon(...) }}"> and a favicon
# `${require(...)}` that the browser requests before Angular renders them: local file URLs
# that Chromium refuses to load from a file:// page ("Unsafe attempt to load URL"). Nothing
# leaves the machine; these are the only console errors tolerated, on the docs page only.
DBT_DOCS_TEMPLATE_URL = re.compile(r"file://\S*(%7B%7B|\$%7Brequire)")


@dataclass
class Visit:
    """What the browser saw while a page was open."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


def _watch(page: Any) -> Visit:
    visit = Visit()
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("console", lambda m: visit.errors.append(f"{m.text} at {m.location.get('url', '')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: visit.errors.append(f"request failed: {r.url}"))
    return visit


@pytest.fixture(scope="module")
def chromium_path() -> str:
    proc = subprocess.run(["bash", str(PROJECT_DIR / "scripts" / "chromium_for_tests.sh")],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"Chromium could not be installed or found:\n{proc.stderr[-2000:]}")
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make build` ships, from the session's sample warehouse: the static dbt docs
    (one `docs generate --static`), the validation results and the report beside them."""
    workdir = tmp_path_factory.mktemp("browser")
    run_dbt(["docs", "generate", "--static"], workdir, sample_db)
    target = workdir / "target"
    results = validate(sample_db, workdir / "gx").results_path
    report.write_report(sample_db, target / "report" / "index.html", GLOSSARY, results)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return target


def test_report_renders_every_chart_offline(browser: Any, site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    visit = _watch(page)
    page.goto((site / "report" / "index.html").as_uri(), wait_until="load")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=len(REPORT_TITLES), timeout=30_000,
    )
    for key, title in REPORT_TITLES.items():
        section = page.locator(f"section#{key}")
        assert section.locator("h2").inner_text() == title
        chart = section.locator(f"#chart-{key}")
        box = chart.locator(".main-svg").first.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200, key
        # drawn marks: plotly puts every trace in a g.trace with paths (bars, lines, funnel)
        marks = chart.locator("g.trace path").count()
        assert marks > 0, f"{key}: no drawn trace"
    # the definition is one click away: the funnel's "What do these words mean?" opens the MQL one
    funnel = page.locator("section#funnel")
    mql = funnel.locator("dd", has_text="accumulated score")
    assert not mql.is_visible()
    funnel.locator("summary").click()
    assert mql.is_visible()
    # the glossary section lists every doc block of the glossary
    for term in report.read_glossary(GLOSSARY):
        assert page.locator(f"#term-{term.name}").inner_text().strip() == term.title
    assert "Great Expectations checked" in page.locator("section#rejected").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    assert visit.outside() == []
    assert visit.errors == []
    page.close()


def test_docs_open_offline_with_the_glossary_one_click_from_the_first_page(
    browser: Any, site: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    visit = _watch(page)
    page.goto((site / "static_index.html").as_uri(), wait_until="load")
    link = page.get_by_role("link", name="the glossary").first
    link.wait_for(timeout=30_000)
    assert page.url.endswith("#!/overview")
    box = link.bounding_box()
    assert box is not None and box["y"] < 900, "the glossary link is not on the first screen"
    page.screenshot(path=str(SCREENSHOTS / "docs_overview.png"))
    link.click()
    page.get_by_role("heading", name="Glossary", exact=True).first.wait_for(timeout=15_000)
    text = page.locator("body").inner_text()
    missing = [t.title for t in report.read_glossary(GLOSSARY) if t.title not in text]
    assert missing == [], "doc blocks missing from the glossary page (analyses/_analyses__glossary.yml)"
    page.screenshot(path=str(SCREENSHOTS / "docs_glossary.png"), full_page=True)
    assert visit.outside() == []
    unexpected = [e for e in visit.errors if not DBT_DOCS_TEMPLATE_URL.search(e)]
    assert unexpected == []
    page.close()


def test_exposures_point_at_sections_of_the_report(site: Path) -> None:
    # the urls are relative to the docs page in target/: each must be a section of the report
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    page = (site / "report" / "index.html").read_text(encoding="utf-8")
    urls = {e["name"]: e["url"] for e in manifest["exposures"].values()}
    assert len(urls) >= 3
    for name, url in urls.items():
        path, _, anchor = url.partition("#")
        assert (site / path).is_file(), f"{name}: {url}"
        assert f'<section id="{anchor}"' in page, f"{name}: {url}"
