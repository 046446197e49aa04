"""Issue 13: items.title_raw and items.summary_raw, the card's text as found.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Nullable columns added in place (`ALTER TABLE .. ADD COLUMN`): SQLite does not rebuild the
table, so the full-text triggers of 0003 stay as they are. `storage.models` makes a new
database the same way, so both schemas keep the same DDL text (a test compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("title_raw", "summary_raw")


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column("items", sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place too; the triggers name neither column.
    for name in reversed(_COLUMNS):
        op.drop_column("items", name)
