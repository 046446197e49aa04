"""Issue 13: `near_keys` ordered by 16-day span first, and `near_keys_new`, where a page's keys
wait for a merge.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Why: `storage.nearkeys`. Both tables get the new shape (`span` first: whole spans of four
4-day periods since 1970; `period` keeps its meaning). The rows stored so far are copied into
the new `near_keys` with their span, so no item loses a key; they count as merged. The
downgrade copies both tables' rows back into the old shape. The tables are made with
`create_table`, as `storage.models` has them (the schema tests compare the DDL text byte for
byte), through a temporary copy. Types are spelled out, as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_SPAN_PERIODS = 4
# Floor division on both backends (their `/` truncates towards zero, and periods before 1970
# are negative): the remainder is made non-negative first, so the division is exact.
_SPAN = (
    f"(period - (period % {_SPAN_PERIODS} + {_SPAN_PERIODS}) % {_SPAN_PERIODS}) / {_SPAN_PERIODS}"
)
_COPY = "near_keys_copy"


def upgrade() -> None:
    op.execute(f"CREATE TEMPORARY TABLE {_COPY} AS SELECT period, band_key, item_id FROM near_keys")
    op.drop_table("near_keys")
    for name in ("near_keys", "near_keys_new"):
        op.create_table(
            name,
            sa.Column("span", sa.Integer(), nullable=False),
            sa.Column("band_key", sa.BigInteger(), nullable=False),
            sa.Column("period", sa.Integer(), nullable=False),
            sa.Column("item_id", _ID, nullable=False),
            sa.PrimaryKeyConstraint(
                "span", "band_key", "period", "item_id", name=op.f(f"pk_{name}")
            ),
            sqlite_with_rowid=False,
        )
    op.execute(
        f"INSERT INTO near_keys (span, band_key, period, item_id) "
        f"SELECT {_SPAN}, band_key, period, item_id FROM {_COPY} ORDER BY 1, 2, 3, 4"
    )
    op.execute(f"DROP TABLE {_COPY}")


def downgrade() -> None:
    op.execute(
        f"CREATE TEMPORARY TABLE {_COPY} AS SELECT period, band_key, item_id FROM near_keys "
        "UNION ALL SELECT period, band_key, item_id FROM near_keys_new"
    )
    op.drop_table("near_keys_new")
    op.drop_table("near_keys")
    op.create_table(  # as 0007 made it
        "near_keys",
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint("period", "band_key", "item_id", name=op.f("pk_near_keys")),
        sqlite_with_rowid=False,
    )
    op.execute(
        f"INSERT INTO near_keys (period, band_key, item_id) "
        f"SELECT period, band_key, item_id FROM {_COPY} ORDER BY 1, 2, 3"
    )
    op.execute(f"DROP TABLE {_COPY}")
