"""One story, one record, end to end (issue 13's shapes): two sites of our own on 127.0.0.1
crawled into SQLite and PostgreSQL with near-duplicate detection on, then crawled again after
the sites changed. Each shape is one assertion on what was stored, counted or queried."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from storysite import Card, StorySite, listing, listing_source, serve_story_site

from scraper.config import settings_from_dict
from scraper.crawl import SourceResult, crawl
from scraper.crawl.engine import open_engine
from storage import ItemFilter, item_history, query_stories
from storage.models import items_table
from tests.scraper.cli.test_cli import tidings
from tests.storage.test_neardup_links import LEDE, REWRITE

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SUFFIX = " | Harbour Ledger"
REOPENS = (
    "Ships berthed again at Tallow on Monday after crews repaired the quay wall that the "
    "storm had cracked last month."
)
CLOSES = (
    "Tallow harbour master shut the port to ships on Sunday as the storm cracked the quay wall "
    "and crews moved out of the yard."
)
RATES = "Spot rates for the week: Asia to North Europe {0} dollars, transpacific {1} dollars."
H = "http://harbour.test/news/"  # the harbour site's article links (never fetched)
CUSTOMS_PATH = (
    "%D1%82%D0%B0%D0%BC%D0%BE%D0%B6%D0%BD%D1%8F-%D1%81%D0%BA%D0%B0%D0%BD%D0%B5%D1%80%D1%8B"
)


@dataclass(frozen=True, slots=True)
class Crawled:
    site: StorySite
    db: str
    runs: dict[str, SourceResult]

    def stored(self) -> dict[str, tuple[str, str | None, str | None, str | None]]:
        """url -> (title, summary, summary_raw, duplicate_of) of every stored item."""
        c = items_table.c
        engine = open_engine(self.db)
        with engine.connect() as conn:
            rows = conn.execute(select(c.url, c.title, c.summary, c.summary_raw, c.duplicate_of))
            found = {row.url: (row.title, row.summary, row.summary_raw, row.duplicate_of)
                     for row in rows}  # fmt: skip
        engine.dispose()
        return found


def _harbour(site: StorySite, *, edited: bool) -> str:
    """Four cards with the site's name glued on (the page rule learns it), one dated
    relatively; the second version edits a headline and re-slugs another story."""
    dunmore = "Dunmore depot halts container release" + (" until Monday" if edited else "")
    cards = [
        Card(dunmore + SUFFIX, H + "dunmore", LEDE + " […]", "2026-03-02"),
        Card("Tallow port reopens after storm repairs" + SUFFIX, H + "tallow-reopens", REOPENS,
             "2026-03-02"),
        Card("Weekly freight rates report" + SUFFIX, H + "rates-week-9", RATES.format(2100, 2900),
             "2026-03-02"),
        Card("Harbour fees rise from April" + SUFFIX, H + "a/../fees%7eapril?utm_source=x#top",
             "The port authority set new berth fees. Read More", "3 hours ago"),
        Card("Таможенный пост получил новые сканеры" + SUFFIX, H + "таможня-сканеры",
             "Сканеры для контейнеров начали работать в понедельник.", "2026-03-02"),
    ]  # fmt: skip
    if edited:  # the same story under a new slug, same title and date
        cards.append(Card(cards[1].title, H + "tallow-port-reopens-after-repairs", REOPENS,
                          "2026-03-02"))  # fmt: skip
    return site.put("/harbour/", listing(cards))


def _wire(site: StorySite) -> str:
    """Another site: a rewrite of one story, two look-alikes that are not it, and links that
    are the harbour site's own URLs spelled otherwise."""
    cards = [
        Card("Yard software crash stops Dunmore depot", "/wire/depot-crash", REWRITE,
             "2026-03-02"),
        Card("Tallow port closes as storm cracks quay wall", "/wire/tallow-closes", CLOSES,
             "2026-02-08"),
        Card("Weekly freight rates report", "/wire/rates-week-10", RATES.format(2250, 3050),
             "2026-03-09"),
        Card("Harbour fees rise from April", "HTTP://Harbour.test/news/fees~april",
             "The port authority set new berth fees.", "2026-03-02"),
        Card("Tallow port reopens after storm repairs", "https://www.harbour.test/news/tallow-reopens",
             REOPENS, "2026-03-02"),
        Card("Таможенный пост получил новые сканеры", H + CUSTOMS_PATH,
             "Сканеры для контейнеров начали работать в понедельник.", "2026-03-02"),
    ]  # fmt: skip
    return site.put("/wire/", listing(cards))


