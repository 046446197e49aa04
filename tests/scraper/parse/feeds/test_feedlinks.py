"""Feed autodiscovery: `<link rel=alternate>` feeds, absolute, in document order, once each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scraper.parse.feeds.links import feed_links

PAGE_URL = "https://paper.harbour.test/edition/today.html"


def test_feed_links_of_a_page(feed_bytes: Callable[[str], bytes]) -> None:
    html = feed_bytes("page-feed-links.html").decode("utf-8")
    assert feed_links(html, page_url=PAGE_URL) == [
        "https://paper.harbour.test/feed.rss",  # ../ against <base href>; its repeat dropped
        "https://paper.harbour.test/edition/atom.xml",  # type parameters ignored
        "https://paper.harbour.test/feed.json",  # rel and type matched case-insensitively
        "https://paper.harbour.test/edition/comments.rss",  # "alternate" among other rel tokens
    ]


CASES = {
    "no-base-relative-to-page": (
        '<link rel="alternate" type="application/atom+xml" href="feed.atom">',
        ["https://paper.harbour.test/edition/feed.atom"],
    ),
    "rel-missing": ('<link type="application/rss+xml" href="/a.rss">', []),
    "type-missing": ('<link rel="alternate" href="/a.rss">', []),
    "not-a-feed-type": ('<link rel="alternate" type="text/xml" href="/a.xml">', []),
    "stylesheet": ('<link rel="stylesheet" type="application/rss+xml" href="/a.rss">', []),
    "empty-href": ('<link rel="alternate" type="application/rss+xml" href="">', []),
    "fragment-only": ('<link rel="alternate" type="application/rss+xml" href="#feed">', []),
    "protocol-relative": (
        '<link rel="alternate" type="application/rss+xml" href="//cdn.harbour.test/f.rss">',
        ["https://cdn.harbour.test/f.rss"],
    ),
    "no-head-at-all": ("<p>No links here</p>", []),
}


@pytest.mark.parametrize(("head", "want"), CASES.values(), ids=CASES)
def test_feed_links_rules(head: str, want: list[str]) -> None:
    html = f"<!DOCTYPE html><html><head>{head}</head><body></body></html>"
    assert feed_links(html, page_url=PAGE_URL) == want
