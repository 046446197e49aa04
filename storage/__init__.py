"""Storage for tidings: typed models, Alembic migrations, batched writes, filtered reads.

The engine is built at the edge (`make_engine`/`open_database`) and passed in to every call.
Only `pipelines` records come in; nothing here raises a tidings exception: SQLAlchemy errors
propagate and callers translate them (`scraper.errors.translate`).

The read side (`storage.query`) loads on first use of one of its names (PEP 562): a crawl only
writes, and every start would pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storage.engine import make_engine, open_database, upgrade
from storage.runs import RUN_STATUSES, SourceKind, SourceRecord, finish_run, start_run, sync_sources
from storage.write.writer import (
    FetchState,
    PageWrite,
    PageWritten,
    WriteCounts,
    load_fetch_state,
    write_page,
    write_pages,
)

if TYPE_CHECKING:
    from storage.query import (
        ItemFilter,
        RunRecord,
        StoredItem,
        count_items,
        last_runs,
        list_runs,
        query_items,
    )

__all__ = [
    "RUN_STATUSES",
    "FetchState",
    "ItemFilter",
    "PageWrite",
    "PageWritten",
    "RunRecord",
    "SourceKind",
    "SourceRecord",
    "StoredItem",
    "WriteCounts",
    "count_items",
    "finish_run",
    "last_runs",
    "list_runs",
    "load_fetch_state",
    "make_engine",
    "open_database",
    "query_items",
    "start_run",
    "sync_sources",
    "upgrade",
    "write_page",
    "write_pages",
]

_QUERY_NAMES = frozenset(
    {
        "ItemFilter",
        "RunRecord",
        "StoredItem",
        "count_items",
        "last_runs",
        "list_runs",
        "query_items",
    }
)

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        if name not in _QUERY_NAMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module("storage.query"), name)
        globals()[name] = value  # later lookups skip this function
        return value
