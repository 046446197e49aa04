"""`tidings demo`: the bundled site on 127.0.0.1, crawled into SQLite, offline."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from scraper.cli.context import Global, engine_for, err_console, errors
from scraper.cli.crawl import print_summary, run_crawl
from scraper.cli.read import ITEM_COLUMNS
from scraper.cli.render import render_rows

__all__ = ["demo_command"]


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
    from scraper.crawl import DEMO_PORT, CrawlOptions, demo_settings, serve_demo, serve_forever
    from storage import ItemFilter, query_items

    with errors(ctx):
        if serve:
            serve_forever(port or DEMO_PORT, log=sys.stderr)
            return
        g: Global = ctx.obj
        with serve_demo(port or DEMO_PORT) as base_url:
            settings = demo_settings(base_url, database=g.db)
            engine = engine_for(settings)
            err_console().print(f"demo site at {base_url} -> {settings.database}", highlight=False)
            results = run_crawl(settings, engine, [], CrawlOptions(), quiet=json_out)
        print_summary(results, json_out)
        if not json_out:
            items = [i.to_dict() for i in query_items(engine, ItemFilter(limit=10))]
            render_rows(items, "table", columns=ITEM_COLUMNS, title="newest items")
        if any(r.status == "failed" for r in results):
            raise typer.Exit(1)
