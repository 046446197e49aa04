"""`rekey_window`: items stored with dedup off, or under other band parameters, are found by
later copies once the window is keyed again; a second run adds nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, union_all

from pipelines import Item, NearDupPolicy, with_content_hash
from storage import Rekeyed, rekey_window, unkeyed_items, window_items, write_page
from storage.models import near_keys_new_table, near_keys_table
from tests.storage.test_neardup_links import (
    COPY,
    DAY,
    FIRST,
    NEAR,
    NOW,
    _duplicate_of,
    _item,
)

LATER = NOW + timedelta(hours=2)
# Other band parameters: every LSH key differs from the default policy's.
OTHER_BANDS = NearDupPolicy(bands=4, title_bands=4, rows=3)


def _key_rows(engine: Engine) -> int:
    both = union_all(*(select(t.c.item_id) for t in (near_keys_table, near_keys_new_table)))
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(both.subquery())) or 0)


STORED_WITH = pytest.mark.parametrize(
    "stored_with", [None, OTHER_BANDS], ids=["dedup-off", "other-bands"]
)


@STORED_WITH
def test_without_a_rekey_a_copy_misses_the_first(
    engine: Engine, stored_with: NearDupPolicy | None
) -> None:
    write_page(engine, source="a", items=[FIRST], now=NOW, near=stored_with)
    assert write_page(engine, source="b", items=[COPY], now=LATER, near=NEAR).linked == 0


@STORED_WITH
def test_after_a_rekey_a_copy_is_linked_to_the_first(
    engine: Engine, stored_with: NearDupPolicy | None
) -> None:
    write_page(engine, source="a", items=[FIRST], now=NOW, near=stored_with)
    done = rekey_window(engine, policy=NEAR, now=LATER)
    assert done.items == 1 and done.keys > 0
    assert write_page(engine, source="b", items=[COPY], now=LATER, near=NEAR).linked == 1
    assert _duplicate_of(engine)[COPY.url] == FIRST.url


def test_a_second_rekey_adds_nothing(engine: Engine) -> None:
    write_page(engine, source="a", items=[FIRST, COPY], now=NOW)
    seen: list[int] = []
    first = rekey_window(engine, policy=NEAR, now=LATER, progress=seen.append)
    rows = _key_rows(engine)
    assert first == Rekeyed(items=2, keys=rows) and rows > 0
    assert seen == [2]
    assert rekey_window(engine, policy=NEAR, now=LATER) == Rekeyed(items=2, keys=0)
    assert _key_rows(engine) == rows


def test_only_the_window_is_read(engine: Engine) -> None:
    old = _item("https://c.test/old", "Tallow port dredging starts", "Dredging.", source="c",
                day=-10)  # fmt: skip
    write_page(engine, source="a", items=[FIRST], now=NOW)
    write_page(engine, source="c", items=[old], now=NOW - 10 * DAY)
    assert window_items(engine, policy=NEAR, now=LATER) == 1
    assert rekey_window(engine, policy=NEAR, now=LATER).items == 1


def _undated(url: str) -> Item:
    item = _item(url, "Tallow port dredging starts", "Dredging.", source="c")
    return with_content_hash(replace(item, published=None, published_at=None))


def test_an_undated_item_is_in_the_window_by_first_seen(engine: Engine) -> None:
    write_page(engine, source="c", items=[_undated("https://c.test/a")], now=NOW - 10 * DAY)
    write_page(engine, source="c", items=[_undated("https://c.test/b")], now=NOW - DAY)
    assert window_items(engine, policy=NEAR, now=LATER) == 1


def test_a_rekey_stores_a_key_for_max_postings_items_at_most(engine: Engine) -> None:
    """As at ingest: the rows a lookup reads per key stay bounded."""
    policy = NearDupPolicy(max_postings=2)
    copies = [
        _item(f"https://{source}.test/dunmore", FIRST.title, FIRST.summary, source=source)
        for source in ("a", "b", "c", "d")
    ]
    for item in copies:
        write_page(engine, source=item.source, items=[item], now=NOW)
    rekey_window(engine, policy=policy, now=LATER)
    both = union_all(*(select(t.c.band_key) for t in (near_keys_table, near_keys_new_table)))
    key = both.subquery().c.band_key
    with engine.connect() as conn:
        held = conn.execute(select(key, func.count()).group_by(key)).all()
    assert max(count for _, count in held) == policy.max_postings


def test_unkeyed_items_counts_what_dedup_did_not_store(engine: Engine) -> None:
    write_page(engine, source="a", items=[FIRST], now=NOW)  # dedup off
    write_page(engine, source="b", items=[COPY], now=NOW, near=NEAR)
    assert unkeyed_items(engine, policy=NEAR, now=LATER) == 1
    rekey_window(engine, policy=NEAR, now=LATER)
    assert unkeyed_items(engine, policy=NEAR, now=LATER) == 0
