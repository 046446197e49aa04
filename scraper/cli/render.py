"""How results look on stdout: rich tables for people, JSON/JSONL/CSV for scripts.

The CLI picks a renderer; nothing here knows where rows came from, so `query`, `parse`, `runs`
and the crawl summary share one table and one JSON shape. rich is imported only to draw a
table: `crawl --json` never needs it (rich.console alone is 5 MB of RSS and 50 ms at start).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

__all__ = ["Format", "highlighted", "render_rows", "stdout_console"]

Format = Literal["table", "json", "jsonl", "csv"]
Row = Mapping[str, object]
# Piped tables keep their width: a pipe has no terminal to fit, and 80 columns fold every cell.
_PIPED_WIDTH = 200


@cache
def stdout_console() -> Console:
    """The rich Console on stdout (one per process), made on first use."""
    from rich.console import Console

    return Console(soft_wrap=True, width=None if sys.stdout.isatty() else _PIPED_WIDTH)


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def render_rows(
    rows: Sequence[Row],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print `rows` in `fmt` on stdout. Tables show `columns` (all keys by default); machine
    formats keep every key, so a script never loses a field the table hides."""
    if fmt == "json":
        text = json.dumps(
            [{k: _plain(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2
        )
        sys.stdout.write(text + "\n")
    elif fmt == "jsonl":
        for row in rows:
            sys.stdout.write(
                json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
            )
    elif fmt == "csv":
        sys.stdout.write(_csv(rows))
    else:
        stdout_console().print(_table(rows, columns, title))


def _csv(rows: Sequence[Row]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else _plain(v) for k, v in row.items()})
    return buffer.getvalue()


def _table(rows: Sequence[Row], columns: Sequence[str] | None, title: str | None) -> Table:
    from rich.table import Table

    names = list(columns or (rows[0].keys() if rows else ()))
    if rows:  # a column empty in every row only takes width
        names = [n for n in names if any(r.get(n) not in (None, "") for r in rows)]
    table = Table(title=title, show_lines=False, header_style="bold")
    for name in names:
        numeric = bool(rows) and all(isinstance(r.get(name), int) for r in rows)
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(name)) for name in names))
    return table


def highlighted(parts: Sequence[tuple[str, bool]]) -> Text:
    """A snippet's parts as one rich Text, the matches in bold yellow."""
    from rich.text import Text

    text = Text()
    for part, is_match in parts:
        text.append(part, style="bold yellow" if is_match else None)
    return text


def _cell(value: object) -> Text:
    """A table cell as rich Text: stored text is shown as it is, never read as rich markup (a
    title like "[Update] ..." keeps its brackets)."""
    from rich.text import Text

    if isinstance(value, Text):
        return value
    if value is None:
        return Text("")
    if isinstance(value, datetime):
        return Text(value.strftime("%Y-%m-%d %H:%M %Z").strip())
    return Text(str(value))
