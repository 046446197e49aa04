"""write_page: how each item of a page is classified and stored, in one transaction."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, Row, event, select
from sqlalchemy.exc import StatementError

import storage.write.writer
from pipelines import Item
from storage import (
    FetchState,
    ItemFilter,
    WriteCounts,
    count_items,
    load_fetch_state,
    make_engine,
    query_items,
    upgrade,
    write_page,
)
from storage.models import items_table

NOW = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
DAY = timedelta(days=1)
MakeItem = Callable[..., Item]  # the make_item fixture (conftest.py)


def _row(engine: Engine, url: str) -> Row[Any]:
    with engine.connect() as conn:
        return conn.execute(select(items_table).where(items_table.c.url == url)).one()


def test_first_sight_is_new(engine: Engine, make_item: MakeItem) -> None:
    items = [make_item("a"), make_item("b")]
    counts = write_page(engine, source="acme", items=items, now=NOW)
    assert counts == WriteCounts(new=2, updated=0, unchanged=0, duplicate=0)
    assert count_items(engine) == 2


CASES = {
    "same-content-is-unchanged": ({}, "acme", WriteCounts(0, 0, 1, 0)),
    "new-title-is-updated": ({"title": "Story a, corrected"}, "acme", WriteCounts(0, 1, 0, 0)),
    "new-category-is-updated": ({"category": "Trade"}, "acme", WriteCounts(0, 1, 0, 0)),
    "other-source-is-duplicate": ({}, "globex", WriteCounts(0, 0, 0, 1)),
    "other-source-changed-is-duplicate": ({"title": "Other"}, "globex", WriteCounts(0, 0, 0, 1)),
}


@pytest.mark.parametrize(("change", "source", "want"), CASES.values(), ids=CASES)
def test_second_sight_is_classified(
    engine: Engine, make_item: MakeItem, change: dict[str, str], source: str, want: WriteCounts
) -> None:
    write_page(engine, source="acme", items=[make_item("a")], now=NOW)
    again = make_item("a", source=source, **change)
    assert write_page(engine, source=source, items=[again], now=LATER) == want
    assert count_items(engine) == 1


def test_update_rewrites_content_and_keeps_first_seen(engine: Engine, make_item: MakeItem) -> None:
    published = datetime(2025, 3, 13, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    write_page(engine, source="acme", items=[make_item("a")], now=NOW)
    changed = make_item(
        "a",
        title="Story a, corrected",
        summary=None,
        published="2025-03-13T08:00:00-05:00",
        published_at=published,
        published_raw="March 13, 8 AM",
        category="Trade",
    )
    write_page(engine, source="acme", items=[changed], now=LATER)
    row = _row(engine, changed.url)
    assert (row.title, row.summary, row.category) == ("Story a, corrected", None, "Trade")
    assert (row.published, row.published_raw) == ("2025-03-13T08:00:00-05:00", "March 13, 8 AM")
    assert row.published_at == published
    assert row.published_at.tzinfo is UTC
    assert row.content_hash == changed.content_hash
    assert (row.first_seen, row.last_seen) == (NOW, LATER)


def test_same_url_from_two_sources_is_one_row(engine: Engine, make_item: MakeItem) -> None:
    first = make_item("a")
    write_page(engine, source="acme", items=[first], now=NOW)
    copy = make_item("a", source="globex", title="Syndicated copy")
    write_page(engine, source="globex", items=[copy], now=LATER)
    assert count_items(engine) == 1
    assert count_items(engine, source="globex") == 0
    row = _row(engine, first.url)
    assert (row.source, row.title, row.last_seen) == ("acme", first.title, LATER)


def test_every_sighting_bumps_last_seen(engine: Engine, make_item: MakeItem) -> None:
    items = [make_item("same"), make_item("changes"), make_item("dup", source="globex")]
    write_page(engine, source="acme", items=items[:2], now=NOW)
    write_page(engine, source="globex", items=items[2:], now=NOW)
    again = [items[0], replace(make_item("changes", title="New"), source="acme"), items[2]]
    counts = write_page(engine, source="acme", items=again, now=LATER)
    assert counts == WriteCounts(new=0, updated=1, unchanged=1, duplicate=1)
    for item in items:
        row = _row(engine, item.url)
        assert (row.first_seen, row.last_seen) == (NOW, LATER)


def test_repeated_url_in_a_page_is_stored_once(engine: Engine, make_item: MakeItem) -> None:
    first, repeat = make_item("a"), make_item("a", title="Second card, same link")
    counts = write_page(engine, source="acme", items=[first, repeat, make_item("b")], now=NOW)
    assert counts == WriteCounts(new=2, updated=0, unchanged=0, duplicate=0)
    assert _row(engine, first.url).title == first.title


def test_source_argument_decides_the_owner(engine: Engine, make_item: MakeItem) -> None:
    write_page(engine, source="globex", items=[make_item("a")], now=NOW)
    assert _row(engine, make_item("a").url).source == "globex"


def test_pages_larger_than_a_chunk(engine: Engine, make_item: MakeItem) -> None:
    """1234 items: three INSERT chunks of 500, and the same on the way back."""
    assert storage.write.writer.CHUNK_ROWS < 1234
    items = [make_item(f"n{i:04d}") for i in range(1234)]
    assert write_page(engine, source="acme", items=items, now=NOW) == WriteCounts(1234, 0, 0, 0)
    changed = [
        replace(i, title=i.title + "!", content_hash="x") if n % 3 else i
        for n, i in enumerate(items)
    ]
    counts = write_page(engine, source="acme", items=changed, now=LATER)
    assert counts == WriteCounts(new=0, updated=822, unchanged=412, duplicate=0)
    assert count_items(engine) == 1234
    assert _row(engine, items[-1].url).last_seen == LATER


def test_page_is_one_transaction(engine: Engine, make_item: MakeItem) -> None:
    """A bad value late in a page rolls back the whole page and its fetch state."""
    items = [make_item(f"n{i:03d}") for i in range(700)]
    items[650] = replace(items[650], published_at=datetime(2025, 3, 1, 12, 0))  # naive
    state = FetchState("https://acme.test/news/", '"v1"', None, "h1", 200, NOW)
    with pytest.raises(StatementError, match="naive datetime"):
        write_page(engine, source="acme", items=items, now=NOW, fetch_state=state)
    assert count_items(engine) == 0
    assert load_fetch_state(engine, state.url) is None


def test_a_row_inserted_by_a_racing_writer_is_not_new(
    engine: Engine, make_item: MakeItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between our read and our INSERT another writer stores the URL: ON CONFLICT decides."""
    write_page(engine, source="acme", items=[make_item("a")], now=NOW)
    real = storage.write.writer._stored
    calls: list[list[str]] = []

    def first_read_misses(conn: Connection, urls: list[str]) -> dict[str, tuple[str, str]]:
        calls.append(urls)
        return {} if len(calls) == 1 else real(conn, urls)

    monkeypatch.setattr(storage.write.writer, "_stored", first_read_misses)
    counts = write_page(engine, source="acme", items=[make_item("a"), make_item("b")], now=LATER)
    assert counts == WriteCounts(new=1, updated=0, unchanged=1, duplicate=0)
    assert calls[1] == [make_item("a").url]


