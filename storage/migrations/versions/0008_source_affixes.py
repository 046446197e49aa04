"""Issue 13: site_affixes, the site-name evidence each source's headlines gathered.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

One row per source name, no foreign key (as `items.source`: a source removed from the config
keeps its row). Types are spelled out here, as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_affixes",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_site_affixes")),
    )


def downgrade() -> None:
    op.drop_table("site_affixes")
