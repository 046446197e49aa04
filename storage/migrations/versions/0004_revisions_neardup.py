"""Issue 13: item_revisions, near_keys, an index on duplicate_of.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Types are spelled out here, as in 0001, so this revision keeps describing the same schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _when(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_index(op.f("ix_items_duplicate_of"), "items", ["duplicate_of"])
    op.create_table(
        "item_revisions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        _when("published_at", nullable=True),
        sa.Column("published_raw", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=True),
        _when("seen_at"),
        _when("replaced_at"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
            name=op.f("fk_item_revisions_item_id_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_revisions")),
    )
    op.create_index(
        op.f("ix_item_revisions_item_id_replaced_at"), "item_revisions", ["item_id", "replaced_at"]
    )
    op.create_table(
        "near_keys",
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        _when("story_at"),
        sa.PrimaryKeyConstraint("week", "band_key", "item_id", name=op.f("pk_near_keys")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("near_keys")
    op.drop_table("item_revisions")
    op.drop_index(op.f("ix_items_duplicate_of"), table_name="items")
