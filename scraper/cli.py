"""The `tidings` command: a thin shell over the library.

Each command parses its options, calls one library function and renders the result. Results go
to stdout; messages, progress and errors go to stderr. Exit codes (ARCHITECTURE.md): 0 ok,
1 a source or the command failed, 2 bad usage or bad config.

A command imports what it runs when it runs (config, crawl, storage, rich): `tidings --help`
loads none of them, and `crawl --json` no rich. SQLAlchemy, pydantic and rich made every start
cost 1.1 s and 70 MB before (measured with `python -X importtime`).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

from scraper.errors import ConfigError, TidingsError
from scraper.itemview import ITEM_COLUMNS
from scraper.logfmt import KeyValueFormatter
from scraper.render import Format, render_rows, stdout_console

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Engine

    from scraper.config import Settings
    from scraper.crawl import CrawlOptions, SourceResult

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Crawl news listing pages on a schedule, clean and deduplicate the cards, query them.",
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

_COUNTS = ("pages", "new", "updated", "duplicate", "errors")
SUMMARY_COLUMNS = ("source", "status", *_COUNTS, "health", "error")
RUN_COLUMNS = ("id", "started", *SUMMARY_COLUMNS)
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]


@dataclass(slots=True)
class _Global:
    config: str | None
    db: str | None
    debug: bool


@app.callback()
def _global(
    ctx: typer.Context,
    config: Annotated[
        str | None, typer.Option(help="config.yaml path [env TIDINGS_CONFIG].")
    ] = None,
    db: Annotated[str | None, typer.Option(help="Database URL [env TIDINGS_DATABASE_URL].")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each page.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        handlers=[handler],
        force=True,
    )
    ctx.obj = _Global(config=config, db=db, debug=debug)


@cache
def _err() -> Console:
    """The rich Console on stderr, made on first use."""
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _errors(ctx: typer.Context) -> Iterator[None]:
    """Turn errors into one line on stderr and the contract's exit code; tracebacks need --debug.
    Every command runs its body in here, after its imports, so start-up ends on entry."""
    _start_up_done()
    debug = isinstance(ctx.obj, _Global) and ctx.obj.debug
    try:
        yield
    except typer.Exit:
        raise
    except ConfigError as exc:
        _err().print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from (exc if debug else None)
    except TidingsError as exc:
        if debug:
            raise
        _err().print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except Exception as exc:  # the top-level seam: never a bare traceback for a user
        if debug:
            raise
        _err().print(
            f"[red]error:[/red] {type(exc).__name__}: {exc} (run with --debug for details)",
            highlight=False,
        )
        raise typer.Exit(1) from None


def _settings(ctx: typer.Context, *, required: bool = True) -> Settings:
    from scraper.config import load_settings

    g: _Global = ctx.obj
    return load_settings(g.config, database=g.db, required=required)


def _engine(settings: Settings) -> Engine:
    from scraper.database import open_engine

    return open_engine(settings.database)


@app.command("crawl")
def crawl_command(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None, typer.Argument(help="Source names (default: all).")
    ] = None,
    full: Annotated[bool, typer.Option(help="Walk every page up to max_pages.")] = False,
    max_pages: Annotated[int | None, typer.Option(min=1, help="Page cap per source.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Crawl all (or the named) sources once.

    Example: tidings crawl customs-wire --max-pages 3
    """
    from scraper.crawl import CrawlOptions

    with _errors(ctx):
        settings = _settings(ctx)
        if not settings.sources:
            raise ConfigError(
                "no sources configured", path=ctx.obj.config or "config.yaml", field="sources"
            )
        engine = _engine(settings)
        options = CrawlOptions(full=full, max_pages=max_pages)
        results = _run_crawl(settings, engine, sources or [], options, quiet=json_out)
        _print_summary(results, json_out)
        if any(r.status == "failed" for r in results):
            raise typer.Exit(1)


def _run_crawl(
    settings: Settings, engine: Engine, names: list[str], options: CrawlOptions, *, quiet: bool
) -> list[SourceResult]:
    """Run the crawl on an event loop; SIGTERM/SIGINT finish the page in hand and stop."""
    import asyncio
    import signal

    from scraper.crawl import crawl

    async def go() -> list[SourceResult]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        show = not quiet and stdout_console().is_terminal
        if not show:
            return await crawl(settings, engine, sources=names, options=options, stop=stop)
        from scraper.progress import CrawlProgress

        with CrawlProgress(_err()) as progress:
            return await crawl(
                settings, engine, sources=names, options=options, progress=progress, stop=stop
            )

    return asyncio.run(go())


def _print_summary(results: list[SourceResult], json_out: bool) -> None:
    rows = [r.summary() for r in results]
    if json_out:
        for row, result in zip(rows, results, strict=True):
            row["stats"] = dict(result.counters)
        render_rows(rows, "json")
    else:
        render_rows(rows, "table", columns=SUMMARY_COLUMNS, title="crawl summary")


