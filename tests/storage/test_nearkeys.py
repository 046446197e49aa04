"""The near-duplicate key store: a page's keys wait in `near_keys_new`, merges move them into
`near_keys`, and a copy finds its first in either table, also while other writers merge."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, Table, func, select, text

import storage.nearkeys
from pipelines import Item, NearDupPolicy, with_content_hash
from storage import make_engine, upgrade, write_page
from storage.models import items_table, near_keys_new_table, near_keys_table
from storage.nearkeys import merge_is_due
from tests.storage.migrations import migrate_to

NEAR = NearDupPolicy()
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PLACES = ("Dunmore", "Tallow", "Kilrush", "Ardee", "Moville", "Bantry", "Clones", "Dingle")


def _story(place: str, source: str, *, copy: bool = False, day: int = 0) -> Item:
    """One story per place: the first telling, or another source's rewrite of it."""
    title = f"Yard software crash stops {place} depot" if copy else f"{place} depot halts release"
    summary = (
        f"Hauliers were turned away from the {place} inland depot on Friday: its yard software "
        "crashed and gate staff stopped releasing containers until Monday."
        if copy
        else f"Gate staff at the {place} inland depot stopped releasing containers on Friday "
        "after the yard software crashed; hauliers were told to come back on Monday."
    )
    published = NOW + timedelta(days=day)
    slug = f"{place.lower()}-{'copy' if copy else 'first'}"
    return with_content_hash(
        Item(url=f"https://{source}.test/{slug}", title=title, source=source, summary=summary,
             published_at=published, published=published.date().isoformat())
    )  # fmt: skip


def _write(engine: Engine, item: Item) -> int:
    return write_page(engine, source=item.source, items=[item], now=NOW, near=NEAR).linked


def _rows(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _duplicate_of(engine: Engine) -> dict[str, str | None]:
    c = items_table.c
    with engine.connect() as conn:
        return {url: dup for url, dup in conn.execute(select(c.url, c.duplicate_of))}


DUE = {
    "first-page-holds-the-multiple": ([1, 2, 3, 4], True),
    "below-the-multiple": ([1, 2, 3], False),
    "past-it": ([5, 6, 7], False),
    "ends-on-the-next": ([6, 7, 8], True),
    "crosses-with-a-gap": ([7, 9], True),
    "unordered": ([8, 5], True),
    "none": ([], False),
}


@pytest.mark.parametrize(("ids", "due"), DUE.values(), ids=DUE)
def test_a_merge_is_due_on_the_page_holding_a_multiple(
    ids: list[int], due: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.nearkeys, "MERGE_ITEMS", 4)
    assert merge_is_due(ids) is due


def test_keys_wait_then_merge_and_copies_find_their_first_in_either_table(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.nearkeys, "MERGE_ITEMS", 4)
    assert _write(engine, _story("Dunmore", "a")) == 0  # item 1
    waiting = _rows(engine, near_keys_new_table)
    assert waiting > 0 and _rows(engine, near_keys_table) == 0
    assert _write(engine, _story("Dunmore", "b", copy=True)) == 1  # found in near_keys_new
    _write(engine, _story("Tallow", "a"))
    _write(engine, _story("Kilrush", "a"))  # item 4: the merge
    assert _rows(engine, near_keys_new_table) == 0
    merged = _rows(engine, near_keys_table)
    assert merged > waiting
    assert _write(engine, _story("Tallow", "c", copy=True)) == 1  # found in near_keys
    assert _write(engine, _story("Dunmore", "c", copy=True)) == 1
    links = _duplicate_of(engine)
    assert links["https://c.test/tallow-copy"] == "https://a.test/tallow-first"
    assert links["https://c.test/dunmore-copy"] == "https://a.test/dunmore-first"
    assert _rows(engine, near_keys_table) + _rows(engine, near_keys_new_table) > merged


def test_writers_merging_at_every_page_lose_no_key_and_make_one_story_each(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four writers at once, every transaction due to merge: no key row is lost or stored in
    both tables, and each story (four sources' copies, 8 days from the next story) has
    exactly one first copy, which the other three point at."""
    monkeypatch.setattr(storage.nearkeys, "MERGE_ITEMS", 1)
    stories = [
        [_story(place, source, copy=True, day=8 * n) for source in "abcd"]
        for n, place in enumerate(PLACES)
    ]
    pages = [[tellings[w] for tellings in stories] for w in range(4)]
    pages[1].reverse()
    pages[3].reverse()
    barrier = threading.Barrier(len(pages))
    errors: list[BaseException] = []

    def write(items: list[Item]) -> None:
        barrier.wait()
        try:
            for item in items:
                _write(engine, item)
        except BaseException as exc:  # reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(items,)) for items in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        merged, waiting = (
            set(conn.execute(select(t.c.period, t.c.band_key, t.c.item_id)))
            for t in (near_keys_table, near_keys_new_table)
        )
        ids = set(conn.execute(select(items_table.c.id)).scalars())
    assert not merged & waiting
    assert {item_id for _, _, item_id in merged | waiting} == ids
    links = _duplicate_of(engine)
    for tellings in stories:
        roots = [item.url for item in tellings if links[item.url] is None]
        assert len(roots) == 1, links
        assert {links[item.url] for item in tellings} == {None, roots[0]}


@pytest.mark.parametrize("day", [0, -20_517], ids=["2026", "before-1970"])
def test_keys_keep_their_items_through_a_downgrade_and_the_upgrade(
    database_url: str, day: int
) -> None:
    """head -> 0009: the waiting keys join the merged ones in the old shape; 0009 -> head:
    each row gets the span of its period, and a copy written afterwards finds its first
    through them. (A date before 1970 makes a negative period.)"""

    engine = make_engine(database_url)
    try:
        upgrade(engine)
        first = _story("Dunmore", "a", day=day)
        _write(engine, first)
        stored = _rows(engine, near_keys_new_table)
        assert first.published_at is not None and stored > 0
        days = (first.published_at - datetime(1970, 1, 1, tzinfo=UTC)).days
        migrate_to(engine, "0009", down=True)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT period FROM near_keys")).scalars().all()
        assert sorted(set(rows)) == [days // 4] and len(rows) == stored
        migrate_to(engine, "0010")
        with engine.connect() as conn:
            spans = set(conn.execute(text("SELECT span, period FROM near_keys")).all())
        assert spans == {(days // 16, days // 4)}
        assert _rows(engine, near_keys_table) == stored
        assert _write(engine, _story("Dunmore", "b", copy=True, day=day)) == 1
    finally:
        engine.dispose()
