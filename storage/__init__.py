"""Storage for tidings: typed models, Alembic migrations, batched writes, filtered reads.

The engine is built at the edge (`make_engine`/`open_database`) and passed in to every call.
Only `pipelines` records come in; nothing here raises a tidings exception: SQLAlchemy errors
propagate and callers translate them (`scraper.errors.translate`).

The read side (`query`: pages of items and full-text search, `filters`, `search`, `history`:
crawl runs, `export`, `stats`) loads on first use of one of its names (PEP 562): a crawl only
writes, and every start would pay for it. So does what only the daemon and the cluster use
(`health`, `heartbeat`, `nodes`); the writer loads `neardup` only for a page that links
near-duplicates (`dedup.enabled`), and `rekey` (`tidings db rekey`) loads on use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storage.affixes import load_site_affixes, save_site_affixes
from storage.engine import make_engine, make_read_only, open_database, upgrade
from storage.jobqueue import JOB_QUEUE_TABLE
from storage.leases import (
    Holder,
    Lease,
    current_holder,
    lease_of,
    live_leases,
    release_dead_leases,
    release_lease,
    renew_leases,
    take_lease,
)
from storage.revisions import Revision, item_history
from storage.runs import (
    RUN_STATUSES,
    RunStart,
    SourceKind,
    SourceRecord,
    begin_run,
    end_run,
    finish_run,
    interrupt_orphaned_runs,
    interrupt_runs,
    resume_since,
    start_run,
    sync_sources,
)
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
    from storage.health import (
        SourceState,
        enable_source,
        load_source_state,
        load_source_states,
        save_source_state,
    )
    from storage.heartbeat import Heartbeat, beat, heartbeats, mark_stopped
    from storage.history import RunRecord, StoredSource, last_runs, list_runs, list_sources
    from storage.nodes import ensure_job_queue, last_finished_since, release_stale_holders
    from storage.query import (
        ITEM_FIELDS,
        RAW_FIELDS,
        Hit,
        ItemPage,
        StoredItem,
        Story,
        count_items,
        count_matching,
        facet_values,
        find_items,
        get_item,
        item_fields,
        query_items,
        query_stories,
    )
    from storage.rekey import Rekeyed, rekey_window, unkeyed_items, window_items
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
            "item_fields",
            "query_items",
            "query_stories",
            "ITEM_FIELDS",
            "RAW_FIELDS",
        ),
        "storage.query",
    ),
    **dict.fromkeys(("SearchQuery", "parse_search"), "storage.search"),
    "collection_stats": "storage.stats",
}
# name -> the daemon's module that defines it (source health, heartbeats, cluster nodes)
_DAEMON_SIDE = {
    **dict.fromkeys(
        (
            "SourceState",
            "enable_source",
            "load_source_state",
            "load_source_states",
            "save_source_state",
        ),
        "storage.health",
    ),
    **dict.fromkeys(("Heartbeat", "beat", "heartbeats", "mark_stopped"), "storage.heartbeat"),
    **dict.fromkeys(
        ("ensure_job_queue", "last_finished_since", "release_stale_holders"), "storage.nodes"
    ),
}
# name -> near-duplicate maintenance (`tidings db rekey`)
_DEDUP_SIDE = dict.fromkeys(
    ("Rekeyed", "rekey_window", "unkeyed_items", "window_items"), "storage.rekey"
)
_LAZY = {**_READ_SIDE, **_DAEMON_SIDE, **_DEDUP_SIDE}

__all__ = [
    "EXPORT_FORMATS",
    "ITEM_FIELDS",
    "JOB_QUEUE_TABLE",
    "RAW_FIELDS",
    "RUN_STATUSES",
    "SORTS",
    "FetchState",
    "Heartbeat",
    "Hit",
    "Holder",
    "ItemFilter",
    "ItemPage",
    "Lease",
    "PageWrite",
    "PageWritten",
    "Rekeyed",
    "Revision",
    "RunRecord",
    "RunStart",
    "SearchQuery",
    "SourceKind",
    "SourceRecord",
    "SourceState",
    "StoredItem",
    "StoredSource",
    "Story",
    "WriteCounts",
    "beat",
    "begin_run",
    "collection_stats",
    "count_items",
    "count_matching",
    "current_holder",
    "enable_source",
    "end_run",
    "ensure_job_queue",
    "export_items",
    "facet_values",
    "find_items",
    "finish_run",
    "get_item",
    "heartbeats",
    "interrupt_orphaned_runs",
    "interrupt_runs",
    "item_fields",
    "item_history",
    "iter_items",
    "last_finished_since",
    "last_runs",
    "lease_of",
    "list_runs",
    "list_sources",
    "live_leases",
    "load_fetch_state",
    "load_site_affixes",
    "load_source_state",
    "load_source_states",
    "make_engine",
    "make_read_only",
    "mark_stopped",
    "open_database",
    "parse_search",
    "query_items",
    "query_stories",
    "rekey_window",
    "release_dead_leases",
    "release_lease",
    "release_stale_holders",
    "renew_leases",
    "resume_since",
    "save_site_affixes",
    "save_source_state",
    "start_run",
    "sync_sources",
    "take_lease",
    "unkeyed_items",
    "upgrade",
    "window_items",
    "write_page",
    "write_pages",
]

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
