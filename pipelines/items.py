"""The records that flow from the parser through the stages into storage.

`RawItem` holds strings exactly as the page gave them; `Item` is what stages refine; a stage
returns `Rejected` (a value, never an exception) to drop a card, and the reason is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Item", "RawItem", "Rejected"]


@dataclass(frozen=True, slots=True)
class RawItem:
    """One card as extracted: text as found, `url` already absolute (resolved by the parser)."""

    title: str | None
    url: str | None
    summary: str | None = None
    date: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A card on its way to storage.

    `published` is ISO 8601 (a date, or a datetime with offset); `published_at` is the same
    instant as aware UTC, for ordering and filters (a bare date is midnight in the source's
    timezone). `content_hash` is set by the dedup stage and decides "unchanged" vs "updated".
    `published_tolerance_s` is how far a re-reading of the same date text may move
    `published_at` (an hour for "3 hours ago", 0 for a written date): storage treats a move
    within it as the same date, not an edit. It is not stored, and not in the hash.
    `title_raw` and `summary_raw` are the card's text as found, before any cleaning; stored
    beside the clean values when they differ, never hashed.
    """

    url: str
    title: str
    source: str
    summary: str | None = None
    published: str | None = None
    published_at: datetime | None = None
    published_raw: str | None = None
    category: str | None = None
    content_hash: str = ""
    published_tolerance_s: int = 0
    title_raw: str | None = None
    summary_raw: str | None = None

    @classmethod
    def from_raw(cls, raw: RawItem, *, source: str) -> Item:
        """Start a record from a card; stages clean it from here."""
        return cls(
            url=raw.url or "",
            title=raw.title or "",
            source=source,
            summary=raw.summary,
            published_raw=raw.date,
            category=raw.category,
            title_raw=raw.title,
            summary_raw=raw.summary,
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A dropped card. `reason` is a stable slug, counted as pipeline/rejected/<reason>."""

    reason: str
