"""The crawl end to end: the demo site over real HTTP on 127.0.0.1 into a real SQLite file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

import pytest
from loopback import LoopbackServer, RecordedRequest, Reply
from sqlalchemy import text

from scraper.config import Settings, settings_from_dict
from scraper.crawl import CrawlOptions, SourceResult, crawl
from scraper.crawl.demo import demo_settings
from scraper.crawl.engine import open_engine
from scraper.demo import DemoServer, demo_sources, expected_unique_urls
from storage import ItemFilter, count_items, list_runs, query_items


def _crawl(settings: Settings, **kwargs: object) -> dict[str, SourceResult]:
    engine = open_engine(settings.database)
    results = asyncio.run(crawl(settings, engine, **kwargs))  # type: ignore[arg-type]
    return {r.source: r for r in results}


def test_demo_crawl_stores_every_distinct_item_once(demo_site: DemoServer, sqlite_url: str) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    results = _crawl(settings)
    assert {r.status for r in results.values()} == {"ok"}
    engine = open_engine(sqlite_url)
    expected = expected_unique_urls(demo_site.base_url)
    stored = {i.url for i in query_items(engine, ItemFilter(limit=10_000))}
    assert stored == expected
    assert count_items(engine) == len(expected)
    assert sum(r.counters["store/new"] for r in results.values()) == len(expected)
    # the article two sources list, and the utm_ variants, surface as duplicates, not rows
    assert sum(r.duplicate for r in results.values()) >= 2
    listings = [r for name, r in results.items() if name != "logistics-feed"]
    assert all(r.counters["pages"] >= 5 for r in listings)
    assert results["logistics-feed"].counters["parse/strategy/feed"] == 1
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_second_crawl_is_conditional_and_stores_nothing_new(
    demo_site: DemoServer, sqlite_url: str
) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    _crawl(settings)
    first_requests = len(demo_site.requests)
    again = _crawl(settings)
    assert sum(r.counters.get("store/new", 0) for r in again.values()) == 0
    second = demo_site.requests[first_requests:]
    pages = [r for r in second if r.path != "/robots.txt"]
    assert pages, "the second crawl fetched nothing"
    assert all(r.conditional and r.status == 304 for r in pages)
    # the stop rule: one page per source, since the first page brought nothing new
    assert {r.counters["pages"] for r in again.values()} == {1}
    assert {r.counters["fetch/not_modified"] for r in again.values()} == {1}


def test_full_walks_every_page_without_validators(demo_site: DemoServer, sqlite_url: str) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    _crawl(settings)
    full = _crawl(settings, options=CrawlOptions(full=True, max_pages=3))
    for name, result in full.items():
        assert result.counters["pages"] == (1 if name == "logistics-feed" else 3)
        assert result.counters.get("store/new", 0) == 0
        seen_before = result.counters["store/unchanged"] + result.counters["store/duplicate"]
        assert seen_before > 0


def test_a_failing_source_never_stops_the_others(demo_site: DemoServer, sqlite_url: str) -> None:
    sources = demo_sources(demo_site.base_url)
    broken = dict(sources[0], name="dead-host", url="http://127.0.0.1:9/news/")
    missing = dict(sources[0], name="missing-page", url=f"{demo_site.base_url}/no/such/page/")
    settings = settings_from_dict(
        {
            "database": sqlite_url,
            "defaults": {"delay": "0s", "retries": 1, "timeout": "2s"},
            "sources": [*sources, broken, missing],
        }
    )
    results = _crawl(settings)
    assert results["dead-host"].status == "failed"
    assert "127.0.0.1:9" in (results["dead-host"].error or "")
    assert results["missing-page"].status == "failed"
    assert "404" in (results["missing-page"].error or "")
    assert all(results[s["name"]].status == "ok" for s in sources)  # type: ignore[index]
    runs = {r.source: r for r in list_runs(open_engine(sqlite_url), limit=10)}
    assert runs["dead-host"].status == "failed"
    assert runs["dead-host"].errors == 1
    assert runs["trade-news"].new > 0


class _StopAfterFirstPage:
    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.pages: list[str] = []

    def source_started(self, source: str, max_pages: int) -> None:
        assert max_pages == 10

    def page_done(self, source: str, url: str, counters: Mapping[str, int]) -> None:
        self.pages.append(url)
        self.stop.set()

    def source_finished(self, result: SourceResult) -> None:
        self.pages.append(f"finished {result.source}")


def test_stop_finishes_the_page_in_hand(demo_site: DemoServer, sqlite_url: str) -> None:
    settings = demo_settings(demo_site.base_url, database=sqlite_url)
    engine = open_engine(sqlite_url)

    async def go() -> list[SourceResult]:
        stop = asyncio.Event()
        hook = _StopAfterFirstPage(stop)
        results = await crawl(
            settings, engine, sources=["logistics-blog"], progress=hook, stop=stop
        )
        assert hook.pages[-1] == "finished logistics-blog"
        return results

    (result,) = asyncio.run(go())
    assert result.status == "interrupted"
    assert result.counters["pages"] == 1
    assert count_items(engine, source="logistics-blog") == result.counters["store/new"] > 0
    assert list_runs(engine, limit=1)[0].status == "interrupted"


@pytest.mark.postgres
def test_demo_crawl_into_postgresql(demo_site: DemoServer, pg_url: str) -> None:
    settings = demo_settings(demo_site.base_url, database=pg_url)
    results = _crawl(settings)
    assert {r.status for r in results.values()} == {"ok"}
    engine = open_engine(pg_url)
    assert count_items(engine) == len(expected_unique_urls(demo_site.base_url))
    again = _crawl(settings)
    assert sum(r.counters.get("store/new", 0) for r in again.values()) == 0
    engine.dispose()


def test_broken_selectors_are_reported_and_fall_back(
    demo_site: DemoServer, sqlite_url: str
) -> None:
    blog = next(s for s in demo_sources(demo_site.base_url) if s["name"] == "logistics-blog")
    broken = dict(blog, name="broken-blog", items="article.no-such-class", max_pages=1)
    strict = dict(broken, name="strict-blog", auto_fallback=False)
    settings = settings_from_dict(
        {"database": sqlite_url, "defaults": {"delay": "0s"}, "sources": [broken, strict]}
    )
    results = _crawl(settings)
    for result in results.values():
        assert result.summary()["health"] == "selectors broken"
    assert results["broken-blog"].counters["parse/strategy/auto"] == 1
    assert results["broken-blog"].counters["store/new"] + results["broken-blog"].duplicate >= 18
    assert results["strict-blog"].counters.get("items", 0) == 0
    assert list_runs(open_engine(sqlite_url), limit=1)[0].stats["health/selectors_broken"] == 1


def test_later_pages_are_asked_conditionally(sqlite_url: str) -> None:
    """Page 1 changed, page 2 did not: page 2 goes out with the validators stored for it (read
    along with page 1's write) and its 304 ends the walk."""

    def listing(n: int, extra: str = "") -> Callable[[RecordedRequest, int], Reply]:
        etag = f'"p{n}{extra}"'

        def route(req: RecordedRequest, hit: int) -> Reply:
            if req.headers.get("if-none-match") == etag:
                return Reply(304, headers=(("ETag", etag),))
            cards = "".join(
                f'<article><h2><a href="/story/{n}-{i}{extra}">Story {n}-{i}</a></h2></article>'
                for i in range(3)
            )
            more = f'<a rel="next" href="/news/{n + 1}">next</a>' if n < 3 else ""
            body = f"<html><body><main>{cards}</main>{more}</body></html>"
            return Reply(200, body.encode(), (("ETag", etag), ("Content-Type", "text/html")))

        return route

    routes = {"/news/1": listing(1), "/news/2": listing(2), "/news/3": listing(3)}
    with LoopbackServer(routes) as site:
        source = {
            "name": "paged",
            "url": site.url("/news/1"),
            "items": "article",
            "fields": {"title": "h2 a", "url": "h2 a@href"},
            "next_page": "a[rel=next]@href",
        }
        settings = settings_from_dict(
            {"database": sqlite_url, "defaults": {"delay": "0s"}, "sources": [source]}
        )
        first = _crawl(settings)["paged"]
        site.route("/news/1", listing(1, extra="b"))  # page 1 gains new stories
        before = len(site.requests)
        again = _crawl(settings)["paged"]
        second = [r for r in site.requests[before:] if r.route.startswith("/news/")]
    assert first.counters["pages"] == 3
    assert [r.route for r in second] == ["/news/1", "/news/2"]
    assert second[0].headers.get("if-none-match") == '"p1"'  # sent; the new page differs
    assert second[1].headers.get("if-none-match") == '"p2"'
    assert again.counters["store/new"] == 3
    assert again.counters["fetch/not_modified"] == 1
