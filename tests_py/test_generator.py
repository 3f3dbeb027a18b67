"""Tests of the deterministic sample generator (``leadwh generate``) and the seeds it writes."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from leadwh.cli import main
from leadwh.reference import ACTIVITY_RULES, LEAD_SOURCES, reference_tables

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
WINDOW_START = datetime(2025, 1, 1)
WINDOW_END = datetime(2026, 7, 1)
CYRILLIC = re.compile("[\u0400-\u04ff]")
FOLD = str.maketrans({"\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c"})
TEST_DOMAINS = ("example.com", "test.com", "mailinator.com", "leadwh.example")

Row = dict[str, str]


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
def run_generate(out: Path, *args: str) -> None:
    """Run the CLI in-process."""
    assert main(["generate", "--out", str(out), *args]) == 0


def read(out: Path, table: str) -> list[Row]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(out: Path, table: str) -> list[str]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def documented_columns() -> dict[str, list[str]]:
    """Raw table layouts parsed from the "Raw tables" section of docs/architecture.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Raw tables", 1)[1].split("\n## ", 1)[0]
    layouts: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and "." in cells[0] and cells[1] != "seed":
            layouts[cells[1]] = [c.strip() for c in cells[2].split(",")]
    return layouts


PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "plain": (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), "%Y-%m-%d %H:%M:%S"),
    "zulu": (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), "%Y-%m-%dT%H:%M:%SZ"),
    "offset": (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"),
               "%Y-%m-%dT%H:%M:%S%z"),
    "dmy": (re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$"), "%d.%m.%Y %H:%M"),
    "epoch": (re.compile(r"^\d{9,10}$"), ""),
}


def ts_format(value: str) -> str | None:
    for name, (pattern, _) in PATTERNS.items():
        if pattern.match(value):
            return name
    return None


def parse_ts(value: str) -> datetime | None:
    """Parse any accepted raw timestamp format to naive UTC; None when unparseable."""
    name = ts_format(value)
    if name is None:
        return None
    if name == "epoch":
        return datetime.fromtimestamp(int(value), tz=timezone.utc).replace(tzinfo=None)
    try:
        parsed = datetime.strptime(value, PATTERNS[name][1])
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def loaded(row: Row) -> datetime:
    return datetime.strptime(row["_loaded_at"], "%Y-%m-%d %H:%M:%S")


def norm_email(value: str) -> str:
    return value.strip().lower().translate(FOLD)


def identity(value: str) -> str:
    local, _, domain = norm_email(value).partition("@")
    return local.split("+", 1)[0] + "@" + domain


def is_valid_email(value: str) -> bool:
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.strip()) is not None


def parse_amount(value: str) -> float | None:
    cleaned = value.strip().lstrip("$\u20ac\u00a3").replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def count(rows: Iterable[Row], predicate: Callable[[Row], bool]) -> int:
    return sum(1 for row in rows if predicate(row))


# ------------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def default_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sample (3000 leads, seed 42)."""
    out = tmp_path_factory.mktemp("default")
    run_generate(out)
    return out


@pytest.fixture(scope="module")
def tables(default_sample: Path) -> dict[str, list[Row]]:
    return {name: read(default_sample, name) for name in documented_columns()}


