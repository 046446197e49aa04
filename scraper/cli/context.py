"""What every command shares: the global options, the error seam, settings and the engine.

`errors` is the one place an exception becomes one line on stderr and the contract's exit code
(ARCHITECTURE.md: 0 ok, 1 a source or the command failed, 2 bad usage or bad config);
tracebacks need `--debug`. Commands import what they run when they run, so `tidings --help`
loads no config, storage or rich.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

from scraper.cli.render import Format
from scraper.errors import ConfigError, TidingsError, describe
from scraper.runtime import start_up_done

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Engine

    from scraper.config import Settings

__all__ = [
    "FormatOption",
    "Global",
    "config_error",
    "engine_for",
    "err_console",
    "errors",
    "reader_for",
    "settings_for",
    "settings_with_sources",
]

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]


@dataclass(slots=True)
class Global:
    """The options given before the command: `--config`, `--db`, `--debug`."""

    config: str | None
    db: str | None
    debug: bool


@cache
def err_console() -> Console:
    """The rich Console on stderr, made on first use. soft_wrap: an error stays one line
    however long its path or URL, for whoever reads stderr line by line."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


@contextmanager
def errors(ctx: typer.Context) -> Iterator[None]:
    """Turn errors into one line on stderr and the contract's exit code; tracebacks need --debug.
    Every command runs its body in here, after its imports, so start-up ends on entry."""
    start_up_done()
    debug = isinstance(ctx.obj, Global) and ctx.obj.debug
    try:
        yield
    except typer.Exit:
        raise
    except ConfigError as exc:
        err_console().print(f"[red]error:[/red] {describe(exc)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from (exc if debug else None)
    except TidingsError as exc:
        if debug:
            raise
        err_console().print(f"[red]error:[/red] {describe(exc)}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except Exception as exc:  # the top-level seam: never a bare traceback for a user
        if debug:
            raise
        err_console().print(
            f"[red]error:[/red] {describe(exc)} (run with --debug for details)",
            highlight=False,
            soft_wrap=True,  # one line, however long: scripts read stderr line by line
        )
        raise typer.Exit(1) from None


def settings_for(ctx: typer.Context, *, required: bool = True) -> Settings:
    """config.yaml as the global options name it, `--db` applied."""
    from scraper.config import load_settings

    g: Global = ctx.obj
    return load_settings(g.config, database=g.db, required=required)


def settings_with_sources(ctx: typer.Context) -> Settings:
    """`settings_for`, refusing a config with no sources (what `crawl` and `run` need)."""
    settings = settings_for(ctx)
    if not settings.sources:
        raise config_error(ctx, "no sources configured", field="sources")
    return settings


def config_error(ctx: typer.Context, problem: str, *, field: str) -> ConfigError:
    """A `ConfigError` for `field` of the config file the global options name."""
    return ConfigError(problem, path=ctx.obj.config or "config.yaml", field=field)


def engine_for(settings: Settings) -> Engine:
    """The engine for the settings' database, opened (and migrated) at the edge."""
    from scraper.crawl import open_engine

    return open_engine(settings.database)


def reader_for(settings: Settings) -> Engine:
    """The engine of a command that only reads: no database is created for it."""
    from scraper.crawl import open_reader

    return open_reader(settings.database)
