"""The tables, as SQLAlchemy Core `Table`s on one `MetaData`: the one description Alembic
revisions are checked against (the tests migrate a database and compare it with this metadata),
and what `create_all` builds in a new, empty database.

Core, not ORM models: nothing maps rows to objects (the writer and the queries are Core
statements), and `sqlalchemy.orm` cost every `tidings` start 6 MB of RSS and about 0.1 s
(measured with `python -X importtime`).

Items are keyed by their canonical URL (a unique constraint is what makes the writer's
`ON CONFLICT DO NOTHING` race-safe). Each table also has an integer surrogate key where later
issues need one: a `revisions` table can reference `items.id`, and an SQLite FTS5 index can use
it as its `content_rowid`. `duplicate_of` stays NULL until near-duplicate detection lands.
`items.source` and `crawl_runs.source` are plain names, not foreign keys: a source removed from
the config keeps its history. Schema changes go through a new Alembic revision, never here alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Float, Index, Integer, MetaData, String, Table, Text

from storage.types import UTCDateTime

__all__ = [
    "crawl_runs_table",
    "daemon_heartbeats_table",
    "fetch_state_table",
    "items_table",
    "leases_table",
    "metadata",
    "source_state_table",
    "sources_table",
]

# Deterministic constraint names, so later revisions (and SQLite batch mode) can address them.
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=_NAMING)


def _id() -> Column[int]:
    """64-bit ids on PostgreSQL; SQLite needs exactly INTEGER for a rowid alias."""
    return Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)


def _text(
    name: str,
    *,
    nullable: bool = False,
    primary_key: bool = False,
    unique: bool | None = None,
    index: bool | None = None,
) -> Column[str]:
    return Column(
        name, String(), nullable=nullable, primary_key=primary_key, unique=unique, index=index
    )


def _when(name: str, *, nullable: bool = False, index: bool | None = None) -> Column[datetime]:
    """An instant, aware UTC on every backend (see `storage.types`)."""
    return Column(name, UTCDateTime(), nullable=nullable, index=index)


def _count(name: str) -> Column[int]:
    return Column(name, Integer(), nullable=False, default=0)


sources_table = Table(
    "sources",
    metadata,
    _text("name", primary_key=True),
    _text("kind"),
    Column("urls", Text(), nullable=False),  # a JSON array
    Column("interval_s", Float(), nullable=False),
    _when("synced_at"),
)
"""A configured source as last synced from config."""

items_table = Table(
    "items",
    metadata,
    _id(),
    _text("url", unique=True),
    Column("title", Text(), nullable=False),
    Column("summary", Text(), nullable=True),
    _text("published", nullable=True),
    _when("published_at", nullable=True, index=True),
    _text("published_raw", nullable=True),
    _text("category", nullable=True, index=True),
    _text("source", index=True),
    _text("content_hash"),
    _when("first_seen", index=True),
    _when("last_seen"),
    _text("duplicate_of", nullable=True),
)
"""One story, by canonical URL; `source` is the source that saw it first."""

crawl_runs_table = Table(
    "crawl_runs",
    metadata,
    _id(),
    _text("source"),
    _when("started_at"),
    _when("finished_at", nullable=True),
    _text("status"),
    *(
        _count(name)
        for name in ("pages", "new", "updated", "unchanged", "duplicate", "invalid", "errors")
    ),
    Column("error", Text(), nullable=True),
    Column("stats", Text(), nullable=True),  # every counter, as a JSON object
    Index(None, "source", "started_at"),
)
"""One run of one source: its outcome, the summary counters, and every counter as JSON."""

fetch_state_table = Table(
    "fetch_state",
    metadata,
    _text("url", primary_key=True),
    _text("etag", nullable=True),
    _text("last_modified", nullable=True),
    _text("content_hash", nullable=True),
    Column("status", Integer(), nullable=True),
    _when("fetched_at", nullable=True),
)
"""What the last fetch of a URL returned, for conditional GET and change detection."""

leases_table = Table(
    "leases",
    metadata,
    _text("source", primary_key=True),
    _text("holder"),  # a process's random token: only its holder renews or frees a lease
    _text("host"),
    Column("pid", Integer(), nullable=False),
    _when("taken_at"),
    _when("expires_at"),
)
"""Who crawls a source right now: taken in one statement when free or expired, renewed while
the run lasts, deleted at its end. A row past `expires_at` belongs to nobody."""

daemon_heartbeats_table = Table(
    "daemon_heartbeats",
    metadata,
    _text("holder", primary_key=True),
    _text("host"),
    Column("pid", Integer(), nullable=False),
    _when("started_at"),
    _when("beat_at"),
    _when("stopped_at", nullable=True),
)
"""One row per `tidings run` process: when it started, when its loop last beat, when it
stopped cleanly (NULL while it runs or after it was killed)."""

source_state_table = Table(
    "source_state",
    metadata,
    _text("name", primary_key=True),
    _count("failures"),  # consecutive failed runs
    Column("failure_weight", Float(), nullable=False, default=0.0),
    _when("retry_at", nullable=True),  # backoff: not before this instant
    Column("disabled_reason", Text(), nullable=True),  # set: the daemon skips the source
    _text("health"),
    Column("health_reason", Text(), nullable=True),
    _when("health_since"),
    Column("interval_s", Float(), nullable=True),  # the adaptive schedule's current interval
    _when("updated_at"),
)
"""What the daemon decided about a source from its runs: backoff, disabling, health."""