@app.command("query")
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
    from scraper.itemview import show_query
    from scraper.window import parse_when
    from storage import ItemFilter

    with _errors(ctx):
        engine = _engine(_settings(ctx, required=False))
        flt = ItemFilter(
            text=text,
            source=source,
            category=category,
            limit=limit,
            since=parse_when(since, "--since"),
            until=parse_when(until, "--until"),
        )
        show_query(engine, flt, fmt, collapse=collapse, revisions=revisions)


@app.command("sources")
def sources_command(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List configured sources with their last and next run.

    Example: tidings sources --format json
    """
    from scraper.status import source_rows

    with _errors(ctx):
        settings = _settings(ctx)
        render_rows(
            source_rows(settings, _engine(settings)),
            fmt,
            columns=(
                "name",
                "kind",
                "schedule",
                "last_run",
                "last_status",
                "last_new",
                "health",
                "next_run",
                "url",
            ),
        )


@app.command("runs")
def runs_command(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many runs.")] = 20,
    fmt: FormatOption = "table",
) -> None:
    """Show crawl history, newest first.

    Example: tidings runs --source customs-wire --limit 5
    """
    from scraper.status import run_rows

    with _errors(ctx):
        engine = _engine(_settings(ctx, required=False))
        render_rows(
            run_rows(engine, source=source, limit=limit),
            fmt,
            columns=RUN_COLUMNS,
        )


@app.command("parse")
def parse_command(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="PATH_OR_URL", help="A saved page or a URL.")],
    source: Annotated[str | None, typer.Option(help="Use this source's selectors.")] = None,
    base_url: Annotated[str | None, typer.Option(help="URL the page was served at.")] = None,
    fmt: FormatOption = "json",
) -> None:
    """Extract items from one page without storing them.

    Example: tidings parse saved.html --source customs-wire --base-url https://example.org/news/
    """
    import asyncio

    from scraper.preview import item_fields, preview

    with _errors(ctx):
        settings = _settings(ctx, required=source is not None)
        items = asyncio.run(preview(target, settings=settings, source=source, base_url=base_url))
        render_rows([item_fields(i) for i in items], fmt, columns=ITEM_COLUMNS)


@app.command("discover")
def discover_command(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="PATH_OR_URL", help="A saved page or a URL.")],
    base_url: Annotated[str | None, typer.Option(help="URL a saved page was served at.")] = None,
    name: Annotated[str | None, typer.Option(help="Source name for the block.")] = None,
) -> None:
    """Print a config.yaml source block (selectors, pagination, feeds) found on a page.

    Example: tidings discover https://example.org/news/ >> sources.yaml
    """
    import asyncio

    from scraper.discover import discover, source_block

    with _errors(ctx):
        settings = _settings(ctx, required=False)
        found = asyncio.run(discover(target, settings=settings, base_url=base_url))
        sys.stdout.write(source_block(found, name=name))


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    serve: Annotated[
        bool, typer.Option("--serve", help="Only serve the site, until Ctrl-C.")
    ] = False,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Serve the bundled demo site on 127.0.0.1 and crawl it into SQLite, offline.

    Example: tidings --db sqlite:///demo.db demo
    """
    from scraper.crawl import CrawlOptions
    from scraper.demo_crawl import DEMO_PORT, demo_settings, serve_demo, serve_forever
    from storage import ItemFilter, query_items

    with _errors(ctx):
        if serve:
            serve_forever(port or DEMO_PORT, log=sys.stderr)
            return
        g: _Global = ctx.obj
        with serve_demo(port or DEMO_PORT) as base_url:
            settings = demo_settings(base_url, database=g.db)
            engine = _engine(settings)
            _err().print(f"demo site at {base_url} -> {settings.database}", highlight=False)
            results = _run_crawl(settings, engine, [], CrawlOptions(), quiet=json_out)
        _print_summary(results, json_out)
        if not json_out:
            items = [i.to_dict() for i in query_items(engine, ItemFilter(limit=10))]
            render_rows(items, "table", columns=ITEM_COLUMNS, title="newest items")
        if any(r.status == "failed" for r in results):
            raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade_command(ctx: typer.Context) -> None:
    """Apply database migrations (also done on first use).

    Example: tidings --db postgresql+psycopg://localhost/tidings db upgrade
    """
    from storage import upgrade

    with _errors(ctx):
        settings = _settings(ctx, required=False)
        upgrade(_engine(settings))
        _err().print(f"database is up to date: {settings.database}", highlight=False)


def main() -> None:
    """Console-script entry point. The garbage collector is off until the command's imports
    are done: their ~100k objects live as long as the process, and collecting them cost
    100-140 ms of CPU at every start (measured, best of 5). See `_start_up_done`.

    pydantic's plugin discovery (13 ms a start: it reads every installed distribution's entry
    points) is off unless the environment asks for it; it only validates our config here."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    try:
        app(prog_name="tidings")
    finally:
        gc.enable()


def _start_up_done() -> None:
    """Freeze what start-up made (the collector skips it from now on) and collect again; a
    no-op unless `main` turned the collector off."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
