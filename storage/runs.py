"""Record what the crawler was told to crawl (`sources`) and what each run did (`crawl_runs`).

A run row is written when the run starts (status "running"), so a crash leaves a visible
trace, and completed once at the end from the run's flat `/`-namespaced counters: the summary
columns are derived from well-known keys and the whole Counter is kept as JSON in `stats`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, Connection, Engine, insert, select, update

from storage.engine import dialect_insert, write_transaction
from storage.leases import Holder, release_lease_in, take_lease_in
from storage.models import crawl_runs_table, leases_table, sources_table

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import ReturningInsert, Update

__all__ = [
    "RUN_STATUSES",
    "RunStart",
    "SourceKind",
    "SourceRecord",
    "begin_run",
    "end_run",
    "finish_run",
    "interrupt_orphaned_runs",
    "interrupt_runs",
    "resume_since",
    "start_run",
    "sync_sources",
]

SourceKind = Literal["listing", "feed"]
RUN_STATUSES = frozenset({"ok", "failed", "interrupted"})
_RUNNING = "running"
_REJECTED_PREFIX = "pipeline/rejected/"
# column -> counter key it is read from
_COLUMN_KEYS = {
    "pages": "pages",
    "new": "store/new",
    "updated": "store/updated",
    "unchanged": "store/unchanged",
    "duplicate": "store/duplicate",
    "errors": "errors",
}
_INTERRUPTED = "interrupted"
_LOST = "the process ended before the run finished"
_RESUME_LOOKBACK_RUNS = 50  # runs read back to find where the last completed one was
_SOURCES = sources_table
_RUNS = crawl_runs_table


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A configured source as storage keeps it: how it is read, from where, how often."""

    name: str
    kind: SourceKind
    urls: tuple[str, ...]
    interval_s: float


def sync_sources(engine: Engine, sources: Sequence[SourceRecord], *, now: datetime) -> None:
    """Upsert `sources` by name (one transaction). Rows for other names are kept: a crawl of
    some sources passes only those, and removed sources keep their history."""
    if not sources:
        return
    rows = [
        {
            "name": s.name,
            "kind": s.kind,
            "urls": json.dumps(list(s.urls)),
            "interval_s": s.interval_s,
            "synced_at": now,
        }
        for s in sources
    ]
    with write_transaction(engine) as conn:
        stmt = dialect_insert(conn, _SOURCES)
        fresh = {name: stmt.excluded[name] for name in ("kind", "urls", "interval_s", "synced_at")}
        conn.execute(stmt.on_conflict_do_update(index_elements=[_SOURCES.c.name], set_=fresh), rows)


@dataclass(frozen=True, slots=True)
class RunStart:
    """A run opened under its lease: its id, how many dead runs of the source were marked
    interrupted, and where a walk must resume (`resume_since`)."""

    run_id: int
    interrupted: int
    resume_since: datetime | None


def begin_run(
    engine: Engine, *, source: str, holder: Holder, lease_ttl_s: float, now: datetime
) -> RunStart | None:
    """Take `source`'s lease, mark its dead runs interrupted, read its resume point and open a
    run, in ONE transaction; None (and nothing written) when someone else holds the lease.

    One write transaction instead of four: a daemon on SQLite opens about a hundred runs a
    second, and every write transaction queues for the one writer.
    """
    with write_transaction(engine) as conn:
        if not take_lease_in(conn, source, holder, ttl_s=lease_ttl_s, now=now):
            return None
        dead = conn.execute(
            update(_RUNS)
            .where(_RUNS.c.source == source, _RUNS.c.status == _RUNNING)
            .values(status=_INTERRUPTED, finished_at=now, error=_LOST)
        ).rowcount
        since = _resume_since(conn, source)
        run_id: int = conn.execute(_start(source, now)).scalar_one()
    return RunStart(run_id, int(dead), since)


def end_run(
    engine: Engine,
    run_id: int,
    *,
    source: str,
    holder: Holder,
    status: str,
    counters: Mapping[str, int],
    error: str | None,
    now: datetime,
) -> None:
    """`finish_run` and give the lease back, in one transaction."""
    stmt = _finish(run_id, status=status, counters=counters, error=error, now=now)
    with write_transaction(engine) as conn:
        if conn.execute(stmt).rowcount != 1:
            raise LookupError(f"no crawl run with id {run_id}")
        release_lease_in(conn, source, holder)


