"""Leases: at most one run of a source at a time, across processes and machines.

A lease is one row per source with an expiry. `take_lease` claims it in ONE statement, an
upsert whose update only applies when the row has expired or is already ours
(`INSERT .. ON CONFLICT (source) DO UPDATE .. WHERE expires_at <= now OR holder = me
RETURNING holder`): two processes racing for a source cannot both get a row back, on SQLite
(one writer) or PostgreSQL (the conflicting insert waits on the row lock, then re-checks the
WHERE). The holder renews its leases while it works (`renew_leases`, one UPDATE for all of
them) and deletes them at the end; a killed holder's lease lapses at `expires_at`, or at once
when a process on the same host sees that its pid is gone (`release_dead_leases`).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Connection, Engine, RowMapping, delete, or_, select, update

from storage.engine import dialect_insert, write_transaction
from storage.models import leases_table

__all__ = [
    "Holder",
    "Lease",
    "current_holder",
    "lease_of",
    "live_leases",
    "release_dead_leases",
    "release_lease",
    "release_lease_in",
    "renew_leases",
    "take_lease",
    "take_lease_in",
]

_LEASES = leases_table


@dataclass(frozen=True, slots=True)
class Holder:
    """A process that may hold leases: a random token, plus where it runs, for people."""

    token: str
    host: str
    pid: int

    def __str__(self) -> str:
        return f"{self.host} pid {self.pid}"

    @property
    def node(self) -> str:
        """How a cluster node is named in logs, metrics and PostgreSQL's `application_name`."""
        return f"{self.host}:{self.pid}"


@dataclass(frozen=True, slots=True)
class Lease:
    """A lease as stored."""

    source: str
    holder: Holder
    taken_at: datetime
    expires_at: datetime


@cache
def current_holder() -> Holder:
    """This process's identity, made once (a fork gets its own, since its pid differs)."""
    return _holder_for(os.getpid())


@cache
def _holder_for(pid: int) -> Holder:
    return Holder(token=uuid.uuid4().hex, host=socket.gethostname(), pid=pid)


def take_lease(engine: Engine, source: str, holder: Holder, *, ttl_s: float, now: datetime) -> bool:
    """Claim `source` until `now + ttl_s` if nobody else holds a live lease; True if claimed."""
    with write_transaction(engine) as conn:
        return take_lease_in(conn, source, holder, ttl_s=ttl_s, now=now)


def take_lease_in(
    conn: Connection, source: str, holder: Holder, *, ttl_s: float, now: datetime
) -> bool:
    """`take_lease` inside the caller's write transaction (see `runs.begin_run`)."""
    values = {
        "source": source,
        "holder": holder.token,
        "host": holder.host,
        "pid": holder.pid,
        "taken_at": now,
        "expires_at": now + timedelta(seconds=ttl_s),
    }
    stmt = dialect_insert(conn, _LEASES).values(values)
    fresh = {k: stmt.excluded[k] for k in ("holder", "host", "pid", "taken_at", "expires_at")}
    free = or_(_LEASES.c.expires_at <= now, _LEASES.c.holder == holder.token)
    upsert = stmt.on_conflict_do_update(index_elements=[_LEASES.c.source], set_=fresh, where=free)
    return conn.execute(upsert.returning(_LEASES.c.holder)).first() is not None


def release_lease_in(conn: Connection, source: str, holder: Holder) -> None:
    """`release_lease` inside the caller's write transaction (see `runs.end_run`)."""
    conn.execute(
        delete(_LEASES).where(_LEASES.c.source == source, _LEASES.c.holder == holder.token)
    )


def renew_leases(engine: Engine, holder: Holder, *, ttl_s: float, now: datetime) -> int:
    """Push back the expiry of every lease `holder` has (one UPDATE); how many it has."""
    stmt = (
        update(_LEASES)
        .where(_LEASES.c.holder == holder.token)
        .values(expires_at=now + timedelta(seconds=ttl_s))
    )
    with write_transaction(engine) as conn:
        return int(conn.execute(stmt).rowcount)


def release_lease(engine: Engine, source: str, holder: Holder) -> None:
    """Give `source` back; a lease someone else took after ours lapsed is left alone."""
    with write_transaction(engine) as conn:
        release_lease_in(conn, source, holder)


def lease_of(engine: Engine, source: str) -> Lease | None:
    """The stored lease of `source`, live or lapsed, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(_LEASES).where(_LEASES.c.source == source)).first()
    return None if row is None else _lease(row._mapping)


def live_leases(engine: Engine, *, now: datetime) -> list[Lease]:
    """Leases that have not expired at `now`, by source name."""
    stmt = select(_LEASES).where(_LEASES.c.expires_at > now).order_by(_LEASES.c.source)
    with engine.connect() as conn:
        return [_lease(row._mapping) for row in conn.execute(stmt)]


def release_dead_leases(
    engine: Engine, *, host: str, is_alive: Callable[[int], bool], keep: Sequence[str] = ()
) -> list[str]:
    """Delete leases taken on `host` by processes that are gone; the sources freed.

    Only this host's pids can be checked; other hosts' leases lapse at their expiry. `keep` are
    holder tokens never to release (our own).
    """
    stmt = select(_LEASES.c.source, _LEASES.c.holder, _LEASES.c.pid).where(_LEASES.c.host == host)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    dead = [(r.source, r.holder) for r in rows if r.holder not in keep and not is_alive(r.pid)]
    if dead:
        with write_transaction(engine) as conn:
            for source, token in dead:
                conn.execute(
                    delete(_LEASES).where(_LEASES.c.source == source, _LEASES.c.holder == token)
                )
    return [source for source, _ in dead]


def _lease(row: RowMapping) -> Lease:
    holder = Holder(token=row["holder"], host=row["host"], pid=int(row["pid"]))
    return Lease(
        source=row["source"], holder=holder, taken_at=row["taken_at"], expires_at=row["expires_at"]
    )
