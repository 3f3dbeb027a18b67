"""``leadwh generate --append-days``: new rows get new ids, also past the ids' padding width.

At tier L there are more than 9,999,999 activities and 999,999 leads, so ids have more digits
than the generator's zero-padding width (A + 7, L + 6, ORD + 5). The appended rows must still
get ids no existing row has (apart from replays, which are exact copies of existing rows): a
truncated id would turn a new activity into a new *version* of an old one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from leadwh.generate import GeneratorConfig, generate
from leadwh.warehouse import append_days, write_duckdb

#: (table, id column, prefix, width of the generator's padding)
ID_COLUMNS = (("marketing_activities", "activity_id", "A", 7),
              ("crm_leads", "lead_id", "L", 6),
              ("sales_orders", "order_id", "ORD", 5))


@pytest.fixture(scope="module")
def appended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small generated raw data whose ids are pushed past the padding width, then 2 days."""
    db = tmp_path_factory.mktemp("append") / "warehouse.duckdb"
    write_duckdb(generate(GeneratorConfig(n_leads=800, seed=5)), db)
    with duckdb.connect(str(db)) as con:
        for table, column, prefix, width in ID_COLUMNS:
            # the number + 10^width: one digit more than the padding holds (lead ids also in
            # the tables that reference them, so the data stays consistent)
            offset = 10 ** width
            for referencing, ref_column in ((table, column),) + (
                    (("marketing_activities", "lead_id"), ("sales_orders", "lead_id"),
                     ("sales_opportunities", "lead_id")) if column == "lead_id" else ()):
                con.execute(f"""
                    update raw.{referencing}
                    set {ref_column} = '{prefix}' || cast(
                        cast(substr(trim({ref_column}), {len(prefix) + 1}) as bigint) + {offset}
                        as varchar)
                    where regexp_full_match(trim({ref_column}), '{prefix}[0-9]+')
                """)
        for table, *_ in ID_COLUMNS:
            con.execute(f"create table before_{table} as select * from raw.{table}")
    added = append_days(db, 2, seed=3)
    assert added["marketing_activities"] > 0 and added["crm_leads"] > 0
    assert added["sales_orders"] > 0
    return db


@pytest.mark.parametrize(("table", "column", "prefix", "width"), ID_COLUMNS)
def test_appended_rows_get_new_ids(appended: Path, table: str, column: str, prefix: str,
                                   width: int) -> None:
    with duckdb.connect(str(appended), read_only=True) as con:
        con.execute(f"create temp table added as select * from raw.{table} "
                    f"except all select * from before_{table}")
        n_added = con.execute("select count(*) from added").fetchone()[0]
        # an appended row that reuses an existing id and is not an exact copy (a replay); rows
        # without an id (dirt) are not ids
        reused = con.execute(f"""
            select count(*) from (
                select * from added
                where
                    trim({column}) like '{prefix}%'
                    and trim({column}) in (select trim({column}) from before_{table})
                except all
                select * from before_{table}
            )
        """).fetchone()[0]
        # ids no existing row has are the next numbers after the largest existing one (a
        # truncated id is a smaller number, and at L one that already exists)
        number = f"cast(substr(trim({column}), {len(prefix) + 1}) as bigint)"
        n_new, below = con.execute(f"""
            select count(*), count(*) filter (
                where {number} <= (select max({number}) from before_{table}
                                   where regexp_full_match(trim({column}), '{prefix}[0-9]+'))
            )
            from added
            where
                regexp_full_match(trim({column}), '{prefix}[0-9]+')
                and trim({column}) not in (select trim({column}) from before_{table}
                                           where {column} is not null)
        """).fetchone()
    assert n_added > 0
    assert reused == 0
    assert n_new > 0
    assert below == 0
