"""What the nodes of a cluster read and repair in the shared database.

- `last_finished_since`: each source's last finished run (its start while it is still running),
  among the runs that began after a cut-off. The dispatch asks every second or so, so it reads
  only a recent window (the `(source, started_at)` index), not every run ever made: a source
  with no run in the window is due anyway.
- `ensure_job_queue`: the job queue's tables, for a database migrated without procrastinate.
- `release_stale_holders`: a node that stopped beating (killed, frozen, cut off) still holds its
  sources' leases until they lapse (`LEASE_TTL_S`). Once its heartbeat is older than the stall
  timeout, the leases of that holder are deleted, so its jobs can run elsewhere at once. Only
  holders that beat (daemons and cluster nodes) are judged this way: a one-off `tidings crawl`
  has no heartbeat row and keeps its lease until it ends or lapses.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, select, text

from storage.engine import write_transaction
from storage.jobqueue import apply_job_queue_schema
from storage.models import crawl_runs_table, daemon_heartbeats_table, leases_table

__all__ = ["ensure_job_queue", "last_finished_since", "release_stale_holders"]

_RUNS = crawl_runs_table
_LOCK_KEY = 0x7469_6469_6E67_71  # nodes starting together apply the job queue once


def ensure_job_queue(engine: Engine) -> bool:
    """procrastinate's schema, applied if missing (a database made where procrastinate was not
    installed); whether it is there now."""
    with write_transaction(engine) as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        return apply_job_queue_schema(conn)


def last_finished_since(engine: Engine, since: datetime) -> dict[str, datetime]:
    """Per source, the newest `finished_at` (or `started_at` while running) of runs started
    after `since`."""
    when = func.max(func.coalesce(_RUNS.c.finished_at, _RUNS.c.started_at))
    stmt = select(_RUNS.c.source, when).where(_RUNS.c.started_at > since).group_by(_RUNS.c.source)
    with engine.connect() as conn:
        return {source: at for source, at in conn.execute(stmt) if at is not None}


def release_stale_holders(engine: Engine, *, stale_before: datetime) -> list[str]:
    """Delete the leases of holders whose last heartbeat is older than `stale_before`, or who
    stopped; the sources freed."""
    beats = daemon_heartbeats_table.c
    stale = select(beats.holder).where(
        (beats.beat_at < stale_before) | beats.stopped_at.is_not(None)
    )
    stmt = delete(leases_table).where(leases_table.c.holder.in_(stale))
    with write_transaction(engine) as conn:
        return list(conn.execute(stmt.returning(leases_table.c.source)).scalars())
