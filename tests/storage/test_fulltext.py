"""Full-text search on both backends: ranking, phrases, prefixes, exclusion, snippets, pages,
and an index that follows the rows (a re-crawl's new words, a database migrated with rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine

from pipelines import Item, with_content_hash
from storage import ItemFilter, find_items, get_item, make_engine, upgrade, write_page
from storage.models import items_table
from tests.storage.migrations import migrate_to, sqlite_triggers

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
MakeItem = Callable[..., Item]
STORIES = {
    "master-title": ("Harbour master resigns", "He leaves the port after ten years."),
    "master-summary": ("Port news", "The harbour master spoke about the quay and the harbour."),
    "master-apart": ("Master plan", "A plan for the old harbour district."),
    "tariff": ("Tariff talks stall", "Grain tariffs and harbour fees were discussed."),
    "ferry": ("Late ferry delayed", "The harbour ferry left late again."),
    "harbinger": ("A harbinger of change", "Winds shift over the estuary."),
}


@pytest.fixture
def stories(engine: Engine, make_item: MakeItem) -> Engine:
    items = [
        make_item(slug, title=title, summary=summary, published_at=NOW - timedelta(hours=n))
        for n, (slug, (title, summary)) in enumerate(STORIES.items())
    ]
    write_page(engine, source="acme", items=items, now=NOW)
    return engine


def _slugs(engine: Engine, search: str, **options: object) -> list[str]:
    page = find_items(engine, ItemFilter(text=search, **options))  # type: ignore[arg-type]
    return [hit.item.url.rsplit("/", 1)[1] for hit in page.hits]


MATCHES = {
    "word-anywhere": ("master", {"master-title", "master-summary", "master-apart"}),
    "phrase-only-adjacent": ('"harbour master"', {"master-title", "master-summary"}),
    "all-words": ("harbour tariff", {"tariff"}),
    "prefix": ("harb*", set(STORIES)),
    "prefix-is-a-prefix": ("harbi*", {"harbinger"}),
    "exclusion": ("harbour -ferry -tariff", {"master-title", "master-summary", "master-apart"}),
    "excluded-phrase": ('master -"harbour master"', {"master-apart"}),
    "case-folds": ("HARBOUR MASTER", {"master-title", "master-summary", "master-apart"}),
    "no-match": ("lighthouse", set()),
}


@pytest.mark.parametrize(("search", "want"), MATCHES.values(), ids=MATCHES)
def test_matches(stories: Engine, search: str, want: set[str]) -> None:
    assert set(_slugs(stories, search)) == want


def test_ranking_puts_a_title_match_first(stories: Engine) -> None:
    """Both words in the title beat them in the summary; "port" in a title beats a summary."""
    assert _slugs(stories, "harbour master")[0] == "master-title"
    assert _slugs(stories, "port") == ["master-summary", "master-title"]


def test_sort_newest_overrides_relevance(stories: Engine) -> None:
    ranked = _slugs(stories, "harbour master", sort="newest")
    assert ranked == ["master-title", "master-summary", "master-apart"]
    assert _slugs(stories, "master", sort="oldest") == [
        "master-apart",
        "master-summary",
        "master-title",
    ]


def test_snippets_mark_the_matches(stories: Engine) -> None:
    [hit] = find_items(stories, ItemFilter(text="quay")).hits
    assert hit.snippet is not None
    assert ("quay", True) in hit.snippet
    assert "".join(part for part, _ in hit.snippet).count("quay") == 1


def test_a_recrawl_is_found_by_its_new_words_only(stories: Engine, make_item: MakeItem) -> None:
    changed = make_item("tariff", title="Customs union agreed", summary="A deal on duties.")
    write_page(stories, source="acme", items=[changed], now=NOW + timedelta(hours=1))
    assert _slugs(stories, "customs union") == ["tariff"]
    assert _slugs(stories, "duties") == ["tariff"]
    assert "tariff" not in _slugs(stories, "grain")
    assert _slugs(stories, "stall") == []


def test_pages_follow_each_other_both_ways(stories: Engine) -> None:
    flt = ItemFilter(text="harbour", limit=2)
    first = find_items(stories, flt)
    assert first.prev_cursor is None and first.next_cursor is not None
    second = find_items(stories, flt, cursor=first.next_cursor)
    third = find_items(stories, flt, cursor=second.next_cursor)
    ids = [h.id for page in (first, second, third) for h in page.hits]
    assert len(ids) == len(set(ids)) == 5
    assert third.next_cursor is None
    assert second.prev_cursor is not None
    back = find_items(stories, flt, cursor=second.prev_cursor)
    assert [h.id for h in back.hits] == [h.id for h in first.hits]
    assert back.prev_cursor is None


@pytest.mark.parametrize("cursor", ["nonsense", "eyJzIjoibmV3ZXN0In0", "e30"])
def test_a_foreign_cursor_is_a_value_error(stories: Engine, cursor: str) -> None:
    with pytest.raises(ValueError, match="not a cursor this server made"):
        find_items(stories, ItemFilter(), cursor=cursor)


def test_a_cursor_of_another_sort_is_refused(stories: Engine) -> None:
    cursor = find_items(stories, ItemFilter(limit=1)).next_cursor
    assert cursor is not None
    with pytest.raises(ValueError, match="sort=newest, not sort=relevance"):
        find_items(stories, ItemFilter(text="harbour"), cursor=cursor)


def test_hostile_text_is_data(stories: Engine) -> None:
    for hostile in ("'; DROP TABLE items; --", 'a" OR "b', "xy:* | yz", "NEAR(a b)", "!!a & b"):
        assert _slugs(stories, hostile) == []
    assert get_item(stories, 1) is not None


def test_day_bounds_use_the_items_own_zone(engine: Engine, make_item: MakeItem) -> None:
    """08:00 on 30 September in Singapore is 00:00 UTC: on the 30th there, and UTC agrees; at
    01:00 in Singapore it is still the 29th in UTC, but the 30th where it was published."""
    singapore = timezone(timedelta(hours=8))
    new_york = timezone(timedelta(hours=-4))
    stamps = {
        "sg-early": datetime(2025, 9, 30, 1, 0, tzinfo=singapore),
        "sg-late": datetime(2025, 10, 1, 7, 0, tzinfo=singapore),
        "ny-late": datetime(2025, 9, 30, 23, 0, tzinfo=new_york),
    }
    items = [
        make_item(slug, published=at.isoformat(), published_at=at.astimezone(UTC))
        for slug, at in stamps.items()
    ]
    write_page(engine, source="acme", items=items, now=NOW)

    def days(**bounds: date) -> set[str]:
        page = find_items(engine, ItemFilter(**bounds))  # type: ignore[arg-type]
        return {hit.item.url.rsplit("/", 1)[1] for hit in page.hits}

    sept_30 = date(2025, 9, 30)
    assert days(until=sept_30) == {"sg-early", "ny-late"}
    assert days(since=sept_30, until=sept_30) == {"sg-early", "ny-late"}
    assert days(since=date(2025, 10, 1)) == {"sg-late"}
    instant = datetime(2025, 9, 30, 0, 0, tzinfo=UTC)
    assert days(until=instant) == {"sg-early"}  # an instant compares instants


def test_migrating_a_database_with_rows_indexes_them(
    database_url: str, make_item: MakeItem
) -> None:
    """0001 -> head on a database that already holds items: the index is filled. The row is
    inserted with 0001's columns only: today's writer fills columns of later revisions."""
    engine = make_engine(database_url)
    try:
        migrate_to(engine, "0001")
        item = make_item("old", title="Quarry reopens")
        row = {"url": item.url, "title": item.title, "summary": item.summary, "source": "acme"}
        stamps = {"content_hash": item.content_hash, "first_seen": NOW, "last_seen": NOW}
        with engine.begin() as conn:
            conn.execute(items_table.insert().values(**row, **stamps))
        upgrade(engine)
        assert _slugs(engine, "quarry") == ["old"]
    finally:
        engine.dispose()


def test_adding_the_raw_text_columns_keeps_the_index(
    database_url: str, make_item: MakeItem
) -> None:
    """0005 -> head adds items.title_raw and summary_raw in place: SQLite's edit and delete
    triggers survive (0009 leaves new rows to the writer), so rows written after the upgrade,
    and their edits, are found."""
    engine = make_engine(database_url)
    try:
        migrate_to(engine, "0005")
        upgrade(engine)
        if engine.dialect.name == "sqlite":
            assert sqlite_triggers(engine) == {"items_ad", "items_au"}
        item = make_item("new", title="Quarry reopens", title_raw="Quarry reopens | Ledger")
        write_page(engine, source="acme", items=[item], now=NOW)
        assert _slugs(engine, "quarry") == ["new"]
        edited = with_content_hash(replace(item, title="Quarry closes again"))
        write_page(engine, source="acme", items=[edited], now=NOW + timedelta(hours=1))
        assert _slugs(engine, "closes") == ["new"]
        assert _slugs(engine, "reopens") == []
    finally:
        engine.dispose()


def test_a_search_matching_many_ranks_its_newest_matches(
    stories: Engine, make_item: MakeItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANK_WINDOW matches, only the newest stored are ranked; a cursor keeps the window
    of its first page, so a row stored meanwhile neither shifts nor repeats the pages."""
    import storage.query

    monkeypatch.setattr(storage.query, "RANK_WINDOW", 3)
    everything = {
        hit.id for hit in find_items(stories, ItemFilter(text="harb*", sort="newest")).hits
    }
    newest = set(sorted(everything)[-3:])
    flt = ItemFilter(text="harb*", limit=2)
    first = find_items(stories, flt)
    assert {hit.id for hit in first.hits} < newest
    write_page(
        stories, source="acme", items=[make_item("late", title="Harbour late news")], now=NOW
    )
    second = find_items(stories, flt, cursor=first.next_cursor)
    assert {hit.id for hit in first.hits} | {hit.id for hit in second.hits} == newest
    assert second.next_cursor is None
