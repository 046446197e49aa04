"""A crawl under leases: a held source is skipped, and a walk that was cut short is resumed."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime

from scraper.crawl import SourceResult, crawl
from scraper.crawl.demo import demo_settings
from scraper.crawl.engine import open_engine
from scraper.demo import DemoServer
from storage import Holder, ItemFilter, query_items, take_lease


class _StopAfter:
    """A progress listener that sets `stop` after `pages` pages (a SIGTERM mid-walk)."""

    def __init__(self, stop: asyncio.Event, pages: int) -> None:
        self.stop, self.pages = stop, pages

    def source_started(self, source: str, max_pages: int) -> None:
        return

    def page_done(self, source: str, url: str, counters: Mapping[str, int]) -> None:
        if counters.get("pages", 0) >= self.pages:
            self.stop.set()

    def source_finished(self, result: SourceResult) -> None:
        return


def test_a_source_someone_else_holds_is_skipped(demo_site: DemoServer, sqlite_url: str) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    name = settings.sources[0].name
    engine = open_engine(sqlite_url)
    other = Holder("other", "elsewhere", 4242)
    assert take_lease(engine, name, other, ttl_s=60, now=datetime.now(UTC))
    [result] = asyncio.run(crawl(settings, engine, sources=[name]))
    assert result.status == "held"
    assert result.error == "held by elsewhere pid 4242"
    assert not [r for r in demo_site.requests if r.path != "/robots.txt"]


def test_the_run_after_an_interrupted_one_walks_past_what_it_stored(
    demo_site: DemoServer, sqlite_url: str
) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    name = settings.sources[0].name
    engine = open_engine(sqlite_url)
    full = asyncio.run(crawl(settings, open_engine(f"{sqlite_url}-full"), sources=[name]))
    assert full[0].counters["pages"] > 3

    async def cut_short() -> list[SourceResult]:
        stop = asyncio.Event()
        progress = _StopAfter(stop, 2)
        return await crawl(settings, engine, sources=[name], stop=stop, progress=progress)

    [first] = asyncio.run(cut_short())
    assert (first.status, first.counters["pages"]) == ("interrupted", 2)
    [second] = asyncio.run(crawl(settings, engine, sources=[name]))
    assert second.status == "ok"
    assert second.counters["resume/pages"] == 2
    stored = query_items(engine, ItemFilter(source=name, limit=10_000))
    assert len(stored) == full[0].counters["store/new"]
    [third] = asyncio.run(crawl(settings, engine, sources=[name]))
    assert third.counters["pages"] == 1  # complete again: the stop rule is back
    assert "resume/pages" not in third.counters
