"""Site names are learned per source, across a run's pages and across runs: real HTTP on
127.0.0.1, the evidence kept in the database between crawls, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select
from storysite import Card, StorySite, feed, listing, listing_source, serve_story_site

from pipelines import AffixEvidence
from scraper.config import settings_from_dict
from scraper.crawl import CrawlOptions, SourceResult, crawl
from scraper.crawl.engine import open_engine
from storage import item_history, load_site_affixes
from storage.models import items_table
from tests.pipelines.test_siteaffix import STORIES

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SUFFIX = " | Harbour Ledger"


@pytest.fixture
def site() -> Iterator[StorySite]:
    yield from serve_story_site()


def _crawl(
    site: StorySite, database_url: str, source: dict[str, object], at: datetime, *, full: bool
) -> SourceResult:
    settings = settings_from_dict(
        {"database": database_url, "defaults": {"delay": "0s"}, "sources": [source]}
    )
    engine = open_engine(database_url)
    try:
        [result] = asyncio.run(
            crawl(settings, engine, options=CrawlOptions(full=full), now=lambda: at)
        )
    finally:
        engine.dispose()
    assert result.status == "ok", result.error
    return result


def _titles(database_url: str) -> dict[str, tuple[str, str | None]]:
    """url path -> (title, title_raw) of every stored item."""
    engine = open_engine(database_url)
    c = items_table.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.url, c.title, c.title_raw)).all()
    engine.dispose()
    return {url.split("/", 3)[3]: (title, raw) for url, title, raw in rows}


def _evidence(database_url: str, source: str) -> AffixEvidence:
    engine = open_engine(database_url)
    try:
        return load_site_affixes(engine, source)
    finally:
        engine.dispose()


def _card(n: int, title: str) -> Card:
    return Card(title, f"/ledger/news/{n}", f"Teaser {n}.", "2026-03-02")


def _ledger_pages(site: StorySite, stories: list[tuple[int, str]]) -> str:
    """Two cards a page, three pages at most: too few on any page for the page rule."""
    chunks = [stories[i : i + 2] for i in range(0, len(stories), 2)]
    for number, chunk in enumerate(chunks, 1):
        path = "/ledger/" if number == 1 else f"/ledger/page{number}"
        more = f"/ledger/page{number + 1}" if number < len(chunks) else None
        site.put(path, listing([_card(n, t + SUFFIX) for n, t in chunk], next_href=more))
    return site.url("/ledger/")


def test_learned_across_pages_then_kept_for_the_next_run(
    site: StorySite, database_url: str
) -> None:
    source = listing_source("ledger", _ledger_pages(site, list(enumerate(STORIES[:6]))))
    first = _crawl(site, database_url, source, T0, full=False)
    assert first.counters["pages"] == 3
    titles = _titles(database_url)
    # page 1: two headlines are no repetition yet; pages 2-3: the source's four, then six, are
    assert {titles[f"ledger/news/{n}"][0] for n in (0, 1)} == {s + SUFFIX for s in STORIES[:2]}
    assert [titles[f"ledger/news/{n}"] for n in range(2, 6)] == [
        (STORIES[n], STORIES[n] + SUFFIX) for n in range(2, 6)
    ]
    assert _evidence(database_url, "ledger").affixes() == (SUFFIX, None)

    # The next run: a new story on page 1 is cleaned at once, from the stored evidence. The
    # cards stored before the name was learned are cleaned now too, and that is no edit: the
    # site shows what it showed, so no revision and no "updated".
    _ledger_pages(site, [(8, STORIES[6]), *enumerate(STORIES[:6])])
    second = _crawl(site, database_url, source, T0 + timedelta(hours=1), full=False)
    titles = _titles(database_url)
    assert titles["ledger/news/8"] == (STORIES[6], STORIES[6] + SUFFIX)
    assert titles["ledger/news/0"] == (STORIES[0], STORIES[0] + SUFFIX)
    assert (second.counters["store/new"], second.counters["store/updated"]) == (1, 0)
    assert second.counters["store/unchanged"] >= 1
    engine = open_engine(database_url)
    history = item_history(engine, site.url("/ledger/news/0"))
    engine.dispose()
    assert history is not None and [v.title for v in history] == [STORIES[0]]


def _feed_of(site: StorySite, title: str, n: int) -> str:
    date = format_datetime(T0 + timedelta(days=n))
    return site.put("/feeds/quay.xml", feed([Card(title, f"http://quay.test/{n}", "Text.", date)]))


def test_a_feed_with_one_entry_learns_its_prefix_over_runs(
    site: StorySite, database_url: str
) -> None:
    kept = []
    for n, story in enumerate(STORIES[:5]):
        url = _feed_of(site, f"Quay Post – {story}", n)
        _crawl(
            site, database_url, {"name": "quay", "feed": url}, T0 + timedelta(days=n), full=False
        )
        kept.append(_titles(database_url)[f"{n}"][0])
    assert kept == [f"Quay Post – {s}" for s in STORIES[:2]] + STORIES[2:5]
    assert _evidence(database_url, "quay").titles == 5


def test_a_numbered_series_is_never_stripped_however_often_crawled(
    site: StorySite, database_url: str
) -> None:
    notices = [f"Notice {235 + n}/2025 – {s}" for n, s in enumerate(STORIES[:4])]
    for run in range(3):
        for n, title in enumerate(notices):  # the same four cards, one run after another
            url = _feed_of(site, title, n)
            at = T0 + timedelta(days=run, hours=n)
            _crawl(site, database_url, {"name": "notices", "feed": url}, at, full=True)
    stored = _titles(database_url)
    assert sorted(title for title, _ in stored.values()) == sorted(notices)
    assert all(raw is None for _, raw in stored.values())  # nothing was cleaned away
    evidence = _evidence(database_url, "notices")
    assert (evidence.titles, evidence.affixes()) == (4, (None, None))
