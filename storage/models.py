"""The tables, as typed SQLAlchemy models: the one description Alembic revisions are checked
against (the tests migrate a database and compare it with this metadata).

Items are keyed by their canonical URL (a unique constraint is what makes the writer's
`ON CONFLICT DO NOTHING` race-safe). Each table also has an integer surrogate key where later
issues need one: a `revisions` table can reference `items.id`, and an SQLite FTS5 index can use
it as its `content_rowid`. `duplicate_of` stays NULL until near-duplicate detection lands.
`items.source` and `crawl_runs.source` are plain names, not foreign keys: a source removed from
the config keeps its history. Schema changes go through a new Alembic revision, never here alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

__all__ = ["Base", "CrawlRunRow", "FetchStateRow", "ItemRow", "SourceRow"]

# Deterministic constraint names, so later revisions (and SQLite batch mode) can address them.
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit ids on PostgreSQL; SQLite needs exactly INTEGER for a rowid alias.
_ID = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base: shared metadata, and aware-UTC datetimes on every backend."""

    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map = {datetime: UTCDateTime(), str: String()}  # noqa: RUF012


class SourceRow(Base):
    """A configured source as last synced from config (`urls` is a JSON array)."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    urls: Mapped[str] = mapped_column(Text)
    interval_s: Mapped[float] = mapped_column(Float)
    synced_at: Mapped[datetime]


class ItemRow(Base):
    """One story, by canonical URL; `source` is the source that saw it first."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    url: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None]
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_raw: Mapped[str | None]
    category: Mapped[str | None] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(index=True)
    content_hash: Mapped[str]
    first_seen: Mapped[datetime] = mapped_column(index=True)
    last_seen: Mapped[datetime]
    duplicate_of: Mapped[str | None]


class CrawlRunRow(Base):
    """One run of one source: its outcome, the summary counters, and every counter as JSON."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index(None, "source", "started_at"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    source: Mapped[str]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str]
    pages: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    duplicate: Mapped[int] = mapped_column(default=0)
    invalid: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    stats: Mapped[str | None] = mapped_column(Text)


class FetchStateRow(Base):
    """What the last fetch of a URL returned, for conditional GET and change detection."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(primary_key=True)
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    content_hash: Mapped[str | None]
    status: Mapped[int | None]
    fetched_at: Mapped[datetime | None]