def _write_at_once(engine: Engine, pages: list[tuple[str, list[Item]]]) -> list[WriteCounts]:
    """Start one writer thread per (source, page) together; re-raise what any of them raised."""
    results: list[WriteCounts] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(pages))

    def write(source: str, page: list[Item]) -> None:
        barrier.wait()
        try:
            results.append(write_page(engine, source=source, items=page, now=NOW))
        except BaseException as exc:  # re-raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=page) for page in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_concurrent_writers_never_deadlock_or_double_count(
    engine: Engine, make_item: MakeItem
) -> None:
    """Four writers, two sources, the same URLs in four orders, three rounds: each URL is new
    exactly once, and the lock order keeps PostgreSQL from aborting anyone as a deadlock."""
    for round_ in range(3):
        items = [make_item(f"r{round_}-{i:03d}") for i in range(200)]
        pages = [
            ("acme", items),
            ("acme", items[::-1]),
            ("globex", items[70:] + items[:70]),
            ("globex", items[::2] + items[1::2]),
        ]
        results = _write_at_once(engine, pages)
        assert sum(r.new for r in results) == 200
        assert all(r.new + r.updated + r.unchanged + r.duplicate == 200 for r in results)
    assert count_items(engine) == 600


def test_fetch_state_round_trip_and_overwrite(engine: Engine) -> None:
    url = "https://acme.test/news/?page=2"
    assert load_fetch_state(engine, url) is None
    first = FetchState(url, '"abc"', "Fri, 14 Mar 2025 09:00:00 GMT", "h1", 200, NOW)
    write_page(engine, source="acme", items=[], now=NOW, fetch_state=first)
    assert load_fetch_state(engine, url) == first
    second = FetchState(url, None, None, None, 304, LATER)
    write_page(engine, source="acme", items=[], now=LATER, fetch_state=second)
    assert load_fetch_state(engine, url) == second


