"""Drop cards that give us nothing to show or to identify: no title, or no URL.

A dropped card is a value, `Rejected(reason)`, counted by the crawler as
`pipeline/rejected/<reason>`; the slugs here ("empty_title", "missing_url") are stable.
"""

from __future__ import annotations

from dataclasses import replace

from pipelines.items import Item, Rejected

__all__ = ["require_title", "require_url"]


def require_title(item: Item) -> Item | Rejected:
    """A card whose title is only whitespace gives us nothing to show or to dedup on."""
    title = " ".join(item.title.split())
    if not title:
        return Rejected("empty_title")
    return item if title == item.title else replace(item, title=title)


def require_url(item: Item) -> Item | Rejected:
    """The URL is the item's identity; a card without one cannot be stored."""
    url = item.url.strip()
    if not url:
        return Rejected("missing_url")
    return item if url == item.url else replace(item, url=url)
