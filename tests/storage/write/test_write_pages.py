"""write_pages: several pages in one transaction, each stored as write_page would store it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import StatementError

from pipelines import Item
from storage import (
    FetchState,
    PageWrite,
    PageWritten,
    WriteCounts,
    count_items,
    load_fetch_state,
    write_pages,
)

NOW = datetime(2025, 3, 14, 9, 26, tzinfo=UTC)
MakeItem = Callable[..., Item]  # the make_item fixture (conftest.py)


def _state(url: str) -> FetchState:
    return FetchState(url, '"v1"', None, "hash-" + url[-1], 200, NOW)


def test_pages_are_stored_in_order_as_if_one_after_another(
    engine: Engine, make_item: MakeItem
) -> None:
    shared = make_item("shared")
    pages = [
        PageWrite("acme", [make_item("a"), shared], NOW),
        PageWrite("globex", [shared, make_item("b")], NOW),  # shared: stored by acme above
        PageWrite("acme", [make_item("a", title="Story a, corrected")], NOW),
    ]
    written = write_pages(engine, pages)
    assert [w.counts for w in written] == [
        WriteCounts(new=2, updated=0, unchanged=0, duplicate=0),
        WriteCounts(new=1, updated=0, unchanged=0, duplicate=1),
        WriteCounts(new=0, updated=1, unchanged=0, duplicate=0),
    ]
    assert count_items(engine) == 3


def test_a_batch_is_all_or_nothing(engine: Engine, make_item: MakeItem) -> None:
    naive = replace(make_item("bad"), published_at=datetime(2025, 3, 1, 12, 0))
    pages = [
        PageWrite("acme", [make_item("a")], NOW, fetch_state=_state("https://example.org/1")),
        PageWrite("acme", [naive], NOW),
    ]
    with pytest.raises(StatementError, match="naive datetime"):
        write_pages(engine, pages)
    assert count_items(engine) == 0
    assert load_fetch_state(engine, "https://example.org/1") is None


def test_an_empty_batch_writes_nothing(engine: Engine) -> None:
    assert write_pages(engine, []) == []
    assert count_items(engine) == 0


def test_later_times_are_kept_per_page(engine: Engine, make_item: MakeItem) -> None:
    later = NOW + timedelta(hours=2)
    written = write_pages(
        engine,
        [PageWrite("acme", [make_item("a")], NOW), PageWrite("acme", [make_item("a")], later)],
    )
    assert [w.counts.unchanged for w in written] == [0, 1]


def test_each_page_of_a_batch_keeps_its_fetch_state(engine: Engine, make_item: MakeItem) -> None:
    first, second = "https://example.org/news/p1", "https://example.org/news/p2"
    pages = [
        PageWrite("acme", [make_item("a")], NOW, fetch_state=_state(first)),
        PageWrite("acme", [make_item("b")], NOW, fetch_state=_state(second)),
        PageWrite("acme", [make_item("c")], NOW),
    ]
    written = write_pages(engine, pages)
    assert written[2] == PageWritten(WriteCounts(1, 0, 0, 0))
    assert load_fetch_state(engine, first) == _state(first)
    assert load_fetch_state(engine, second) == _state(second)