def test_items_and_fetch_state_commit_together(engine: Engine, make_item: MakeItem) -> None:
    state = FetchState("https://acme.test/news/", '"v2"', None, "h2", 200, NOW)
    write_page(engine, source="acme", items=[make_item("a")], now=NOW, fetch_state=state)
    assert load_fetch_state(engine, state.url) == state
    assert [i.url for i in query_items(engine, ItemFilter())] == [make_item("a").url]


def _statements(engine: Engine, page: list[Item], *, now: datetime) -> int:
    executed: list[str] = []

    def count(*args: object) -> None:
        executed.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        write_page(engine, source="acme", items=page, now=now)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(executed)


def test_statements_per_page_do_not_grow_with_items(engine: Engine, make_item: MakeItem) -> None:
    """No query per item: a 400-item page costs what a 4-item page costs (one chunk each)."""
    small = [make_item(f"s{i}") for i in range(4)]
    large = [make_item(f"l{i:03d}") for i in range(400)]
    assert _statements(engine, small, now=NOW) == _statements(engine, large, now=NOW)
    mixed_small = [make_item("s0", title="changed"), *small[1:], make_item("s-new")]
    mixed_large = [make_item("l000", title="changed"), *large[1:], make_item("l-new")]
    assert _statements(engine, mixed_small, now=LATER) == _statements(
        engine, mixed_large, now=LATER
    )


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'tidings.db'}")
    upgrade(engine)
    return engine


_cards = st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["a", "b", "c"])), max_size=60)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards=_cards, source=st.sampled_from(["s1", "s2"]))
def test_writing_a_page_twice_changes_nothing(
    shared_engine: Engine, make_item: MakeItem, cards: list[tuple[int, str]], source: str
) -> None:
    """Idempotence: the second write of any page finds every URL stored and unchanged."""
    prefix = uuid.uuid4().hex  # every example writes URLs no other example has stored
    page: list[Item] = [
        replace(make_item(f"{prefix}-{n}", title=f"t{version}"), source=source)
        for n, version in cards
    ]
    first_titles: dict[str, str] = {}
    for item in page:
        first_titles.setdefault(item.url, item.title)
    distinct = len(first_titles)
    first = write_page(shared_engine, source=source, items=page, now=NOW)
    again = write_page(shared_engine, source=source, items=page, now=NOW + DAY)
    assert first == WriteCounts(new=distinct, updated=0, unchanged=0, duplicate=0)
    assert again == WriteCounts(new=0, updated=0, unchanged=distinct, duplicate=0)
    assert {url: _row(shared_engine, url).title for url in first_titles} == first_titles
