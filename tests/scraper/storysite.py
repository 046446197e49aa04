"""A small news site of our own making for the issue-13 crawls: listings and feeds whose
content a test changes between runs, served by `LoopbackServer` on 127.0.0.1.

A `Card` is one article teaser; `listing` renders cards as the HTML the selectors in
`listing_source` read, `feed` as RSS 2.0. `StorySite.pages` maps a path to its body; tests
assign to it between crawls (the server reads it on every request).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any

from loopback import LoopbackServer, RecordedRequest, Reply


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    href: str
    summary: str = ""
    date: str = ""


def listing(cards: list[Card], *, next_href: str | None = None) -> str:
    """An HTML listing: one <article> per card, and a rel=next link when there is a next page."""
    articles = "\n".join(
        f'<article><h2><a href="{escape(c.href)}">{escape(c.title)}</a></h2>'
        f'<p>{escape(c.summary)}</p><span class="date">{escape(c.date)}</span></article>'
        for c in cards
    )
    more = f'<a rel="next" href="{escape(next_href)}">Older</a>' if next_href else ""
    return f"<!doctype html><html lang='en'><body><main>{articles}</main>{more}</body></html>"


def feed(cards: list[Card]) -> str:
    """An RSS 2.0 feed of the cards (`date` as RFC 2822)."""
    entries = "".join(
        f"<item><title>{escape(c.title)}</title><link>{escape(c.href)}</link>"
        f"<description>{escape(c.summary)}</description><pubDate>{escape(c.date)}</pubDate></item>"
        for c in cards
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed</title><link>http://feed.test/</link>{entries}</channel></rss>"
    )


def listing_source(name: str, url: str, **extra: Any) -> dict[str, Any]:
    """A config block whose selectors read `listing`'s markup."""
    return {
        "name": name,
        "url": url,
        "items": "article",
        "fields": {"title": "h2 a", "url": "h2 a@href", "summary": "p", "date": ".date"},
        "next_page": "a[rel=next]@href",
        **extra,
    }


@dataclass(slots=True)
class StorySite:
    """The server and the pages it serves (path -> HTML or RSS text)."""

    server: LoopbackServer
    pages: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.server.url(path)

    def put(self, path: str, body: str) -> str:
        """Serve `body` at `path` from now on; the page's absolute URL."""
        self.pages[path] = body
        self.server.route(path, self._answer)
        return self.url(path)

    def _answer(self, request: RecordedRequest, _hit: int) -> Reply:
        body = self.pages.get(request.route)
        if body is None:
            return Reply(404, b"not found")
        kind = "application/rss+xml" if body.startswith("<?xml") else "text/html"
        return Reply(200, body.encode(), headers=(("Content-Type", f"{kind}; charset=utf-8"),))


def serve_story_site() -> Iterator[StorySite]:
    """Serve an empty `StorySite` (every path answers from `pages`) until the caller is done."""
    server = LoopbackServer()
    site = StorySite(server)
    with server:
        yield site
