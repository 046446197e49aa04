"""The tables, as SQLAlchemy Core `Table`s on one `MetaData`: the one description Alembic
revisions are checked against (the tests migrate a database and compare it with this metadata),
and what `create_all` builds in a new, empty database.

Core, not ORM models: nothing maps rows to objects (the writer and the queries are Core
statements), and `sqlalchemy.orm` cost every `tidings` start 6 MB of RSS and about 0.1 s
(measured with `python -X importtime`).

Items are keyed by their canonical URL (a unique constraint is what makes the writer's
`ON CONFLICT DO NOTHING` race-safe). Each table also has an integer surrogate key where later
issues need one: a `revisions` table can reference `items.id`, and an SQLite FTS5 index can use
it as its `content_rowid`. `duplicate_of` is the URL of the story's first copy
(`storage.neardup`).
`items.source` and `crawl_runs.source` are plain names, not foreign keys: a source removed from
the config keeps its history. Schema changes go through a new Alembic revision, never here alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from storage.types import UTCDateTime

__all__ = [
    "crawl_runs_table",
    "fetch_state_table",
    "item_revisions_table",
    "items_table",
    "metadata",
    "near_keys_table",
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
    _text("duplicate_of", nullable=True, index=True),
    Column("title_raw", Text(), nullable=True),
    Column("summary_raw", Text(), nullable=True),
)
"""One story, by canonical URL; `source` is the source that saw it first. `title_raw` and
`summary_raw` keep the card's text as found when cleaning changed it (NULL: as stored)."""

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

item_revisions_table = Table(
    "item_revisions",
    metadata,
    _id(),
    Column("item_id", _id().type, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text(), nullable=False),
    Column("summary", Text(), nullable=True),
    _text("published", nullable=True),
    _when("published_at", nullable=True),
    _text("published_raw", nullable=True),
    _text("category", nullable=True),
    _when("seen_at"),
    _when("replaced_at"),
    Index(None, "item_id", "replaced_at"),
)
"""An item's content as it was before an edit: `seen_at` is the last time those values were
seen (the row's `last_seen` then), `replaced_at` when the crawl saw the new ones."""

near_keys_table = Table(
    "near_keys",
    metadata,
    Column("week", Integer(), nullable=False),
    Column("band_key", BigInteger(), nullable=False),
    Column("item_id", _id().type, nullable=False),
    _when("story_at"),
    PrimaryKeyConstraint("week", "band_key", "item_id"),
    sqlite_with_rowid=False,
)
"""The LSH band keys of each item's MinHash signature (`pipelines.neardup`): two items that
share a key are near-duplicate candidates. `story_at` is the item's published date, or its
first sighting, for the window. No foreign key: this table takes a row per band per item, and
the check would cost every insert a lookup (items are never deleted). SQLite keeps it as one
B-tree (WITHOUT ROWID), ordered by `week` (the story date's week since 1970) and then key: a
page's inserts land in the last weeks' part of the tree, so the pages they touch stay as few
as the window holds however large the table grows (measured: keys first made every insert a
random page of the whole table, and the cost per item grew with it); a lookup reads one range
per key in each week the window overlaps."""