# ------------------------------------------------------------------------------------------
# determinism, layout, scaling
# ------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    run_generate(tmp_path / "a", "--leads", "300", "--seed", "7")
    run_generate(tmp_path / "b", "--leads", "300", "--seed", "7")
    for name in documented_columns():
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def test_different_seed_differs(tmp_path: Path) -> None:
    run_generate(tmp_path / "a", "--leads", "300", "--seed", "7")
    run_generate(tmp_path / "b", "--leads", "300", "--seed", "8")
    for name in documented_columns():
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() != \
            (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def test_columns_match_architecture_doc(tmp_path: Path) -> None:
    layouts = documented_columns()
    assert set(layouts) == {"crm_leads", "marketing_activities", "marketing_campaigns",
                            "marketing_spend", "sales_opportunities", "sales_orders"}
    run_generate(tmp_path, "--leads", "200")
    for name, columns in layouts.items():
        assert header(tmp_path, name) == columns, name
        assert header(ROOT / "seeds" / "raw", name) == columns, name
        for row in read(tmp_path, name):
            assert None not in row and all(v is not None for v in row.values()), name


def test_committed_seeds_are_the_default_sample(default_sample: Path) -> None:
    for name in documented_columns():
        assert (ROOT / "seeds" / "raw" / f"{name}.csv").read_bytes() == \
            (default_sample / f"{name}.csv").read_bytes(), f"{name}: regenerate seeds/raw"


def test_seed_yml_declares_every_column_as_varchar() -> None:
    import yaml

    spec = yaml.safe_load((ROOT / "seeds" / "raw" / "_raw__seeds.yml").read_text())
    seeds = {seed["name"]: seed for seed in spec["seeds"]}
    for name, columns in documented_columns().items():
        seed = seeds[name]
        assert seed["config"]["quote_columns"] is False
        assert seed["config"]["column_types"] == {c: "varchar" for c in columns}
        assert [c["name"] for c in seed["columns"]] == columns
        assert all(c.get("description") for c in seed["columns"])


def test_row_counts_scale_with_leads(tmp_path: Path) -> None:
    run_generate(tmp_path / "small", "--leads", "200")
    run_generate(tmp_path / "big", "--leads", "800")
    for name in ("crm_leads", "marketing_activities"):
        small, big = len(read(tmp_path / "small", name)), len(read(tmp_path / "big", name))
        assert 3.3 < big / small < 4.8, (name, small, big)
    assert len(read(tmp_path / "big", "sales_orders")) > len(read(tmp_path / "small", "sales_orders"))
    leads = {r["lead_id"] for r in read(tmp_path / "big", "crm_leads") if r["lead_id"]}
    assert max(leads) <= "L000800" and len(leads) > 780


def test_clean_mode_has_no_dirt(tmp_path: Path) -> None:
    run_generate(tmp_path, "--leads", "300", "--clean")
    for name in documented_columns():
        rows = [tuple(r.values()) for r in read(tmp_path, name)]
        assert len(rows) == len(set(rows)), f"{name} has exact duplicates"
    leads = read(tmp_path, "crm_leads")
    assert all(is_valid_email(r["email"]) for r in leads)
    assert len({r["lead_id"] for r in leads}) == len(leads)
    assert all(parse_ts(r["created_at"]) <= loaded(r) for r in leads)  # type: ignore[operator]
    assert not any(CYRILLIC.search(r["email"] + r["first_name"]) for r in leads)


def test_reference_seeds_match_module() -> None:
    for name, (head, rows) in reference_tables().items():
        with (ROOT / "seeds" / "reference" / f"{name}.csv").open(encoding="utf-8") as handle:
            content = list(csv.reader(handle))
        assert content == [head, *rows], name
    keys = [r[0] for r in reference_tables()["lead_source_channel_map"][1]]
    assert len(keys) == len(set(keys)) and all(k == k.strip().lower() for k in keys)
    for must in ("google ads", "adwords", "google / cpc", "linkedin ads", "facebook",
                 "linkedin (organic)", "seo", "organic", "newsletter", "webinar", "referral",
                 "partner referral", "sdr outbound", "cold call", "zoominfo list",
                 "purchased list", "direct", "website"):
        assert must in keys


# ------------------------------------------------------------------------------------------
# realism of the default sample
# ------------------------------------------------------------------------------------------
def test_volumes(tables: dict[str, list[Row]]) -> None:
    assert 2900 <= len(tables["crm_leads"]) <= 3600
    assert 20_000 <= len(tables["marketing_activities"]) <= 30_000
    assert 100 <= len(tables["sales_opportunities"]) <= 200
    assert 150 <= len(tables["sales_orders"]) <= 400
    campaigns = {r["campaign_id"] for r in tables["marketing_campaigns"] if r["campaign_id"]}
    assert 20 <= len(campaigns) <= 31


def test_funnel_narrows(tables: dict[str, list[Row]]) -> None:
    stage = {t: s for t, (_, s, _, _) in ACTIVITY_RULES.items()}
    leads = {r["lead_id"] for r in tables["crm_leads"] if r["lead_id"]}
    iql = {a["lead_id"] for a in tables["marketing_activities"]
           if stage.get(a["activity_type"]) == "iql" and a["lead_id"] in leads}
    sql = {a["lead_id"] for a in tables["marketing_activities"]
           if stage.get(a["activity_type"]) == "sql" and a["lead_id"] in leads}
    opp = {o["lead_id"] for o in tables["sales_opportunities"] if o["lead_id"]}
    customers = {o["lead_id"] for o in tables["sales_orders"] if o["lead_id"]}
    n = len(leads)
    assert 0.22 < len(iql) / n < 0.38
    assert 0.05 < len(sql) / n < 0.11
    assert 0.025 < len(opp) / n < 0.06
    assert 0.015 < len(customers) / n < 0.04
    per_customer = Counter(o["lead_id"] for o in tables["sales_orders"]
                           if o["lead_id"] and o["status"].strip().lower() == "paid")
    assert sum(1 for c in per_customer.values() if c >= 5) >= 3  # long tail of repeat orders
    assert customers - opp, "some customers buy without an opportunity"


def test_demo_request_without_earlier_iql(tables: dict[str, list[Row]]) -> None:
    stage = {t: s for t, (_, s, _, _) in ACTIVITY_RULES.items()}
    signals: dict[str, set[str]] = defaultdict(set)
    for a in tables["marketing_activities"]:
        if a["lead_id"]:
            signals[a["lead_id"]].add(stage.get(a["activity_type"], "?"))
    assert sum(1 for s in signals.values() if "sql" in s and "iql" not in s) >= 5


def test_spend_and_campaigns(tables: dict[str, list[Row]]) -> None:
    paid = {"paid_search", "paid_social", "email", "webinar", "outbound", "purchased_list"}
    channels = Counter(r["channel"] for r in tables["marketing_spend"])
    assert paid <= set(channels)
    currencies = Counter(r["currency"].strip().upper() for r in tables["marketing_spend"])
    assert currencies["USD"] > currencies["EUR"] > 0 and currencies["GBP"] > 0
    by_campaign: dict[str, set[str]] = defaultdict(set)
    for r in tables["marketing_campaigns"]:
        if r["campaign_id"]:
            by_campaign[r["campaign_id"]].add(r["channel"].strip().lower())
    assert all(len(c) == 1 for c in by_campaign.values())
    assert any("," in r["campaign_name"] for r in tables["marketing_campaigns"])


def test_dates_inside_window_except_deliberate_future(tables: dict[str, list[Row]]) -> None:
    columns = {"crm_leads": ("created_at", "updated_at"),
               "marketing_activities": ("occurred_at",),
               "sales_opportunities": ("created_at", "closed_at"),
               "sales_orders": ("ordered_at", "refunded_at")}
    outside = 0
    for name, cols in columns.items():
        for row in tables[name]:
            lo = loaded(row)
            assert WINDOW_START <= lo < WINDOW_END, row
            for col in cols:
                ts = parse_ts(row[col])
                if ts is not None and ts <= lo and not WINDOW_START <= ts < WINDOW_END:
                    outside += 1
    assert outside == 0


def test_loaded_at_mostly_within_two_days(tables: dict[str, list[Row]]) -> None:
    lags = [loaded(r) - ts for r in tables["marketing_activities"]
            if (ts := parse_ts(r["occurred_at"])) is not None and ts <= loaded(r)]
    within = sum(1 for lag in lags if lag <= timedelta(days=2))
    late = sum(1 for lag in lags if lag > timedelta(days=3))
    assert within / len(lags) > 0.95 and late >= 10


# ------------------------------------------------------------------------------------------
# every kind of dirt is present
# ------------------------------------------------------------------------------------------
def test_exact_duplicate_rows_in_every_table(tables: dict[str, list[Row]]) -> None:
    for name, rows in tables.items():
        counts = Counter(tuple(r.values()) for r in rows)
        assert any(c > 1 for c in counts.values()), name


def test_same_person_under_several_lead_ids(tables: dict[str, list[Row]]) -> None:
    leads = [r for r in tables["crm_leads"] if r["lead_id"] and is_valid_email(r["email"])]
    by_norm: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_identity: dict[str, set[str]] = defaultdict(set)
    for r in leads:
        by_norm[r["email"].strip().lower()].add((r["lead_id"], r["email"]))
        by_identity[identity(r["email"])].add(r["lead_id"])
    case_or_space = [v for v in by_norm.values()
                     if len({lid for lid, _ in v}) > 1 and len({e for _, e in v}) > 1]
    assert len(case_or_space) >= 10
    assert any(e != e.strip() for v in case_or_space for _, e in v)
    assert any(e != e.lower() for v in case_or_space for _, e in v)
    plus = [r for r in leads if "+" in r["email"].split("@")[0]
            and len(by_identity[identity(r["email"])]) > 1]
    assert len(plus) >= 5


def test_updated_versions_of_the_same_lead(tables: dict[str, list[Row]]) -> None:
    versions: dict[str, list[Row]] = defaultdict(list)
    for r in tables["crm_leads"]:
        if r["lead_id"]:
            versions[r["lead_id"]].append(r)
    updated = 0
    for rows in versions.values():
        distinct = {tuple(r.values()): r for r in rows}.values()
        if len(distinct) > 1:
            first, last = sorted(distinct, key=loaded)[0], sorted(distinct, key=loaded)[-1]
            t0, t1 = parse_ts(first["updated_at"]), parse_ts(last["updated_at"])
            assert t0 is not None and t1 is not None and t1 > t0 and loaded(last) > loaded(first)
            updated += 1
    assert updated >= 20
    for name, key in (("sales_opportunities", "opportunity_id"), ("sales_orders", "order_id"),
                      ("marketing_campaigns", "campaign_id")):
        contents: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for r in tables[name]:
            if r[key]:
                contents[r[key]].add(tuple(r.values()))
        assert sum(1 for c in contents.values() if len(c) > 1) >= 2, name
    spend: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in tables["marketing_spend"]:
        spend[(r["spend_date"], r["channel"], r["campaign_id"])].add(r["amount"])
    assert sum(1 for a in spend.values() if len(a) > 1) >= 20


def test_test_internal_and_invalid_emails(tables: dict[str, list[Row]]) -> None:
    emails = [r["email"] for r in tables["crm_leads"]]
    for domain in TEST_DOMAINS:
        assert sum(1 for e in emails if e.strip().lower().endswith("@" + domain)) >= 3, domain
    assert count(tables["crm_leads"], lambda r: r["email"] != "" and "@" not in r["email"]) >= 3
    assert sum(1 for e in emails if "@@" in e) >= 3
    assert sum(1 for e in emails if " " in e.strip()) >= 3
    assert sum(1 for e in emails if e == "") >= 3


def test_phone_formats_always_carry_the_calling_code(tables: dict[str, list[Row]]) -> None:
    codes = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "NL": "31", "CH": "41",
             "SE": "46", "AU": "61"}
    phones = [(r["phone"], r["country"]) for r in tables["crm_leads"] if r["phone"]]
    shapes = {
        "paren": r"^\+\d{1,3} \(\d{3}\) \d{3}-\d{4}$",
        "00dash": r"^00\d{1,3}-\d{3}-\d{3}-\d{4}$",
        "dots": r"^\d{1,3}\.\d{3}\.\d{3}\.\d{4}$",
        "plus_spaces": r"^\+\d{1,3} \d{3} \d{3} \d{4}$",
        "00spaces": r"^00\d{1,3} \d{3} \d{3} \d{4}$",
        "e164": r"^\+\d{10,13}$",
    }
    for name, shape in shapes.items():
        assert sum(1 for p, _ in phones if re.match(shape, p)) >= 10, name
    garbage = {p for p, _ in phones if len(re.sub(r"\D", "", p)) < 7}
    assert {"n/a", "12"} <= garbage
    for phone, country in phones:
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 7:
            digits = digits[2:] if digits.startswith("00") else digits
            assert digits.startswith(codes[country]), (phone, country)


