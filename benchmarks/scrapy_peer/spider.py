"""The Scrapy peer: the same pages, the same five fields, stored to SQLite with unique URLs.

Written the way the Scrapy docs teach it, and tuned as issue 4 asks (`SETTINGS`): 64
concurrent requests overall and per domain, no AutoThrottle, no download delay, robots.txt
and telnet off, WARNING logs. The spider starts at each source's first page, reads every
`article.card` with CSS selectors (`SCRAPY_SELECTORS` from the manifest: the same cards and
fields tidings reads), and follows `a[rel=next]`. `SQLitePipeline` buffers items and writes
them `INSERT OR IGNORE` into a table whose `url` is UNIQUE, one commit per `BUFFER_ITEMS`
(batched, as tidings writes one transaction per page), with WAL and synchronous=NORMAL like
tidings' SQLite settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

__all__ = ["BUFFER_ITEMS", "SETTINGS", "ListingSpider", "SQLitePipeline"]

BUFFER_ITEMS = 100
SETTINGS: dict[str, object] = {
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "DOWNLOAD_DELAY": 0,
    "USER_AGENT": "scrapy-peer/1.0 (+benchmark on 127.0.0.1)",
    "ITEM_PIPELINES": {"benchmarks.scrapy_peer.spider.SQLitePipeline": 300},
}
_CREATE = """CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    summary TEXT,
    published TEXT,
    category TEXT,
    source TEXT NOT NULL
)"""
_INSERT = (
    "INSERT OR IGNORE INTO items (url, title, summary, published, category, source) "
    "VALUES (:url, :title, :summary, :date, :category, :source)"
)


class ListingSpider(scrapy.Spider):
    """Listing pages -> one dict per card; `selectors` are the manifest's `scrapy_selectors`."""

    name = "listing"

    def __init__(
        self, *, start_urls: list[str], selectors: Mapping[str, str], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = start_urls
        self.selectors = dict(selectors)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        sel = self.selectors
        source = response.url.split("/", 4)[3]
        for card in response.css(sel["items"]):
            href = card.css(sel["url"]).get()
            yield {
                "title": _text(card.css(sel["title"]).get()),
                "url": response.urljoin(href) if href else None,
                "summary": _text(card.css(sel["summary"]).get()),
                "date": _text(card.css(sel["date"]).get()),
                "category": _text(card.css(sel["category"]).get()),
                "source": source,
            }
        next_page = response.css(sel["next_page"]).get()
        if next_page:
            yield response.follow(next_page, callback=self.parse)


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


class SQLitePipeline:
    """Buffered `INSERT OR IGNORE` into SQLite: one executemany and one commit per buffer."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.buffer: list[dict[str, Any]] = []
        self.conn: sqlite3.Connection | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        return cls(crawler.settings.get("PEER_DB_PATH", "peer.db"))

    def open_spider(self) -> None:
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(_CREATE)
        self.conn.commit()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item.get("url") and item.get("title"):
            self.buffer.append(item)
        if len(self.buffer) >= BUFFER_ITEMS:
            self._flush()
        return item

    def close_spider(self) -> None:
        self._flush()
        if self.conn is not None:
            self.conn.close()

    def _flush(self) -> None:
        if not self.buffer or self.conn is None:
            return
        with self.conn:  # one transaction: commit on success
            self.conn.executemany(_INSERT, self.buffer)
        self.buffer.clear()
