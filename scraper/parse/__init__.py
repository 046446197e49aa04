"""Listing pages -> RawItems: one strategy per module, one public surface here.

`selectors` reads cards with the CSS selectors of a source's config; `auto` finds them with no
selectors (repeated card structure) and `structured` reads JSON-LD, microdata and hAtom;
`feeds` reads RSS and Atom, and `feedlinks` finds the feeds a page announces; `pagination`
follows a configured next link or template, `nextpage` detects one; `document` holds what
every strategy needs (the tree, base URL, links, text).

`auto`, `feeds` and `feedlinks` load on first use of one of their names (PEP 562): a crawl by
selectors needs none of them, and their import was 60-80 ms of every start (measured with
`python -X importtime`, modules compiled from source).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from scraper.parse.nextpage import detect_next_page
from scraper.parse.selectors import ParsedPage, SelectorSpec, extract_page, split_selector

if TYPE_CHECKING:
    from scraper.parse.auto import AutoPage, extract_auto
    from scraper.parse.feedlinks import feed_links
    from scraper.parse.feeds import FeedPage, parse_feed

__all__ = [
    "AutoPage",
    "FeedPage",
    "ParsedPage",
    "SelectorSpec",
    "detect_next_page",
    "extract_auto",
    "extract_page",
    "feed_links",
    "parse_feed",
    "split_selector",
]

_LAZY = {
    "AutoPage": "scraper.parse.auto",
    "extract_auto": "scraper.parse.auto",
    "feed_links": "scraper.parse.feedlinks",
    "FeedPage": "scraper.parse.feeds",
    "parse_feed": "scraper.parse.feeds",
}

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
