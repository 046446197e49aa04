"""Writes: a page of items and its fetch state in one transaction, per dialect.

`writer` owns the transaction and the counts; `sqlite` runs SQLite's statements on the driver's
own connection; `postgresql` builds PostgreSQL's statements once.
"""

from __future__ import annotations

from storage.write.writer import (
    CHUNK_ROWS,
    FetchState,
    PageWrite,
    PageWritten,
    WriteCounts,
    load_fetch_state,
    write_page,
    write_pages,
)

__all__ = [
    "CHUNK_ROWS",
    "FetchState",
    "PageWrite",
    "PageWritten",
    "WriteCounts",
    "load_fetch_state",
    "write_page",
    "write_pages",
]