def test_timestamp_formats_invalid_and_future(tables: dict[str, list[Row]]) -> None:
    for name, col in (("crm_leads", "created_at"), ("marketing_activities", "occurred_at"),
                      ("sales_orders", "ordered_at")):
        rows = tables[name]
        formats = Counter(ts_format(r[col]) for r in rows)
        for fmt in PATTERNS:
            assert formats[fmt] >= 3, (name, fmt)
        future = count(rows, lambda r: (t := parse_ts(r[col])) is not None and t > loaded(r))
        assert future >= 1, name
    raw = Counter(r["created_at"] for r in tables["crm_leads"])
    acts = Counter(r["occurred_at"] for r in tables["marketing_activities"])
    assert (raw + acts)["not a date"] >= 2 and (raw + acts)["2025-02-30 10:00:00"] >= 2
    assert count(tables["crm_leads"], lambda r: r["created_at"] != ""
                 and parse_ts(r["created_at"]) is None) >= 3
    assert count(tables["crm_leads"], lambda r: (t := parse_ts(r["created_at"])) is not None
                 and t > loaded(r)) >= 5


def test_activity_dirt(tables: dict[str, list[Row]]) -> None:
    leads = tables["crm_leads"]
    lead_ids = {r["lead_id"] for r in leads if r["lead_id"]}
    identities = {identity(r["email"]) for r in leads if is_valid_email(r["email"])}
    acts = tables["marketing_activities"]
    assert count(acts, lambda a: a["lead_id"] != "" and a["lead_id"] not in lead_ids) >= 5
    email_only = [a for a in acts if not a["lead_id"] and a["email"]]
    matched = sum(1 for a in email_only if identity(a["email"]) in identities)
    assert matched >= 100 and len(email_only) - matched >= 20 and matched > len(email_only) / 2
    unknown = {a["activity_type"] for a in acts} - set(ACTIVITY_RULES)
    assert unknown and count(acts, lambda a: a["activity_type"] in unknown) >= 5
    assert count(acts, lambda a: a["activity_id"] == "") >= 3