def _crawl(
    site: StorySite, db: str, sources: list[dict[str, object]], at: datetime
) -> dict[str, SourceResult]:
    settings = settings_from_dict(
        {
            "database": db,
            "defaults": {"delay": "0s"},
            "dedup": {"enabled": True},
            "sources": sources,
        }
    )
    engine = open_engine(db)
    try:
        results = asyncio.run(crawl(settings, engine, now=lambda: at))
    finally:
        engine.dispose()
    assert {r.status for r in results} == {"ok"}, [r.error for r in results]
    return {r.source: r for r in results}


@pytest.fixture(scope="module")
def site() -> Iterator[StorySite]:
    yield from serve_story_site()


@pytest.fixture
def crawled(site: StorySite, database_url: str) -> Crawled:
    """harbour crawled, then wire, then harbour again 40 minutes later, edited."""
    harbour = listing_source("harbour", _harbour(site, edited=False))
    wire = listing_source("wire", _wire(site))
    first = _crawl(site, database_url, [harbour], T0)
    other = _crawl(site, database_url, [wire], T0 + timedelta(minutes=10))
    _harbour(site, edited=True)
    again = _crawl(site, database_url, [harbour], T0 + timedelta(minutes=40))
    runs = {"first": first["harbour"], "wire": other["wire"], "again": again["harbour"]}
    return Crawled(site, database_url, runs)


def test_syndicated_rewrite_points_at_the_first_copy(crawled: Crawled) -> None:
    stored = crawled.stored()
    assert stored[crawled.site.url("/wire/depot-crash")][3] == H + "dunmore"
    assert stored[H + "dunmore"][3] is None


def test_site_name_suffix_and_truncation_are_cleaned(crawled: Crawled) -> None:
    stored = crawled.stored()
    title, summary, summary_raw, _ = stored[H + "dunmore"]
    assert title == "Dunmore depot halts container release until Monday"
    assert (summary, summary_raw) == (LEDE, LEDE + " […]")
    assert stored[H + "fees~april"][1] == "The port authority set new berth fees."


def test_edited_headline_is_updated_with_its_revision(crawled: Crawled) -> None:
    assert crawled.runs["first"].counters["store/new"] == 5
    # one edit; the relative date re-read 40 minutes later is no edit
    assert crawled.runs["again"].counters["store/updated"] == 1
    assert crawled.runs["again"].counters["store/unchanged"] == 4
    engine = open_engine(crawled.db)
    history = item_history(engine, H + "dunmore")
    fees = item_history(engine, H + "fees~april")
    engine.dispose()
    assert history is not None and [v.title for v in history] == [
        "Dunmore depot halts container release",
        "Dunmore depot halts container release until Monday",
    ]
    assert fees is not None and len(fees) == 1


def test_reslug_is_linked_to_the_old_url(crawled: Crawled) -> None:
    stored = crawled.stored()
    assert stored[H + "tallow-port-reopens-after-repairs"][3] == H + "tallow-reopens"


def test_hard_negatives_stay_apart(crawled: Crawled) -> None:
    stored = crawled.stored()
    assert stored[crawled.site.url("/wire/tallow-closes")][3] is None  # closes, not reopens
    assert stored[crawled.site.url("/wire/rates-week-10")][3] is None  # next week's report


def test_url_identity(crawled: Crawled) -> None:
    stored = crawled.stored()
    # dot segments, %7e, utm_, fragment, host case: one row, the wire's link a duplicate
    assert [url for url in stored if "fees" in url] == [H + "fees~april"]
    # an IRI is stored as its percent-encoded UTF-8 URI, as a browser sends it
    assert H + CUSTOMS_PATH in stored
    assert crawled.runs["wire"].counters["store/duplicate"] == 2
    # the https://www. twin is its own URL, linked as the same story
    assert stored["https://www.harbour.test/news/tallow-reopens"][3] == H + "tallow-reopens"


def test_collapse_shows_one_story_with_other_urls(crawled: Crawled, tmp_path: Path) -> None:
    engine = open_engine(crawled.db)
    stories = {s.first.url: s for s in query_stories(engine, ItemFilter(limit=100))}
    engine.dispose()
    tallow = stories[H + "tallow-reopens"]
    assert tallow.sources == ["harbour", "wire"]
    assert sorted(tallow.other_urls) == [
        H + "tallow-port-reopens-after-repairs",
        "https://www.harbour.test/news/tallow-reopens",
    ]
    done = tidings("--db", crawled.db, "query", "--collapse", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {row["url"]: row for row in json.loads(done.stdout)}
    assert rows[H + "dunmore"]["other_urls"] == [crawled.site.url("/wire/depot-crash")]
    assert rows[H + "dunmore"]["duplicate_of"] is None
    assert crawled.site.url("/wire/depot-crash") not in rows
