"""Storage for tidings: typed models, Alembic migrations, batched writes, filtered reads.

The engine is built at the edge (`make_engine`/`open_database`) and passed in to every call.
Only `pipelines` records come in; nothing here raises a tidings exception: SQLAlchemy errors
propagate and callers translate them (`scraper.errors.translate`).
"""

from __future__ import annotations

from storage.engine import make_engine, open_database, upgrade
from storage.query import (
    ItemFilter,
    RunRecord,
    StoredItem,
    count_items,
    last_runs,
    list_runs,
    query_items,
)
from storage.runs import RUN_STATUSES, SourceKind, SourceRecord, finish_run, start_run, sync_sources
from storage.writer import FetchState, WriteCounts, load_fetch_state, write_page

__all__ = [
    "RUN_STATUSES",
    "FetchState",
    "ItemFilter",
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
]
