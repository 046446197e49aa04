"""Listing pages -> RawItems: one strategy per module, one public surface here.

`selectors` reads cards with the CSS selectors of a source's config; `auto` finds them with no
selectors (repeated card structure) and `structured` reads JSON-LD, microdata and hAtom;
`feeds` reads RSS and Atom, and `feedlinks` finds the feeds a page announces; `pagination`
follows a configured next link or template, `nextpage` detects one; `document` holds what
every strategy needs (the tree, base URL, links, text).
"""

from __future__ import annotations

from scraper.parse.auto import AutoPage, extract_auto
from scraper.parse.feedlinks import feed_links
from scraper.parse.feeds import FeedPage, parse_feed
from scraper.parse.nextpage import detect_next_page
from scraper.parse.selectors import ParsedPage, SelectorSpec, extract_page, split_selector

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