def _start(source: str, now: datetime) -> ReturningInsert[Any]:
    return (
        insert(_RUNS).values(source=source, started_at=now, status=_RUNNING).returning(_RUNS.c.id)
    )


def start_run(engine: Engine, *, source: str, now: datetime) -> int:
    """Open a run of `source` (status "running", counters 0) and return its id."""
    with write_transaction(engine) as conn:
        run_id: int = conn.execute(_start(source, now)).scalar_one()
    return run_id


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    status: str,
    counters: Mapping[str, int],
    error: str | None,
    now: datetime,
) -> None:
    """Close run `run_id`: status, end time, error text, and the columns derived from `counters`.

    `invalid` is the sum of `pipeline/rejected/*`; a missing key counts 0. Raises ValueError for
    a status outside RUN_STATUSES and LookupError for an unknown run id (both are bugs).
    """
    stmt = _finish(run_id, status=status, counters=counters, error=error, now=now)
    with write_transaction(engine) as conn:
        if conn.execute(stmt).rowcount != 1:
            raise LookupError(f"no crawl run with id {run_id}")


def _finish(
    run_id: int, *, status: str, counters: Mapping[str, int], error: str | None, now: datetime
) -> Update:
    if status not in RUN_STATUSES:
        raise ValueError(f"run status {status!r} is not one of {sorted(RUN_STATUSES)}")
    columns = {column: int(counters.get(key, 0)) for column, key in _COLUMN_KEYS.items()}
    columns["invalid"] = sum(n for k, n in counters.items() if k.startswith(_REJECTED_PREFIX))
    stats = json.dumps({key: int(counters[key]) for key in sorted(counters)})
    return (
        update(_RUNS)
        .where(_RUNS.c.id == run_id)
        .values(status=status, finished_at=now, error=error, stats=stats, **columns)
    )


def interrupt_runs(engine: Engine, *, source: str, now: datetime) -> int:
    """Mark `source`'s "running" runs interrupted; the caller holds its lease, so no live
    process can own them. Returns how many were marked. Nearly always there are none, so a
    read looks first and the write lock is taken only when there is something to mark."""
    running = select(_RUNS.c.id).where(_RUNS.c.source == source, _RUNS.c.status == _RUNNING)
    with engine.connect() as conn:
        if conn.execute(running.limit(1)).first() is None:
            return 0
    return _interrupt(engine, _RUNS.c.source == source, now)


def interrupt_orphaned_runs(engine: Engine, *, now: datetime) -> int:
    """Mark interrupted every "running" run whose source nobody holds a live lease on: its
    process died (a run always holds its source's lease). Returns how many were marked."""
    held = select(leases_table.c.source).where(leases_table.c.expires_at > now)
    return _interrupt(engine, _RUNS.c.source.not_in(held), now)


def _interrupt(engine: Engine, condition: ColumnElement[bool], now: datetime) -> int:
    stmt = (
        update(_RUNS)
        .where(_RUNS.c.status == _RUNNING, condition)
        .values(status=_INTERRUPTED, finished_at=now, error=_LOST)
    )
    with write_transaction(engine) as conn:
        return int(conn.execute(stmt).rowcount)


def resume_since(engine: Engine, source: str) -> datetime | None:
    """When the runs that did not complete began, if `source`'s newest runs did not complete.

    The runs after the last "ok" one (interrupted or failed) may have stored the first pages of
    a walk and never reached the rest. A page fetched since this instant was stored by one of
    them, so the next run walks such pages again whatever they bring, until it reaches one they
    never stored; None when the newest finished run is "ok" (or there is none).
    """
    with engine.connect() as conn:
        return _resume_since(conn, source)


def _resume_since(conn: Connection, source: str) -> datetime | None:
    stmt = (
        select(_RUNS.c.status, _RUNS.c.started_at)
        .where(_RUNS.c.source == source, _RUNS.c.status != _RUNNING)
        .order_by(_RUNS.c.started_at.desc(), _RUNS.c.id.desc())
        .limit(_RESUME_LOOKBACK_RUNS)
    )
    since: datetime | None = None
    for status, started_at in conn.execute(stmt):
        if status == "ok":
            break
        since = started_at
    return since
