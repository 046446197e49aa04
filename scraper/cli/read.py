"""The read commands: `query` (stored items), `sources` (configured sources) and `runs`."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.cli.context import FormatOption, engine_for, err_console, errors, settings_for
from scraper.cli.render import render_rows

__all__ = [
    "ITEM_COLUMNS",
    "RUN_COLUMNS",
    "query_command",
    "runs_command",
    "sources_command",
]

ITEM_COLUMNS = ("published", "source", "category", "title", "url")
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
    text: Annotated[str | None, typer.Argument(help="Match in title or summary.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after: 2026-01-31 or 7d.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before: date or duration.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many items.")] = 50,
    fmt: FormatOption = "table",
) -> None:
    """Read stored items, newest first.

    Example: tidings query customs --since 7d --format json
    """
    from scraper.cli.when import parse_when
    from storage import ItemFilter, query_items

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
        rows = [item.to_dict() for item in query_items(engine, flt)]
        render_rows(rows, fmt, columns=ITEM_COLUMNS)


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
        engine = engine_for(settings)
        now = datetime.now(UTC)
        if enable is not None:
            settings.source(enable)  # ConfigError naming the known sources
            if not enable_source(engine, enable, now=now):
                raise ConfigError(f"source {enable!r} has no failures to clear", field="--enable")
            err_console().print(f"enabled {enable}", highlight=False)
        render_rows(source_rows(settings, engine, now=now), fmt, columns=SOURCE_COLUMNS)


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
