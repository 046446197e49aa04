"""`tidings crawl`: one-off crawls, with a progress display and a summary table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scraper.cli.context import engine_for, err_console, errors, settings_with_sources
from scraper.cli.render import render_rows, stdout_console

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from scraper.config import Settings
    from scraper.crawl import CrawlOptions, SourceResult

__all__ = ["SUMMARY_COLUMNS", "crawl_command", "print_summary", "run_crawl"]

SUMMARY_COLUMNS = (
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


def crawl_command(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None, typer.Argument(help="Source names (default: all).")
    ] = None,
    full: Annotated[bool, typer.Option(help="Walk every page up to max_pages.")] = False,
    max_pages: Annotated[int | None, typer.Option(min=1, help="Page cap per source.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Crawl all (or the named) sources once, and record each one's health, failures and
    backoff as the daemon would. A source another process is crawling (the daemon) is skipped
    as "held", and the exit code is 1.

    Example: tidings crawl customs-wire --max-pages 3
    """
    from datetime import UTC, datetime

    from scraper.crawl import CrawlOptions, check_dedup_keys, recover_interrupted

    with errors(ctx):
        settings = settings_with_sources(ctx)
        engine = engine_for(settings)
        recover_interrupted(engine, now=datetime.now(UTC))
        check_dedup_keys(settings, engine, now=datetime.now(UTC))
        options = CrawlOptions(full=full, max_pages=max_pages)
        results = run_crawl(settings, engine, sources or [], options, quiet=json_out)
        print_summary(results, json_out)
        if any(r.status in ("failed", "held") for r in results):
            raise typer.Exit(1)


def run_crawl(
    settings: Settings, engine: Engine, names: list[str], options: CrawlOptions, *, quiet: bool
) -> list[SourceResult]:
    """Run the crawl on an event loop; SIGTERM/SIGINT finish the page in hand and stop."""
    import asyncio
    import signal

    from scraper.schedule import crawl_sources

    async def go() -> list[SourceResult]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        show = not quiet and stdout_console().is_terminal
        if not show:
            jobs = await crawl_sources(settings, engine, names, options=options, stop=stop)
            return [job.result for job in jobs]
        from scraper.cli.progress import CrawlProgress

        with CrawlProgress(err_console()) as progress:
            jobs = await crawl_sources(
                settings, engine, names, options=options, progress=progress, stop=stop
            )
        return [job.result for job in jobs]

    return asyncio.run(go())


def print_summary(results: list[SourceResult], json_out: bool) -> None:
    """The summary table, or JSON with each source's counters under `stats`."""
    rows = [r.summary() for r in results]
    if json_out:
        for row, result in zip(rows, results, strict=True):
            row["stats"] = dict(result.counters)
        render_rows(rows, "json")
    else:
        render_rows(rows, "table", columns=SUMMARY_COLUMNS, title="crawl summary")
