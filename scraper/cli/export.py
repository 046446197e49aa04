"""`tidings export`: stream every selected item out, as JSON Lines, CSV or one JSON array.

Rows go straight from the database cursor to the file (`storage.export_items`), so memory
stays flat on any size. A progress bar is drawn on stderr when stderr is a terminal.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer

from scraper.cli.context import err_console, errors, reader_for, settings_for
from scraper.cli.filters import (
    CategoryOption,
    SinceOption,
    SourceOption,
    TextArgument,
    UntilOption,
    item_filter,
)

__all__ = ["export_command"]

ExportFormatOption = Annotated[
    Literal["jsonl", "csv", "json"], typer.Option("--format", "-f", help="jsonl, csv or json.")
]


def export_command(
    ctx: typer.Context,
    text: TextArgument = None,
    source: SourceOption = None,
    category: CategoryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: ExportFormatOption = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    raw: Annotated[
        bool, typer.Option(help="Add title_raw and summary_raw: the text as the page had it.")
    ] = False,
) -> None:
    """Stream items out (all of them, or those the filters select), in storage order.

    Example: tidings export --format csv --source customs-wire --since 2026-01-01 -o wire.csv
    Example: tidings export --raw --format jsonl -o items-with-raw-text.jsonl
    """
    from storage import count_matching, export_items

    with errors(ctx):
        flt = item_filter(text=text, source=source, category=category, since=since, until=until)
        engine = reader_for(settings_for(ctx, required=False))
        with ExitStack() as stack:
            out: TextIO = sys.stdout
            if output is not None:
                out = stack.enter_context(output.open("w", encoding="utf-8", newline=""))
            progress = None
            if sys.stderr.isatty():
                from scraper.cli.progress import CountProgress

                bar = stack.enter_context(
                    CountProgress(err_console(), "export", count_matching(engine, flt))
                )
                progress = bar.update
            written = export_items(engine, flt, fmt, out, progress=progress, raw=raw)
        if output is not None:
            err_console().print(f"{written} items written to {output}", highlight=False)
