"""Stream items out as JSON Lines, CSV or one JSON array, in flat memory whatever the size.

Rows come off one cursor in batches (`yield_per`): a server-side cursor on PostgreSQL, and on
SQLite the statement steps through the table as it is read. Each row is written and dropped
before the next batch is fetched, so a million items take the memory of a thousand. They come
in row-id order (the order they were first stored): an index walk, where sorting by date would
first gather every row. The fields are the contract's item fields, exactly; `raw` adds the
text as found (`storage.query.RAW_FIELDS`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from typing import Literal, TextIO

from sqlalchemy import Engine, select

from storage.filters import ItemFilter, item_conditions
from storage.models import items_table
from storage.query import StoredItem, item_fields

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export_items", "iter_items"]

ExportFormat = Literal["jsonl", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "json")
BATCH_ROWS = 1000
_ITEMS = items_table
_FIELDS = [field.name for field in fields(StoredItem)]


def iter_items(
    engine: Engine, flt: ItemFilter, *, batch_rows: int = BATCH_ROWS
) -> Iterator[StoredItem]:
    """Every item `flt` selects (its limit and sort are ignored), in row-id order, streamed."""
    stmt = (
        select(*(_ITEMS.c[name] for name in _FIELDS))
        .where(*item_conditions(engine.dialect.name, flt))
        .order_by(_ITEMS.c.id)
    )
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch_rows).execute(stmt)
        for row in result:
            yield StoredItem(*row)


def export_items(
    engine: Engine,
    flt: ItemFilter,
    fmt: ExportFormat,
    out: TextIO,
    *,
    progress: Callable[[int], None] | None = None,
    raw: bool = False,
) -> int:
    """Write every item `flt` selects to `out` in `fmt`; how many were written. `progress` is
    called with the count so far after each batch; `raw` adds `title_raw` and `summary_raw`."""
    write = _WRITERS[fmt](out, item_fields(raw=raw))
    count = 0
    for item in iter_items(engine, flt):
        write(item.to_dict(raw=raw))
        count += 1
        if progress is not None and count % BATCH_ROWS == 0:
            progress(count)
    write(None)
    if progress is not None:
        progress(count)
    return count


_Write = Callable[[dict[str, str | None] | None], None]  # None: the end


def _jsonl(out: TextIO, names: Sequence[str]) -> _Write:
    def write(row: dict[str, str | None] | None) -> None:
        if row is not None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")

    return write


def _json(out: TextIO, names: Sequence[str]) -> _Write:
    started = False

    def write(row: dict[str, str | None] | None) -> None:
        nonlocal started
        if row is None:
            out.write("\n]\n" if started else "[]\n")
            return
        out.write(",\n  " if started else "[\n  ")
        started = True
        out.write(json.dumps(row, ensure_ascii=False))

    return write


def _csv(out: TextIO, names: Sequence[str]) -> _Write:
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()

    def write(row: dict[str, str | None] | None) -> None:
        if row is not None:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})

    return write


_WRITERS: dict[ExportFormat, Callable[[TextIO, Sequence[str]], _Write]] = {
    "jsonl": _jsonl,
    "json": _json,
    "csv": _csv,
}
