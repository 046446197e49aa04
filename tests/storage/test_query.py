"""query_items and count_items: filters, newest-first order, and the contract's item fields."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine

import storage
from pipelines import Item
from storage import (
    ItemFilter,
    StoredItem,
    count_items,
    query_items,
    write_page,
)

ITEM_FIELDS = [
    "url", "title", "summary", "published", "published_raw", "category", "source",
    "first_seen", "last_seen", "duplicate_of",
]  # fmt: skip

NOW = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
MakeItem = Callable[..., Item]  # the make_item fixture (conftest.py)


def _at(day: int) -> datetime:
    return datetime(2025, 3, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def stocked(engine: Engine, make_item: MakeItem) -> Engine:
    """Seven items over two sources; slugs name what each is for."""
    acme = [
        make_item("tariffs", published_at=_at(10), category="Trade", title="Tariffs rise 5%"),
        make_item("ports", published_at=_at(12), category="Trade", summary="Ports_reopen today"),
        make_item("undated-old", title="An undated note"),
        make_item(
            "budget", published_at=_at(11), category="Budget", title="BUDGET talks", summary="1/2"
        ),
    ]
    globex = [
        make_item("g-weather", source="globex", published_at=_at(13), title="Weather 50% rain"),
        make_item("g-undated", source="globex", title="Another undated"),
        make_item("g-budget", source="globex", published_at=_at(9), category="Budget"),
    ]
    write_page(engine, source="acme", items=acme, now=NOW)
    write_page(engine, source="globex", items=globex, now=NOW + timedelta(minutes=5))
    return engine


def _slugs(engine: Engine, flt: ItemFilter) -> list[str]:
    return [item.url.rsplit("/", 1)[1] for item in query_items(engine, flt)]


def test_newest_first_with_undated_last(stocked: Engine) -> None:
    assert _slugs(stocked, ItemFilter()) == [
        "g-weather", "ports", "budget", "tariffs", "g-budget",
        "g-undated", "undated-old",  # undated: by first_seen, newest first
    ]  # fmt: skip


def test_ties_within_a_page_are_in_url_order(engine: Engine, make_item: MakeItem) -> None:
    page = [make_item(slug) for slug in ("p3", "p0", "p4", "p1")]
    write_page(engine, source="acme", items=page, now=NOW)
    assert _slugs(engine, ItemFilter()) == ["p0", "p1", "p3", "p4"]


FILTERS = {
    "source": (ItemFilter(source="globex"), ["g-weather", "g-budget", "g-undated"]),
    "category": (ItemFilter(category="Budget"), ["budget", "g-budget"]),
    "category-is-exact": (ItemFilter(category="budget"), []),
    "text-in-title-any-case": (ItemFilter(text="budget TALKS"), ["budget"]),
    "text-in-summary": (ItemFilter(text="REOPEN"), ["ports"]),
    "text-digits-are-words": (ItemFilter(text="5%"), ["tariffs"]),
    "text-punctuation-splits-words": (ItemFilter(text="1/2"), ["budget"]),
    "text-quote-is-data": (ItemFilter(text="' OR 1=1 --"), []),
    "since-is-inclusive": (ItemFilter(since=_at(12)), ["g-weather", "ports"]),
    "until-is-exclusive": (ItemFilter(until=_at(11)), ["tariffs", "g-budget"]),
    "since-and-until": (ItemFilter(since=_at(10), until=_at(12)), ["budget", "tariffs"]),
    "combined": (ItemFilter(source="acme", category="Trade", text="ports"), ["ports"]),
    "limit": (ItemFilter(limit=2), ["g-weather", "ports"]),
    "limit-reaches-into-undated": (
        ItemFilter(limit=6),
        ["g-weather", "ports", "budget", "tariffs", "g-budget", "g-undated"],
    ),
    "undated-only": (ItemFilter(text="undated", sort="newest"), ["g-undated", "undated-old"]),
}


@pytest.mark.parametrize(("flt", "want"), FILTERS.values(), ids=FILTERS)
def test_filters(stocked: Engine, flt: ItemFilter, want: list[str]) -> None:
    assert _slugs(stocked, flt) == want


def test_date_bounds_compare_instants_across_offsets(stocked: Engine) -> None:
    """08:00:01 at UTC-4 is a second after "ports" (12:00 UTC) was published."""
    since = datetime(2025, 3, 12, 8, 0, 1, tzinfo=timezone(timedelta(hours=-4)))
    assert _slugs(stocked, ItemFilter(since=since)) == ["g-weather"]


def test_count_items(stocked: Engine) -> None:
    assert count_items(stocked) == 7
    assert count_items(stocked, source="acme") == 4
    assert count_items(stocked, source="nobody") == 0


def test_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="limit"):
        ItemFilter(limit=0)


def test_to_dict_has_exactly_the_contract_fields(engine: Engine, make_item: MakeItem) -> None:
    item = make_item(
        "full",
        published="2025-03-12T08:00:00-04:00",
        published_at=datetime(2025, 3, 12, 12, 0, tzinfo=UTC),
        published_raw="Mar 12, 8:00 AM",
        category="Trade",
    )
    write_page(engine, source="acme", items=[item], now=NOW)
    [stored] = query_items(engine, ItemFilter())
    assert list(stored.to_dict()) == ITEM_FIELDS
    assert stored.to_dict() == {
        "url": "https://acme.test/news/full",
        "title": "Story full",
        "summary": "What happened in full.",
        "published": "2025-03-12T08:00:00-04:00",
        "published_raw": "Mar 12, 8:00 AM",
        "category": "Trade",
        "source": "acme",
        "first_seen": "2025-03-14T09:26:53.589793+00:00",
        "last_seen": "2025-03-14T09:26:53.589793+00:00",
        "duplicate_of": None,
    }
    assert stored.first_seen.tzinfo is UTC


def test_stored_item_fields_match_the_contract() -> None:
    """The contract's fields, defined once (`storage.ITEM_FIELDS`), then the raw text columns
    that only `raw=True` shows."""
    assert list(storage.ITEM_FIELDS) == ITEM_FIELDS
    assert storage.item_fields(raw=True) == (*ITEM_FIELDS, "title_raw", "summary_raw")
    assert list(StoredItem.__dataclass_fields__) == list(storage.item_fields(raw=True))


def test_the_lazily_loaded_names_resolve() -> None:
    """`storage` maps the read side's and the daemon's names to their modules to load them on
    first use."""
    import storage
    import storage.query

    for name, module in storage._LAZY.items():
        assert name in storage.__all__
        assert getattr(storage, name) is getattr(importlib.import_module(module), name)
    assert all(hasattr(storage, name) for name in storage.__all__)
