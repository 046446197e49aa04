"""The SQLite full-text index holds exactly the stored rows' words: new rows are indexed by the
writer once per transaction (revision 0009), edits and deletes by triggers. Checked word by
word against a fresh FTS5 index of the same rows, and by search on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from pipelines import Item, with_content_hash
from storage import ItemFilter, PageWrite, find_items, make_engine, upgrade, write_page, write_pages
from storage.models import items_table
from tests.storage.migrations import migrate_to, sqlite_triggers

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
MakeItem = Callable[..., Item]

# Every (term, row, column, position) of the live index, and of a fresh index of the rows.
_FRESH = (
    "CREATE VIRTUAL TABLE temp.fresh USING fts5(title, summary)",
    "INSERT INTO temp.fresh (rowid, title, summary) SELECT id, title, summary FROM items",
    "CREATE VIRTUAL TABLE temp.live_words USING fts5vocab(main, items_fts, instance)",
    "CREATE VIRTUAL TABLE temp.fresh_words USING fts5vocab(temp, fresh, instance)",
)
_WORDS = "SELECT term, doc, col, offset FROM temp.{} ORDER BY 1, 2, 3, 4"


def _index_is_exact(engine: Engine) -> bool:
    """On SQLite, whether `items_fts` holds each row's words and no others (FTS5's own
    integrity-check does not compare an external-content index with its rows before 3.44)."""
    if engine.dialect.name != "sqlite":
        return True  # a generated column: PostgreSQL computes it from the row itself
    with engine.connect() as conn:
        for statement in _FRESH:
            conn.exec_driver_sql(statement)
        live = conn.exec_driver_sql(_WORDS.format("live_words")).all()
        fresh = conn.exec_driver_sql(_WORDS.format("fresh_words")).all()
        conn.rollback()  # the temporary tables go with it
    return bool(fresh) and live == fresh


def _slugs(engine: Engine, search: str) -> set[str]:
    page = find_items(engine, ItemFilter(text=search))
    return {hit.item.url.rsplit("/", 1)[1] for hit in page.hits}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def test_pages_of_one_transaction_are_indexed_with_their_last_words(
    engine: Engine, make_item: MakeItem
) -> None:
    """Group commit: a row inserted by one page and edited by a later page of the same
    transaction is found by its edited words only."""
    first = make_item("quay", title="Quay reopens", summary="Cranes return.")
    edited = with_content_hash(replace(first, title="Quay closes", summary="Cranes leave."))
    pages = [
        PageWrite("acme", [first, make_item("ferry", title="Ferry late")], NOW),
        PageWrite("acme", [make_item("tariff", title="Tariff talks")], NOW),
        PageWrite("acme", [edited, make_item("dock", title="Dock strike")], NOW),
    ]
    counts = [written.counts for written in write_pages(engine, pages)]
    assert [(c.new, c.updated) for c in counts] == [(2, 0), (1, 0), (1, 1)]
    assert _slugs(engine, "closes") == {"quay"}
    assert _slugs(engine, "reopens") == set()
    assert [_slugs(engine, word) for word in ("ferry", "tariff", "dock")] == [
        {"ferry"},
        {"tariff"},
        {"dock"},
    ]
    assert _index_is_exact(engine)


def test_edits_and_deletes_in_later_transactions_follow(
    engine: Engine, make_item: MakeItem
) -> None:
    old = make_item("quay", title="Quay reopens", summary="Cranes return.")
    write_page(engine, source="acme", items=[old, make_item("ferry")], now=NOW)
    edited = with_content_hash(replace(old, summary="Cranes stay idle."))
    later = NOW + timedelta(hours=1)
    write_page(engine, source="acme", items=[edited, make_item("dock")], now=later)
    assert _slugs(engine, "idle") == {"quay"}
    assert _slugs(engine, "return") == set()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM items WHERE url LIKE '%/ferry'"))
    assert _slugs(engine, "ferry") == set()
    assert _index_is_exact(engine)


def test_a_failed_batch_leaves_the_index_as_it_was(engine: Engine, make_item: MakeItem) -> None:
    write_page(engine, source="acme", items=[make_item("quay", title="Quay reopens")], now=NOW)
    untitled = replace(make_item("dock"), title=None)  # NOT NULL: fails after page one's insert
    pages = [
        PageWrite("acme", [make_item("ferry", title="Ferry late")], NOW),
        PageWrite("acme", [untitled], NOW),
    ]
    with pytest.raises(IntegrityError):
        write_pages(engine, pages)
    assert _slugs(engine, "ferry") == set()
    write_page(engine, source="acme", items=[make_item("ferry", title="Ferry late")], now=NOW)
    assert _slugs(engine, "ferry") == {"ferry"}
    assert _index_is_exact(engine)


def test_a_database_indexed_by_the_insert_trigger_stays_exact(
    database_url: str, make_item: MakeItem
) -> None:
    """0008 -> head: rows an older tidings stored, indexed by 0003's insert trigger, stay
    found; the trigger goes, and rows written afterwards, and edits of the old ones, are
    indexed by the writer. The old rows go in by plain INSERT, as only the trigger indexes."""

    engine = make_engine(database_url)
    try:
        migrate_to(engine, "0008")
        old = make_item("quay", title="Quay reopens", summary="Cranes return.")
        with engine.begin() as conn:
            for item in (old, make_item("ferry")):
                row = {"url": item.url, "title": item.title, "summary": item.summary}
                stamps = {"content_hash": item.content_hash, "first_seen": NOW, "last_seen": NOW}
                conn.execute(items_table.insert().values(**row, **stamps, source="acme"))
        assert _slugs(engine, "ferry") == {"ferry"}
        upgrade(engine)
        if engine.dialect.name == "sqlite":
            assert sqlite_triggers(engine) == {"items_ad", "items_au"}
        assert _slugs(engine, "reopens") == {"quay"}
        edited = with_content_hash(replace(old, title="Quay closes"))
        later = NOW + timedelta(hours=1)
        write_page(engine, source="acme", items=[edited, make_item("dock")], now=later)
        assert _slugs(engine, "closes") == {"quay"}
        assert _slugs(engine, "reopens") == set()
        assert _slugs(engine, "dock") == {"dock"}
        assert _index_is_exact(engine)
    finally:
        engine.dispose()
