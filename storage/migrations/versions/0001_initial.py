"""The initial schema: sources, items, crawl_runs, fetch_state.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Types are spelled out here rather than imported from `storage.models`, so this revision keeps
describing the same schema when the models move on. `UTCDateTime` is `DateTime(timezone=True)`
underneath; ids are BIGINT on PostgreSQL and INTEGER (the rowid alias) on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_RUN_COUNTERS = ("pages", "new", "updated", "unchanged", "duplicate", "invalid", "errors")


def _when(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("urls", sa.Text(), nullable=False),
        sa.Column("interval_s", sa.Float(), nullable=False),
        _when("synced_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sources")),
    )
    _create_items()
    _create_crawl_runs()
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        _when("fetched_at", nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_fetch_state")),
    )


def _create_items() -> None:
    op.create_table(
        "items",
        sa.Column("id", _ID, nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        _when("published_at", nullable=True),
        sa.Column("published_raw", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        _when("first_seen"),
        _when("last_seen"),
        sa.Column("duplicate_of", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("url", name=op.f("uq_items_url")),
    )
    for column in ("published_at", "category", "source", "first_seen"):
        op.create_index(op.f(f"ix_items_{column}"), "items", [column])


def _create_crawl_runs() -> None:
    op.create_table(
        "crawl_runs",
        sa.Column("id", _ID, nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        _when("started_at"),
        _when("finished_at", nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        *(_count(name) for name in _RUN_COUNTERS),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("stats", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    op.create_index(op.f("ix_crawl_runs_source_started_at"), "crawl_runs", ["source", "started_at"])


def downgrade() -> None:
    for table in ("fetch_state", "crawl_runs", "items", "sources"):
        op.drop_table(table)
