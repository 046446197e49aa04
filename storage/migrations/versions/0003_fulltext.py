"""Full-text search over items(title, summary): FTS5 on SQLite, a tsvector column on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

The statements are spelled out here, as `storage.models` emits them for a new database, so this
revision keeps describing the same schema when the models move on (a test compares the two).
SQLite: an external-content FTS5 table kept by triggers, then filled from the rows already
stored ('rebuild'). PostgreSQL: a generated column (adding it rewrites the table once) and its
GIN index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE = (
    """CREATE VIRTUAL TABLE [items_fts] USING FTS5 (
    [title], [summary],
    content=[items]
)""",
    """CREATE TRIGGER [items_ai] AFTER INSERT ON [items] BEGIN
  INSERT INTO [items_fts] (rowid, [title], [summary])
    VALUES (new.rowid, new.[title], new.[summary]);
END""",
    """CREATE TRIGGER [items_ad] AFTER DELETE ON [items] BEGIN
  INSERT INTO [items_fts] ([items_fts], rowid, [title], [summary])
    VALUES ('delete', old.rowid, old.[title], old.[summary]);
END""",
    """CREATE TRIGGER [items_au] AFTER UPDATE OF [title], [summary] ON [items]
WHEN old.[title] IS NOT new.[title] OR old.[summary] IS NOT new.[summary] BEGIN
  INSERT INTO [items_fts] ([items_fts], rowid, [title], [summary])
    VALUES ('delete', old.rowid, old.[title], old.[summary]);
  INSERT INTO [items_fts] (rowid, [title], [summary])
    VALUES (new.rowid, new.[title], new.[summary]);
END""",
    "INSERT INTO [items_fts] ([items_fts]) VALUES ('rebuild')",
)
_POSTGRESQL = (
    "ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(summary, '')), 'B')) STORED",
    "CREATE INDEX ix_items_search ON items USING gin (search)",
)


def upgrade() -> None:
    statements = _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("items_ai", "items_ad", "items_au"):
            op.execute(f"DROP TRIGGER [{trigger}]")
        op.execute("DROP TABLE [items_fts]")
    else:
        op.execute("DROP INDEX ix_items_search")
        op.execute("ALTER TABLE items DROP COLUMN search")
