"""The query parameters the endpoints share, their limits, and the `ItemFilter` they make.

Every text parameter refuses NUL (PostgreSQL cannot store or compare it) and has a length
cap, so the schema says what is accepted and a fuzzer's worst string is a 422, never a 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import HTTPException, Query

from scraper.config import parse_when
from scraper.errors import ConfigError

if TYPE_CHECKING:
    from storage import ItemFilter

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "CategoryParam",
    "CursorParam",
    "LimitParam",
    "RawParam",
    "SinceParam",
    "SortParam",
    "SourceParam",
    "TextParam",
    "UntilParam",
    "bad_request",
    "item_filter",
]

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
_NO_NUL = r"^[^\x00]*$"

TextParam = Annotated[
    str | None,
    Query(
        max_length=500,
        pattern=_NO_NUL,
        description='Full-text search: words, "a phrase", prefix*, -excluded.',
    ),
]
SourceParam = Annotated[str | None, Query(max_length=200, pattern=_NO_NUL)]
CategoryParam = Annotated[str | None, Query(max_length=200, pattern=_NO_NUL)]
SinceParam = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=_NO_NUL,
        description="Published on/after: a day (its own zone), an ISO datetime, or a span (7d).",
    ),
]
UntilParam = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=_NO_NUL,
        description="Published on/before a day (inclusive, its own zone), or before an instant.",
    ),
]
SortParam = Annotated[
    Literal["relevance", "newest", "oldest"] | None,
    Query(description="Default: relevance with q, newest without."),
]
LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
RawParam = Annotated[
    bool, Query(description="Add title_raw and summary_raw: the text as the page had it.")
]
CursorParam = Annotated[
    str | None,
    Query(max_length=1000, pattern=r"^[A-Za-z0-9_-]*$", description="From a previous page."),
]


def bad_request(exc: Exception) -> HTTPException:
    """A 400 whose JSON `detail` is the reason."""
    return HTTPException(status_code=400, detail=str(exc))


def item_filter(
    *,
    q: str | None,
    source: str | None,
    category: str | None,
    since: str | None,
    until: str | None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> ItemFilter:
    """The filter the parameters describe, or a 400 saying which one is wrong. Empty values
    (an empty form field) mean "not given"."""
    from storage import ItemFilter

    try:
        return ItemFilter(
            text=q or None,
            source=source or None,
            category=category or None,
            since=parse_when(since or None, "since"),
            until=parse_when(until or None, "until"),
            sort=sort,
            limit=limit,
        )
    except (ValueError, ConfigError) as exc:
        raise bad_request(exc) from exc
