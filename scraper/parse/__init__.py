"""Listing pages -> RawItems: one strategy per module, one public surface here.

`selectors` reads cards with the CSS selectors of a source's config; `auto` finds them with no
selectors; `feeds` reads RSS, Atom and JSON Feed; `strategy` picks one of them for a page;
`pagination` finds where a listing continues; `css` is config.yaml's selector syntax (CSS plus
`@attr`), which config checks a file with.

Every name but the selector syntax loads on first use (PEP 562): config imports `css_problem`
at every start, and a read command must not pay for lexbor and the extractors.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from scraper.parse.css import FIELD_NAMES, PAGE_SLOT, REQUIRED_FIELDS, css_problem, split_selector

if TYPE_CHECKING:
    from scraper.parse.auto import AutoPage, extract_auto
    from scraper.parse.feeds import FeedPage, feed_links, parse_feed
    from scraper.parse.pagination import detect_next_page
    from scraper.parse.selectors import ParsedPage, SelectorSpec, extract_page
    from scraper.parse.strategy import Extraction, extract

__all__ = [
    "FIELD_NAMES",
    "PAGE_SLOT",
    "REQUIRED_FIELDS",
    "AutoPage",
    "Extraction",
    "FeedPage",
    "ParsedPage",
    "SelectorSpec",
    "css_problem",
    "detect_next_page",
    "extract",
    "extract_auto",
    "extract_page",
    "feed_links",
    "parse_feed",
    "split_selector",
]

_LAZY = {
    "AutoPage": "scraper.parse.auto",
    "extract_auto": "scraper.parse.auto",
    "FeedPage": "scraper.parse.feeds",
    "feed_links": "scraper.parse.feeds",
    "parse_feed": "scraper.parse.feeds",
    "detect_next_page": "scraper.parse.pagination",
    "ParsedPage": "scraper.parse.selectors",
    "SelectorSpec": "scraper.parse.selectors",
    "extract_page": "scraper.parse.selectors",
    "Extraction": "scraper.parse.strategy",
    "extract": "scraper.parse.strategy",
}

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
