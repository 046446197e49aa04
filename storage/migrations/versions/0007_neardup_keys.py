"""Issue 13: near_keys keyed by a 4-day period, without the story date; new MinHash keys;
near_sketches.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

The table is dropped and made anew rather than altered: its keys came from the old signature
(36 BLAKE2b values a word), which no new key can meet, so they would only take space. Items
stored before the upgrade are not re-keyed: for one window (7 days by default) a new copy is
linked to the copies stored since the upgrade only. Types are spelled out, as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.drop_table("near_keys")
    op.create_table(
        "near_keys",
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint("period", "band_key", "item_id", name=op.f("pk_near_keys")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "near_sketches",
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("sketch", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_near_sketches")),
    )


def downgrade() -> None:
    op.drop_table("near_sketches")
    op.drop_table("near_keys")
    op.create_table(
        "near_keys",
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("story_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("week", "band_key", "item_id", name=op.f("pk_near_keys")),
        sqlite_with_rowid=False,
    )
