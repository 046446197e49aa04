"""The one-page commands: `parse` (extract without storing) and `discover` (write selectors)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from scraper.cli.context import FormatOption, errors, settings_for
from scraper.cli.read import ITEM_COLUMNS
from scraper.cli.render import render_rows

__all__ = ["discover_command", "parse_command"]


def parse_command(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="PATH_OR_URL", help="A saved page or a URL.")],
    source: Annotated[str | None, typer.Option(help="Use this source's selectors.")] = None,
    base_url: Annotated[str | None, typer.Option(help="URL the page was served at.")] = None,
    fmt: FormatOption = "json",
) -> None:
    """Extract items from one page without storing them; says so on stderr when it finds none.

    Example: tidings parse saved.html --source customs-wire --base-url https://example.org/news/
    """
    import asyncio

    from scraper.crawl import item_fields, preview

    with errors(ctx):
        settings = settings_for(ctx, required=source is not None)
        items = asyncio.run(preview(target, settings=settings, source=source, base_url=base_url))
        if not items:
            sys.stderr.write(f"no cards found in {target}\n")
        render_rows([item_fields(i) for i in items], fmt, columns=ITEM_COLUMNS)


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

    from scraper.crawl import discover, source_block

    with errors(ctx):
        settings = settings_for(ctx, required=False)
        found = asyncio.run(discover(target, settings=settings, base_url=base_url))
        sys.stdout.write(source_block(found, name=name))
