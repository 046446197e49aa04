"""The read commands: `query` (search stored items, one row per story, an item's edit
history), `sources` (configured sources), `runs`.

They open the database with `reader_for`: a database that does not exist is an error (exit 1),
never created by reading it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scraper.cli.context import (
    FormatOption,
    engine_for,
    err_console,
    errors,
    reader_for,
    settings_for,
)
from scraper.cli.crawl import SUMMARY_COLUMNS
from scraper.cli.filters import (
    CategoryOption,
    SinceOption,
    SortOption,
    SourceOption,
    TextArgument,
    UntilOption,
    item_filter,
)
from scraper.cli.render import Format, highlighted, render_rows
from scraper.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage import Hit, ItemFilter

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
RUN_COLUMNS = ("id", "started", *SUMMARY_COLUMNS)  # a run is a crawl summary row, dated
SOURCE_COLUMNS = (
    "name",
    "kind",
    "schedule",
    "interval",
    "last_run",
    "last_status",
    "last_new",
    "health",
    "reason",
    "next_run",
    "url",
)


def query_command(
    ctx: typer.Context,
    text: TextArgument = None,
    source: SourceOption = None,
    category: CategoryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many items.")] = 50,
    sort: SortOption = None,
    collapse: Annotated[bool, typer.Option(help="One row per story, with its sources.")] = False,
    revisions: Annotated[str | None, typer.Option(help="This URL's edit history.")] = None,
    raw: Annotated[
        bool, typer.Option(help="Add title_raw and summary_raw: the text as the page had it.")
    ] = False,
    fmt: FormatOption = "table",
) -> None:
    """Search and read stored items: best match first with TEXT, else newest first.

    Example: tidings query '"harbour master" tariff* -ferry' --since 7d --format json
    Example: tidings query --collapse --since 7d
    Example: tidings query --raw --format csv --source customs-wire
    """
    from storage import RAW_FIELDS, find_items

    with errors(ctx):
        flt = item_filter(
            text=text,
            source=source,
            category=category,
            since=since,
            until=until,
            limit=limit,
            sort=sort,
        )
        engine = reader_for(settings_for(ctx, required=False))
        if revisions is not None:
            _show_history(engine, revisions, fmt)
            return
        extra = RAW_FIELDS if raw else ()
        if collapse:
            _show_stories(engine, flt, fmt, raw=raw)
            return
        hits = find_items(engine, flt).hits
        rows = [_item_row(hit, table=fmt == "table", raw=raw) for hit in hits]
        searched = ("snippet",) if text else ()
        render_rows(rows, fmt, columns=(*ITEM_COLUMNS[:-1], *extra, *searched, "url"))


def _item_row(hit: Hit, *, table: bool, raw: bool) -> dict[str, object]:
    """The contract's fields (`raw`: and the text as found), plus the snippet of a search:
    highlighted in a table (a rich Text, so nothing in it is read as markup), plain text
    elsewhere."""
    row: dict[str, object] = dict(hit.item.to_dict(raw=raw))
    if hit.snippet is not None:
        row["snippet"] = highlighted(hit.snippet) if table else "".join(t for t, _ in hit.snippet)
    if table and hit.title is not None:
        row["title"] = highlighted(hit.title)
    return row


def _show_stories(engine: Engine, flt: ItemFilter, fmt: Format, *, raw: bool) -> None:
    from storage import RAW_FIELDS, query_stories

    found = query_stories(engine, flt)
    stories = [story.to_dict(raw=raw) for story in found]
    if fmt == "table":  # a list reads better as words in a cell
        for row, story in zip(stories, found, strict=True):
            row["sources"] = ", ".join(story.sources)
    extra = RAW_FIELDS if raw else ()
    render_rows(stories, fmt, columns=(*STORY_COLUMNS[:-1], *extra, "url"))


def _show_history(engine: Engine, url: str, fmt: Format) -> None:
    from storage import item_history

    history = item_history(engine, url)
    if history is None:
        raise ConfigError("no stored item has this URL", field=f"--revisions {url}")
    render_rows([r.to_dict() for r in history], fmt, columns=REVISION_COLUMNS)


def sources_command(
    ctx: typer.Context,
    enable: Annotated[
        str | None, typer.Option(metavar="NAME", help="Bring back a disabled source.")
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """List configured sources: health (and why), last and next run, effective interval.

    Example: tidings sources --enable customs-wire
    """
    from datetime import UTC, datetime

    from scraper.errors import ConfigError
    from scraper.schedule import enable as enable_source
    from scraper.schedule import source_rows

    with errors(ctx):
        settings = settings_for(ctx)
        now = datetime.now(UTC)
        if enable is not None:
            settings.source(enable)  # ConfigError naming the known sources
            if not enable_source(engine_for(settings), enable, now=now):
                raise ConfigError(f"source {enable!r} has no failures to clear", field="--enable")
            err_console().print(f"enabled {enable}", highlight=False)
        render_rows(
            source_rows(settings, reader_for(settings), now=now), fmt, columns=SOURCE_COLUMNS
        )


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
        engine = reader_for(settings_for(ctx, required=False))
        render_rows(run_rows(engine, source=source, limit=limit), fmt, columns=RUN_COLUMNS)
