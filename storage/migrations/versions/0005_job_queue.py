"""The cluster's job queue: procrastinate's schema, on PostgreSQL (nothing on SQLite).

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01

See `storage.jobqueue`: the DDL is the pinned procrastinate version's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from storage.jobqueue import apply_job_queue_schema, drop_job_queue_schema

__all__ = ["downgrade", "upgrade"]

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    apply_job_queue_schema(op.get_bind())


def downgrade() -> None:
    drop_job_queue_schema(op.get_bind())
