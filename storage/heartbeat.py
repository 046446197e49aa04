"""The daemon's heartbeat: one row per `tidings run` process, beaten by its scheduler loop.

`tidings status` reads it: a row whose `beat_at` is recent and that has no `stopped_at` is a
live daemon. A killed process leaves a row that simply stops beating, which is what a monitor
must notice (a scheduler that stops silently looks exactly like that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update

from storage.engine import dialect_insert, write_transaction
from storage.leases import Holder
from storage.models import daemon_heartbeats_table

__all__ = ["Heartbeat", "beat", "heartbeats", "mark_stopped"]

_BEATS = daemon_heartbeats_table


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """One daemon process as it last reported."""

    host: str
    pid: int
    started_at: datetime
    beat_at: datetime
    stopped_at: datetime | None


def beat(engine: Engine, holder: Holder, *, started_at: datetime, now: datetime) -> None:
    """Record that `holder`'s loop is alive at `now` (the row is made on the first beat)."""
    values = {
        "holder": holder.token,
        "host": holder.host,
        "pid": holder.pid,
        "started_at": started_at,
        "beat_at": now,
        "stopped_at": None,
    }
    with write_transaction(engine) as conn:
        stmt = dialect_insert(conn, _BEATS).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_BEATS.c.holder], set_={"beat_at": stmt.excluded.beat_at}
        )
        conn.execute(stmt)


def mark_stopped(engine: Engine, holder: Holder, *, now: datetime) -> None:
    """A clean exit: the row stays (for `status`) but says the daemon stopped."""
    stmt = update(_BEATS).where(_BEATS.c.holder == holder.token).values(stopped_at=now)
    with write_transaction(engine) as conn:
        conn.execute(stmt)


def heartbeats(engine: Engine, *, limit: int = 10) -> list[Heartbeat]:
    """The daemons that beat most recently, newest first."""
    stmt = select(_BEATS).order_by(_BEATS.c.beat_at.desc()).limit(limit)
    with engine.connect() as conn:
        return [
            Heartbeat(
                host=r.host,
                pid=int(r.pid),
                started_at=r.started_at,
                beat_at=r.beat_at,
                stopped_at=r.stopped_at,
            )
            for r in conn.execute(stmt)
        ]
