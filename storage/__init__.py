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
from storage.health import (
    SourceState,
    enable_source,
    load_source_state,
    load_source_states,
    save_source_state,
)
from storage.heartbeat import Heartbeat, beat, heartbeats, mark_stopped
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
from storage.nodes import ensure_job_queue, last_finished_since, release_stale_holders
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
    "JOB_QUEUE_TABLE",
    "RUN_STATUSES",
    "FetchState",
    "Heartbeat",
    "Holder",
    "ItemFilter",
    "Lease",
    "PageWrite",
    "PageWritten",
    "RunRecord",
    "RunStart",
    "SourceKind",
    "SourceRecord",
    "SourceState",
    "StoredItem",
    "WriteCounts",
    "beat",
    "begin_run",
    "count_items",
    "current_holder",
    "enable_source",
    "end_run",
    "ensure_job_queue",
    "finish_run",
    "heartbeats",
    "interrupt_orphaned_runs",
    "interrupt_runs",
    "last_finished_since",
    "last_runs",
    "lease_of",
    "list_runs",
    "live_leases",
    "load_fetch_state",
    "load_source_state",
    "load_source_states",
    "make_engine",
    "mark_stopped",
    "open_database",
    "query_items",
    "release_dead_leases",
    "release_lease",
    "release_stale_holders",
    "renew_leases",
    "resume_since",
    "save_source_state",
    "start_run",
    "sync_sources",
    "take_lease",
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