def test_order_dirt(tables: dict[str, list[Row]]) -> None:
    orders = tables["sales_orders"]
    currencies = Counter(o["currency"].strip().upper() for o in orders)
    assert {"USD", "EUR", "GBP"} <= set(currencies) and currencies["XYZ"] + currencies[""] >= 1
    assert len({c for c in currencies if c}) >= 5
    refunded = [o for o in orders if o["status"].strip().lower() == "refunded"]
    full = [o for o in refunded if o["refunded_amount"] == o["amount"].strip()]
    partial = [o for o in refunded if (a := parse_amount(o["amount"])) is not None
               and 0 < float(o["refunded_amount"]) < a]
    assert len(full) >= 2 and len(partial) >= 2 and all(o["refunded_at"] for o in refunded)
    assert count(orders, lambda o: o["status"].strip().lower() == "cancelled") >= 3
    assert count(orders, lambda o: not o["lead_id"] and o["email"]) >= 3
    assert count(orders, lambda o: o["order_id"] == "") >= 1
    amounts = [o["amount"] for o in orders] + [o["amount"] for o in tables["sales_opportunities"]]
    amounts += [s["amount"] for s in tables["marketing_spend"]]
    assert any(a in ("n/a", "abc") for a in amounts)
    assert any(a.startswith("-") for a in amounts)
    assert any(re.fullmatch(r"\d{1,3},\d{3}\.\d{2}", a) for a in amounts)
    for symbol in ("$", "\u20ac", "\u00a3"):
        assert any(a.startswith(symbol) for a in amounts), symbol
    assert any(a != a.strip() for a in amounts)


