"""Which items a read wants: `ItemFilter`, and the WHERE conditions it becomes (bound
parameters only, never SQL text).

Date bounds come in two kinds, because people mean two things:

- a calendar day (`date`): compared in the item's own zone. An item published 2025-09-30
  08:00 in Singapore is on 2025-09-30 whatever UTC says, so `until=2025-09-30` includes it.
  `published` keeps the local date as its first ten characters (ISO 8601, with the offset), so
  the day test is a string comparison on it; a bound on `published_at` widened by the widest
  offsets (UTC+14, UTC-12) comes along, so the database still walks its index on the instant.
- an instant (`datetime`, aware; "7d" on the command line): compared with `published_at`,
  `since <= published_at < until`.

An item without a publication date never matches a date bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement

from storage.fulltext import match_condition
from storage.models import items_table
from storage.search import SearchQuery, parse_search

__all__ = ["SORTS", "ItemFilter", "item_conditions"]

SORTS = ("relevance", "newest", "oldest")
# The widest UTC offsets in use: a local day starts up to 14 h before the UTC day of the same
# date (Kiribati, UTC+14) and ends up to 12 h after it (UTC-12).
_AHEAD_OF_UTC = timedelta(hours=14)
_BEHIND_UTC = timedelta(hours=12)
_ITEMS = items_table


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What a read selects. `text` is a search (`storage.search` syntax); `since`/`until` are
    days (inclusive, in the item's zone) or aware instants (`since <= t < until`); `sort` is
    one of SORTS, by default relevance with a text and newest without. Raises ValueError for
    a text that is not a search, a limit below 1, an unknown sort, or relevance without text.
    """

    text: str | None = None
    source: str | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 50
    sort: str | None = None

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1, not {self.limit}")
        if self.sort is not None and self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.sort == "relevance" and not self.text:
            raise ValueError("sort=relevance needs a search text")
        for bound in (self.since, self.until):
            if isinstance(bound, datetime) and bound.utcoffset() is None:
                raise ValueError(f"date bound {bound.isoformat()} has no timezone")
        if self.text:
            parse_search(self.text)

    @property
    def search(self) -> SearchQuery | None:
        """The parsed text (checked when the filter was made)."""
        return parse_search(self.text) if self.text else None

    @property
    def order(self) -> str:
        """The sort in force."""
        return self.sort or ("relevance" if self.text else "newest")

    @property
    def has_date_bounds(self) -> bool:
        return self.since is not None or self.until is not None


def item_conditions(
    dialect: str, flt: ItemFilter, *, with_search: bool = True
) -> list[ColumnElement[bool]]:
    """The WHERE conditions on `items` for `flt`; `with_search=False` leaves the text out (a
    relevance read matches it in its own FROM)."""
    c = _ITEMS.c
    conditions: list[ColumnElement[bool]] = []
    search = flt.search
    if with_search and search is not None:
        conditions.append(match_condition(dialect, search))
    if flt.source is not None:
        conditions.append(c.source == flt.source)
    if flt.category is not None:
        conditions.append(c.category == flt.category)
    if flt.since is not None:
        conditions += _since(dialect, flt.since)
    if flt.until is not None:
        conditions += _until(dialect, flt.until)
    return conditions


def _since(dialect: str, bound: date) -> list[ColumnElement[bool]]:
    if isinstance(bound, datetime):
        return [_ITEMS.c.published_at >= bound]
    start = datetime.combine(bound, time(), UTC) - _AHEAD_OF_UTC
    return [_ITEMS.c.published_at >= start, _local_day(dialect) >= bound.isoformat()]


def _until(dialect: str, bound: date) -> list[ColumnElement[bool]]:
    if isinstance(bound, datetime):
        return [_ITEMS.c.published_at < bound]
    day_after = bound + timedelta(days=1)
    end = datetime.combine(day_after, time(), UTC) + _BEHIND_UTC
    return [_ITEMS.c.published_at < end, _local_day(dialect) < day_after.isoformat()]


def _local_day(dialect: str) -> ColumnElement[str]:
    """`published`, compared byte by byte: ISO text sorts as time only in the C collation, and
    a PostgreSQL database's default collation may skip the hyphens."""
    published = _ITEMS.c.published
    return published.collate("C") if dialect == "postgresql" else published
