"""Storage for tidings: typed models, Alembic migrations, batched writes, filtered reads.

The engine is built at the edge (`make_engine`/`open_database`) and passed in to every call.
Only `pipelines` records come in; nothing here raises a tidings exception: SQLAlchemy errors
propagate and callers translate them (`scraper.errors.translate`).

The read side (`query`: pages of items and full-text search, `filters`, `search`, `history`:
crawl runs, `export`, `stats`) loads on first use of one of its names (PEP 562): a crawl only
writes, and every start would pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storage.engine import make_engine, make_read_only, open_database, upgrade
from storage.revisions import Revision, item_history
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
    from storage.export import EXPORT_FORMATS, export_items, iter_items
    from storage.filters import SORTS, ItemFilter
    from storage.history import RunRecord, StoredSource, last_runs, list_runs, list_sources
    from storage.query import (
        Hit,
        ItemPage,
        StoredItem,
        Story,
        count_items,
        count_matching,
        facet_values,
        find_items,
        get_item,
        query_items,
        query_stories,
    )
    from storage.search import SearchQuery, parse_search
    from storage.stats import collection_stats

# name -> the read-side module that defines it
_READ_SIDE = {
    **dict.fromkeys(("EXPORT_FORMATS", "export_items", "iter_items"), "storage.export"),
    **dict.fromkeys(("SORTS", "ItemFilter"), "storage.filters"),
    **dict.fromkeys(
        ("RunRecord", "StoredSource", "last_runs", "list_runs", "list_sources"), "storage.history"
    ),
    **dict.fromkeys(
        (
            "Hit",
            "ItemPage",
            "StoredItem",
            "Story",
            "count_items",
            "count_matching",
            "facet_values",
            "find_items",
            "get_item",
            "query_items",
            "query_stories",
        ),
        "storage.query",
    ),
    **dict.fromkeys(("SearchQuery", "parse_search"), "storage.search"),
    "collection_stats": "storage.stats",
}

__all__ = [
    "EXPORT_FORMATS",
    "RUN_STATUSES",
    "SORTS",
    "FetchState",
    "Hit",
    "ItemFilter",
    "ItemPage",
    "PageWrite",
    "PageWritten",
    "Revision",
    "RunRecord",
    "SearchQuery",
    "SourceKind",
    "SourceRecord",
    "StoredItem",
    "StoredSource",
    "Story",
    "WriteCounts",
    "collection_stats",
    "count_items",
    "count_matching",
    "export_items",
    "facet_values",
    "find_items",
    "finish_run",
    "get_item",
    "item_history",
    "iter_items",
    "last_runs",
    "list_runs",
    "list_sources",
    "load_fetch_state",
    "make_engine",
    "make_read_only",
    "open_database",
    "parse_search",
    "query_items",
    "query_stories",
    "start_run",
    "sync_sources",
    "upgrade",
    "write_page",
    "write_pages",
]

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _READ_SIDE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