def test_lead_dirt(tables: dict[str, list[Row]]) -> None:
    leads = tables["crm_leads"]
    keys = {k for keys in LEAD_SOURCES.values() for k in keys}
    unmapped = [r for r in leads if r["lead_source"].strip().lower() not in keys]
    assert len({r["lead_source"] for r in unmapped}) >= 3 and len(unmapped) >= 20
    assert any(r["lead_source"] != r["lead_source"].strip().lower() for r in leads)
    deleted = {r["is_deleted"] for r in leads}
    assert {"true", "TRUE", "1", "yes"} <= deleted
    assert count(leads, lambda r: r["lead_id"] == "") >= 3
    statuses = {r["status"].strip().lower() for r in leads}
    assert statuses == {"open", "working", "nurturing", "unqualified", "converted"}


def test_cyrillic_lookalikes(tables: dict[str, list[Row]]) -> None:
    leads = tables["crm_leads"]
    cyr_names = [r for r in leads if CYRILLIC.search(r["first_name"] + r["last_name"])]
    cyr_emails = [r for r in leads if CYRILLIC.search(r["email"])]
    assert len(cyr_names) >= 5 and len(cyr_emails) >= 5
    latin = {identity(r["email"]) for r in leads if not CYRILLIC.search(r["email"])}
    assert sum(1 for r in cyr_emails if identity(r["email"]) in latin) >= 3
    assert all(CYRILLIC.sub("", r["email"]).isascii() for r in cyr_emails)


def test_rows_without_any_reference(tables: dict[str, list[Row]]) -> None:
    acts = tables["marketing_activities"]
    assert count(acts, lambda a: not a["lead_id"] and not is_valid_email(a["email"])) >= 2
    orders = tables["sales_orders"]
    assert count(orders, lambda o: not o["lead_id"] and not o["email"]) >= 1
    assert count(orders, lambda o: o["status"].strip().lower()
                 not in {"paid", "refunded", "cancelled"}) >= 1
    versions: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for a in acts:
        if a["activity_id"]:
            versions[a["activity_id"]].add(tuple(a.values()))
    assert sum(1 for v in versions.values() if len(v) > 1) >= 5
