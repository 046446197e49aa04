"""The item filters that `query` and `export` share: their options, and the `ItemFilter` they
make (a bad value is a usage error, exit 2, naming the option)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from scraper.errors import ConfigError

if TYPE_CHECKING:
    from storage import ItemFilter

__all__ = [
    "CategoryOption",
    "SinceOption",
    "SortOption",
    "SourceOption",
    "TextArgument",
    "UntilOption",
    "item_filter",
]

Sort = Literal["relevance", "newest", "oldest"]
TextArgument = Annotated[
    str | None,
    typer.Argument(help='Full-text search: words, "a phrase", prefix*, -excluded.'),
]
SourceOption = Annotated[str | None, typer.Option(help="Only this source.")]
CategoryOption = Annotated[str | None, typer.Option(help="Only this category.")]
SinceOption = Annotated[
    str | None, typer.Option(help="Published on/after: a day (2026-01-31, its own zone) or 7d.")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Published on/before a day (inclusive, its own zone), or 7d.")
]
SortOption = Annotated[
    Sort | None, typer.Option(help="relevance (default with TEXT), newest (default), oldest.")
]


def item_filter(
    *,
    text: str | None,
    source: str | None,
    category: str | None,
    since: str | None,
    until: str | None,
    limit: int = 50,
    sort: str | None = None,
) -> ItemFilter:
    """The filter the options describe; ConfigError (exit 2) for a value it cannot use."""
    from scraper.config import parse_when
    from storage import ItemFilter

    try:
        return ItemFilter(
            text=text,
            source=source,
            category=category,
            since=parse_when(since, "--since"),
            until=parse_when(until, "--until"),
            limit=limit,
            sort=sort,
        )
    except ValueError as exc:
        raise ConfigError(str(exc), field="TEXT" if text else None) from exc
