"""Listing pages -> RawItems: one strategy per module, one public surface here.

`selectors` reads cards with the CSS selectors of a source's config; `pagination` finds the next
page; `document` holds what every strategy needs (the tree, base URL, links, text).
"""

from __future__ import annotations

from scraper.parse.selectors import ParsedPage, SelectorSpec, extract_page, split_selector

__all__ = ["ParsedPage", "SelectorSpec", "extract_page", "split_selector"]
