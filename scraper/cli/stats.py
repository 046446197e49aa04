"""`tidings stats`: what the database holds (items per source, category and day) and how the
crawls of each source have been going."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Literal

import typer

from scraper.cli.context import errors, reader_for, settings_for
from scraper.cli.render import render_rows

__all__ = ["stats_command"]

StatsFormatOption = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
]
TOP_CATEGORIES = 20


def stats_command(
    ctx: typer.Context,
    fmt: StatsFormatOption = "table",
    days: Annotated[int, typer.Option(min=1, max=3660, help="Publication days to count.")] = 14,
) -> None:
    """Counts per source, category and publication day, and crawl health per source.

    Example: tidings stats --days 7 --format json
    """
    from storage import collection_stats

    with errors(ctx):
        stats = collection_stats(reader_for(settings_for(ctx, required=False)), days=days)
        doc = stats.to_dict()
        if fmt == "json":
            sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            return
        summary = {"items": stats.items, "undated": stats.undated, "sources": len(stats.sources)}
        render_rows([summary], "table", title="items")
        render_rows(_rows(doc["sources"]), "table", title="per source")
        categories = [
            {**row, "category": row["category"] or "(none)"} for row in _rows(doc["categories"])
        ]
        title = f"per category (top {TOP_CATEGORIES})"
        render_rows(categories[:TOP_CATEGORIES], "table", title=title)
        render_rows(_rows(doc["days"]), "table", title=f"per publication day (last {days})")
        render_rows(_rows(doc["crawls"]), "table", title="crawl health")


def _rows(value: object) -> list[dict[str, object]]:
    assert isinstance(value, list)
    return [dict(row) for row in value]
