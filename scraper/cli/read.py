"""The read commands: `query` (stored items, stories, an item's history), `sources`
(configured sources) and `runs`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scraper.cli.context import FormatOption, engine_for, errors, settings_for
from scraper.cli.render import Format, render_rows
from scraper.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage import ItemFilter

__all__ = [
    "ITEM_COLUMNS",
    "RUN_COLUMNS",
    "query_command",
    "runs_command",
    "sources_command",
]

ITEM_COLUMNS = ("published", "source", "category", "title", "url")
STORY_COLUMNS = ("published", "sources", "title", "url")
REVISION_COLUMNS = ("seen_at", "replaced_at", "published", "category", "title")
RUN_COLUMNS = (
    "id",
    "started",
    "source",
    "status",
    "pages",
    "new",
    "updated",
    "duplicate",
    "errors",
    "health",
    "error",
)
SOURCE_COLUMNS = (
    "name",
    "kind",
    "schedule",
    "last_run",
    "last_status",
    "last_new",
    "health",
    "next_run",
    "url",
)


def query_command(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="Match in title or summary.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after: 2026-01-31 or 7d.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before: date or duration.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many items.")] = 50,
    collapse: Annotated[bool, typer.Option(help="One row per story, with its sources.")] = False,
    revisions: Annotated[str | None, typer.Option(help="This URL's edit history.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """Read stored items, newest first.

    Example: tidings query customs --since 7d --collapse --format json
    """
    from scraper.cli.when import parse_when
    from storage import ItemFilter

    with errors(ctx):
        engine = engine_for(settings_for(ctx, required=False))
        flt = ItemFilter(
            text=text,
            source=source,
            category=category,
            limit=limit,
            since=parse_when(since, "--since"),
            until=parse_when(until, "--until"),
        )
        if revisions is not None:
            _show_history(engine, revisions, fmt)
        else:
            _show_items(engine, flt, fmt, collapse=collapse)


def _show_items(engine: Engine, flt: ItemFilter, fmt: Format, *, collapse: bool) -> None:
    from storage import query_items, query_stories

    if collapse:
        found = query_stories(engine, flt)
        stories = [story.to_dict() for story in found]
        if fmt == "table":  # a list reads better as words in a cell
            for row, story in zip(stories, found, strict=True):
                row["sources"] = ", ".join(story.sources)
        render_rows(stories, fmt, columns=STORY_COLUMNS)
    else:
        render_rows([i.to_dict() for i in query_items(engine, flt)], fmt, columns=ITEM_COLUMNS)


def _show_history(engine: Engine, url: str, fmt: Format) -> None:
    from storage import item_history

    history = item_history(engine, url)
    if history is None:
        raise ConfigError("no stored item has this URL", field=f"--revisions {url}")
    render_rows([r.to_dict() for r in history], fmt, columns=REVISION_COLUMNS)


def sources_command(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List configured sources with their last and next run.

    Example: tidings sources --format json
    """
    from scraper.crawl import source_rows

    with errors(ctx):
        settings = settings_for(ctx)
        render_rows(source_rows(settings, engine_for(settings)), fmt, columns=SOURCE_COLUMNS)


def runs_command(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many runs.")] = 20,
    fmt: FormatOption = "table",
) -> None:
    """Show crawl history, newest first.

    Example: tidings runs --source customs-wire --limit 5
    """
    from scraper.crawl import run_rows

    with errors(ctx):
        engine = engine_for(settings_for(ctx, required=False))
        render_rows(run_rows(engine, source=source, limit=limit), fmt, columns=RUN_COLUMNS)
