"""Read crawl history back: the runs of a source, the newest run of each, and the sources as
last synced from config with what they brought."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Engine, Row, Select, func, select

from storage.models import crawl_runs_table, items_table, sources_table

__all__ = ["RunRecord", "StoredSource", "last_runs", "list_runs", "list_sources"]

_RUNS = crawl_runs_table
_SOURCES = sources_table
_ITEMS = items_table


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


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A source as last synced from config (`kind` None for one known only from its items),
    how many items it stored, and its newest run."""

    name: str
    kind: str | None
    urls: tuple[str, ...]
    interval_s: float | None
    synced_at: datetime | None
    items: int
    last_run: RunRecord | None


def list_sources(engine: Engine) -> list[StoredSource]:
    """Every source the database knows (synced from config, or named by stored items), by
    name."""
    with engine.connect() as conn:
        synced = {row.name: row for row in conn.execute(select(_SOURCES))}
        per_source = select(_ITEMS.c.source, func.count()).group_by(_ITEMS.c.source)
        counts = {str(row[0]): int(row[1]) for row in conn.execute(per_source)}
    runs = last_runs(engine)
    names = sorted(set(synced) | set(counts) | set(runs))
    out = []
    for name in names:
        row = synced.get(name)
        out.append(
            StoredSource(
                name=name,
                kind=row.kind if row else None,
                urls=tuple(json.loads(row.urls)) if row else (),
                interval_s=row.interval_s if row else None,
                synced_at=row.synced_at if row else None,
                items=int(counts.get(name, 0)),
                last_run=runs.get(name),
            )
        )
    return out


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
