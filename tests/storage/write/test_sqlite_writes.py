"""SQLite's page writes go to the driver directly; errors and values must look as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError, StatementError

from pipelines import Item
from storage import FetchState, load_fetch_state, open_database, write_page
from storage.write.sqlite import SqliteWrites

NOW = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
MakeItem = Callable[..., Item]


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Engine:
    return open_database(sqlite_url)


def test_driver_error_is_sqlalchemys(sqlite_engine: Engine, make_item: MakeItem) -> None:
    """A failing statement raises SQLAlchemy's OperationalError, naming the SQL, as before."""
    with sqlite_engine.begin() as conn:
        conn.execute(text("DROP TABLE fetch_state"))
    state = FetchState("https://acme.test/news/", None, None, "h", 200, NOW)
    with pytest.raises(OperationalError, match="no such table: fetch_state") as info:
        write_page(sqlite_engine, source="acme", items=[make_item("a")], now=NOW, fetch_state=state)
    assert "INSERT INTO fetch_state" in str(info.value)


def test_naive_datetime_fails_the_whole_page(sqlite_engine: Engine, make_item: MakeItem) -> None:
    naive = replace(make_item("b"), published_at=datetime(2025, 1, 1))  # no tzinfo
    with pytest.raises(StatementError, match="naive datetime"):
        write_page(sqlite_engine, source="acme", items=[make_item("a"), naive], now=NOW)
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM items")).scalar_one() == 0


def test_fetch_state_round_trip_is_aware_utc(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    state = FetchState("https://acme.test/news/", '"v1"', "Fri, 14 Mar 2025", "h1", 200, NOW)
    write_page(engine, source="acme", items=[], now=NOW, fetch_state=state)
    assert load_fetch_state(create_engine(sqlite_url), state.url) == state
    assert load_fetch_state(engine, "https://acme.test/other/") is None


@pytest.mark.parametrize("stored_first", [0, 1, 3], ids=["none-stored", "one-stored", "all"])
def test_insert_reports_exactly_the_rows_it_created(
    sqlite_engine: Engine, make_item: MakeItem, stored_first: int
) -> None:
    """Asked to insert URLs some of which exist (a caller whose read missed them), the insert
    names only the rows it created, found by their consecutive rowids."""
    items = [make_item(slug) for slug in ("a", "b", "c")]
    write_page(sqlite_engine, source="acme", items=[make_item("z")], now=NOW)  # rowids > 1
    write_page(sqlite_engine, source="acme", items=items[:stored_first], now=NOW)
    with sqlite_engine.begin() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        created = SqliteWrites(driver).insert_new(items, source="globex", now=NOW)
    assert created == {item.url for item in items[stored_first:]}
    with sqlite_engine.connect() as conn:
        owners = dict(conn.execute(text("SELECT url, source FROM items")).all())
    assert [owners[item.url] for item in items] == ["acme"] * stored_first + ["globex"] * (
        3 - stored_first
    )
