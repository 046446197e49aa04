"""The crawl's side of leases and source records: renewal while a crawl lasts, who holds a
source, and syncing each source's record once per process.

A lease outlives a stalled renewal by `LEASE_TTL_S`; a killed holder's lapses after it (or at
once when its host sees the pid gone: `recover_interrupted`). It is renewed every third of it.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.engine import Engine

from scraper.crawl.database import in_database
from storage import Holder, SourceRecord, lease_of, renew_leases, sync_sources

__all__ = ["LEASE_TTL_S", "held_reason", "keep_leases", "sync_once"]

LEASE_TTL_S = 60.0
# The source records each engine was told about by this process (see `sync_once`).
_SYNCED: weakref.WeakKeyDictionary[Engine, dict[str, SourceRecord]] = weakref.WeakKeyDictionary()


async def keep_leases(engine: Engine, holder: Holder, now: Callable[[], datetime]) -> None:
    """Keep `holder`'s leases alive until cancelled (one UPDATE for all of them)."""
    while True:
        await asyncio.sleep(LEASE_TTL_S / 3)
        await in_database(engine, renew_leases, engine, holder, ttl_s=LEASE_TTL_S, now=now())


async def held_reason(engine: Engine, source: str) -> str:
    """Why a source could not be leased: who holds it."""
    lease = await in_database(engine, lease_of, engine, source)
    return f"held by {lease.holder}" if lease else "held by another process"


async def sync_once(engine: Engine, records: Sequence[SourceRecord], now: datetime) -> None:
    """Store the records this process has not yet stored as they are now: the daemon crawls
    each source every few minutes, and its config does not change between two runs."""
    synced = _SYNCED.get(engine, {})
    unsynced = [r for r in records if synced.get(r.name) != r]
    if unsynced:
        await in_database(engine, sync_sources, engine, unsynced, now=now)
        _SYNCED.setdefault(engine, {}).update((r.name, r) for r in unsynced)
