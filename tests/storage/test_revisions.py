"""Edit history: an edited item keeps its old values as revisions; date noise is no edit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from pipelines import Item, build_pipeline
from pipelines import RawItem as Raw
from storage import WriteCounts, item_history, write_page
from storage.models import item_revisions_table

NOW = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MakeItem = Callable[..., Item]

EDITS = {
    "title": {"title": "Story a, corrected"},
    "summary": {"summary": "A longer account of a."},
    "category": {"category": "Trade"},
    "date": {
        "published": "2025-03-12",
        "published_at": datetime(2025, 3, 12, tzinfo=UTC),
        "published_raw": "March 12",
    },
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS)
def test_an_edit_keeps_the_old_values_as_a_revision(
    engine: Engine, make_item: MakeItem, change: dict[str, object]
) -> None:
    first = make_item("a", category="News")
    write_page(engine, source="acme", items=[first], now=NOW)
    counts = write_page(engine, source="acme", items=[make_item("a", **change)], now=NOW + HOUR)
    assert counts == WriteCounts(new=0, updated=1, unchanged=0, duplicate=0)
    history = item_history(engine, first.url)
    assert history is not None and len(history) == 2
    old, current = history
    assert (old.title, old.summary, old.category) == (first.title, first.summary, "News")
    assert (old.seen_at, old.replaced_at) == (NOW, NOW + HOUR)
    for name, value in change.items():
        if name != "published_at":
            assert getattr(current, name) == value
    assert current.replaced_at is None


def test_unchanged_item_adds_no_revision(engine: Engine, make_item: MakeItem) -> None:
    write_page(engine, source="acme", items=[make_item("a")], now=NOW)
    write_page(engine, source="acme", items=[make_item("a")], now=NOW + HOUR)
    assert _revision_count(engine) == 0
    history = item_history(engine, make_item("a").url)
    assert history is not None and len(history) == 1


def test_history_of_an_unknown_url_is_none(engine: Engine) -> None:
    assert item_history(engine, "https://acme.test/nothing") is None


def test_successive_edits_are_kept_in_order(engine: Engine, make_item: MakeItem) -> None:
    for step, title in enumerate(("First", "Second", "Third")):
        item = make_item("a", title=title)
        write_page(engine, source="acme", items=[item], now=NOW + step * HOUR)
    history = item_history(engine, make_item("a").url)
    assert history is not None
    assert [r.title for r in history] == ["First", "Second", "Third"]


def _through_pipeline(date_text: str, *, now: datetime, title: str = "Harbour news") -> Item:
    raw = Raw(title=title, url="https://acme.test/news/harbour", date=date_text)
    result = build_pipeline().process([raw], source="acme", now=now)
    return result.items[0]


NOISE = {
    "same-words-later": ("3 hours ago", 40, "3 hours ago"),
    "next-hour": ("3 hours ago", 60, "4 hours ago"),
    "minutes": ("20 minutes ago", 5, "25 minutes ago"),
    "days": ("2 days ago", 60 * 20, "2 days ago"),
}


@pytest.mark.parametrize(("first", "minutes", "again"), NOISE.values(), ids=NOISE)
def test_relative_date_within_its_precision_is_unchanged(
    engine: Engine, first: str, minutes: int, again: str
) -> None:
    later = NOW + timedelta(minutes=minutes)
    write_page(engine, source="acme", items=[_through_pipeline(first, now=NOW)], now=NOW)
    item = _through_pipeline(again, now=later)
    counts = write_page(engine, source="acme", items=[item], now=later)
    assert counts == WriteCounts(new=0, updated=0, unchanged=1, duplicate=0)
    assert _revision_count(engine) == 0


def test_relative_date_beyond_its_precision_is_an_edit(engine: Engine) -> None:
    write_page(engine, source="acme", items=[_through_pipeline("3 hours ago", now=NOW)], now=NOW)
    later = NOW + 5 * HOUR
    counts = write_page(
        engine, source="acme", items=[_through_pipeline("1 hour ago", now=later)], now=later
    )
    assert counts.updated == 1


def test_title_edit_with_date_noise_keeps_the_stored_date(engine: Engine) -> None:
    first = _through_pipeline("3 hours ago", now=NOW)
    write_page(engine, source="acme", items=[first], now=NOW)
    later = NOW + 30 * timedelta(minutes=1)
    edited = _through_pipeline("3 hours ago", now=later, title="Harbour news, updated")
    assert write_page(engine, source="acme", items=[edited], now=later).updated == 1
    history = item_history(engine, first.url)
    assert history is not None
    assert [r.title for r in history] == ["Harbour news", "Harbour news, updated"]
    assert history[1].published == first.published


def _revision_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(item_revisions_table)).scalar_one()


def test_a_title_cleaned_anew_is_no_edit(engine: Engine, make_item: MakeItem) -> None:
    """Stored before the source's site name was learned, cleaned when seen next: the page
    shows the same text, so the clean title is written with no revision, counted unchanged."""
    shown = "Story a | Harbour Ledger"
    write_page(engine, source="acme", items=[make_item("a", title=shown, title_raw=shown)],
               now=NOW)  # fmt: skip
    cleaned = make_item("a", title="Story a", title_raw=shown)
    counts = write_page(engine, source="acme", items=[cleaned], now=NOW + HOUR)
    assert counts == WriteCounts(new=0, updated=0, unchanged=1, duplicate=0)
    history = item_history(engine, cleaned.url)
    assert history is not None and [v.title for v in history] == ["Story a"]
    assert _revision_count(engine) == 0


RECLEANED_EDITS = {
    "site-edited-the-title": {"title": "Story a, corrected",
                              "title_raw": "Story a, corrected | Harbour Ledger"},
    "cleaned-and-category-moved": {"title": "Story a", "category": "Trade"},
}  # fmt: skip


@pytest.mark.parametrize("change", RECLEANED_EDITS.values(), ids=RECLEANED_EDITS)
def test_a_cleaned_title_with_a_real_change_is_an_edit(
    engine: Engine, make_item: MakeItem, change: dict[str, str]
) -> None:
    shown = "Story a | Harbour Ledger"
    write_page(engine, source="acme", items=[make_item("a", title=shown, title_raw=shown)],
               now=NOW)  # fmt: skip
    item = make_item("a", **{"title_raw": shown, **change})
    assert write_page(engine, source="acme", items=[item], now=NOW + HOUR).updated == 1
    history = item_history(engine, item.url)
    assert history is not None and [v.title for v in history] == [shown, change["title"]]
