"""The daemon's tables: leases, daemon_heartbeats, source_state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Types are spelled out here, as in 0001, so this revision keeps describing the same schema when
the models move on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "leases",
        _text("source"),
        _text("holder"),
        _text("host"),
        sa.Column("pid", sa.Integer(), nullable=False),
        _when("taken_at"),
        _when("expires_at"),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_leases")),
    )
    op.create_table(
        "daemon_heartbeats",
        _text("holder"),
        _text("host"),
        sa.Column("pid", sa.Integer(), nullable=False),
        _when("started_at"),
        _when("beat_at"),
        _when("stopped_at", nullable=True),
        sa.PrimaryKeyConstraint("holder", name=op.f("pk_daemon_heartbeats")),
    )
    op.create_table(
        "source_state",
        _text("name"),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failure_weight", sa.Float(), nullable=False),
        _when("retry_at", nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        _text("health"),
        sa.Column("health_reason", sa.Text(), nullable=True),
        _when("health_since"),
        sa.Column("interval_s", sa.Float(), nullable=True),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_source_state")),
    )


def downgrade() -> None:
    for table in ("source_state", "daemon_heartbeats", "leases"):
        op.drop_table(table)
