"""SQLite: new items are indexed by the writer, once per transaction, not by a row trigger.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Drops the `items_ai` trigger of 0003. Every row stored so far was indexed by it, so the index
stays exact; from now on `storage.write.sqlite` indexes the rows a write transaction inserted
with one statement at its end (why: `storage.models`). The triggers after a delete and after a
change of title or summary stay. PostgreSQL's generated column is untouched. The downgrade puts
the trigger back (0003's statement).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSERT_TRIGGER = """CREATE TRIGGER [items_ai] AFTER INSERT ON [items] BEGIN
  INSERT INTO [items_fts] (rowid, [title], [summary])
    VALUES (new.rowid, new.[title], new.[summary]);
END"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS [items_ai]")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_INSERT_TRIGGER)
