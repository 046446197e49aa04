"""Read crawl history back: the runs of a source, and the newest run of each."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Engine, Row, Select, func, select

from storage.models import crawl_runs_table

__all__ = ["RunRecord", "last_runs", "list_runs"]

_RUNS = crawl_runs_table


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One crawl run; `finished_at` is None while running (or if the process died)."""

    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    pages: int
    new: int
    updated: int
    unchanged: int
    duplicate: int
    invalid: int
    errors: int
    error: str | None
    stats: dict[str, int]


def list_runs(engine: Engine, *, source: str | None = None, limit: int = 20) -> list[RunRecord]:
    """The latest `limit` runs (of `source`, if given), newest first."""
    stmt = _run_select().order_by(_RUNS.c.started_at.desc(), _RUNS.c.id.desc()).limit(limit)
    if source is not None:
        stmt = stmt.where(_RUNS.c.source == source)
    with engine.connect() as conn:
        return [_run_record(row) for row in conn.execute(stmt)]


def last_runs(engine: Engine) -> dict[str, RunRecord]:
    """The newest run of each source that has one, by source name."""
    rank = (
        func.row_number()
        .over(partition_by=_RUNS.c.source, order_by=(_RUNS.c.started_at.desc(), _RUNS.c.id.desc()))
        .label("rank")
    )
    newest = select(_RUNS.c.id, rank).subquery()
    stmt = _run_select().join(newest, newest.c.id == _RUNS.c.id).where(newest.c.rank == 1)
    with engine.connect() as conn:
        return {record.source: record for record in map(_run_record, conn.execute(stmt))}


def _run_select() -> Select[tuple[object, ...]]:
    return select(*(_RUNS.c[field.name] for field in fields(RunRecord)))


def _run_record(row: Row[tuple[object, ...]]) -> RunRecord:
    values = dict(row._mapping)
    raw = values.pop("stats")
    stats = json.loads(raw) if isinstance(raw, str) else {}
    return RunRecord(**values, stats={str(k): int(v) for k, v in stats.items()})
