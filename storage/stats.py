"""What the database holds, in numbers: items per source, category and day, and how the crawls
of each source have been going (from `crawl_runs`).

Days are publication days in the item's own zone (the first ten characters of `published`,
as the date filters read them), the latest `days` of them; undated items count under no day.
Every figure is a GROUP BY in the database: nothing is read row by row into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, Row, Select, case, func, select

from storage.models import crawl_runs_table, items_table

__all__ = ["CollectionStats", "SourceHealth", "SourceStats", "collection_stats"]

DEFAULT_DAYS = 14
_ITEMS = items_table
_RUNS = crawl_runs_table


@dataclass(frozen=True, slots=True)
class SourceStats:
    """Items stored under one source, and when it last brought one."""

    source: str
    items: int
    latest_first_seen: datetime
    latest_published: datetime | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """The crawl record of one source: runs by outcome, and its latest and latest good run."""

    source: str
    runs: int
    ok: int
    failed: int
    interrupted: int
    last_started: datetime
    last_status: str
    last_ok: datetime | None

    @property
    def health(self) -> str:
        """ "ok", "failing" (its latest run failed) or "never ok"."""
        if self.last_status == "ok":
            return "ok"
        return "never ok" if self.last_ok is None else "failing"


@dataclass(frozen=True, slots=True)
class CollectionStats:
    """The whole summary; lists are ordered by count, then name (no category last); days
    newest first."""

    items: int
    undated: int
    sources: tuple[SourceStats, ...]
    categories: tuple[tuple[str | None, int], ...]
    days: tuple[tuple[str, int], ...]
    crawls: tuple[SourceHealth, ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: datetimes as ISO 8601 text."""
        return {
            "items": self.items,
            "undated": self.undated,
            "sources": [_plain(_fields_of(s)) for s in self.sources],
            "categories": [{"category": name, "items": n} for name, n in self.categories],
            "days": [{"day": day, "items": n} for day, n in self.days],
            "crawls": [{**_plain(_fields_of(h)), "health": h.health} for h in self.crawls],
        }


def collection_stats(
    engine: Engine, *, days: int = DEFAULT_DAYS, today: date | None = None
) -> CollectionStats:
    """Counts per source, category and publication day (the `days` up to `today`), and the
    crawl health of each source that has run."""
    today = today or datetime.now(UTC).date()
    with engine.connect() as conn:
        total, undated = conn.execute(
            select(func.count(), func.count(case((_ITEMS.c.published_at.is_(None), 1))))
        ).one()
        sources = conn.execute(
            select(
                _ITEMS.c.source,
                func.count(),
                func.max(_ITEMS.c.first_seen),
                func.max(_ITEMS.c.published_at),
            )
            .group_by(_ITEMS.c.source)
            .order_by(func.count().desc(), _ITEMS.c.source)
        ).all()
        categories = conn.execute(
            select(_ITEMS.c.category, func.count())
            .group_by(_ITEMS.c.category)
            .order_by(func.count().desc(), _ITEMS.c.category.is_(None), _ITEMS.c.category)
        ).all()
        per_day: list[tuple[object, object]] = [
            (row[0], row[-1]) for row in conn.execute(_days_select(today, days))
        ]
        crawls = conn.execute(_health_select()).all()
    return CollectionStats(
        items=int(total),
        undated=int(undated),
        sources=tuple(SourceStats(*row) for row in sources),
        categories=tuple((name, int(n)) for name, n in categories),
        days=tuple((str(day), int(str(n))) for day, n in per_day),
        crawls=tuple(_health(row) for row in crawls),
    )


def _days_select(today: date, days: int) -> Select[tuple[object, ...]]:
    first = today - timedelta(days=days - 1)
    day = func.substr(_ITEMS.c.published, 1, 10)
    # The instant bound lets the published_at index narrow the scan (offsets up to 14 h).
    earliest = datetime.combine(first, time(), UTC) - timedelta(hours=14)
    return (
        select(day, func.count())
        .where(_ITEMS.c.published_at >= earliest, day >= first.isoformat())
        .where(day <= today.isoformat())
        .group_by(day)
        .order_by(day.desc())
    )


def _health_select() -> Select[tuple[object, ...]]:
    status = _RUNS.c.status
    newest = select(
        _RUNS.c.source,
        _RUNS.c.status,
        func.row_number()
        .over(partition_by=_RUNS.c.source, order_by=(_RUNS.c.started_at.desc(), _RUNS.c.id.desc()))
        .label("rank"),
    ).subquery()
    last_status = (
        select(newest.c.status)
        .where(newest.c.source == _RUNS.c.source, newest.c.rank == 1)
        .scalar_subquery()
    )
    return (
        select(
            _RUNS.c.source,
            func.count(),
            func.count(case((status == "ok", 1))),
            func.count(case((status == "failed", 1))),
            func.count(case((status == "interrupted", 1))),
            func.max(_RUNS.c.started_at),
            last_status,
            func.max(case((status == "ok", _RUNS.c.started_at))),
        )
        .group_by(_RUNS.c.source)
        .order_by(_RUNS.c.source)
    )


def _health(row: Row[tuple[object, ...]]) -> SourceHealth:
    names = [field.name for field in fields(SourceHealth)]
    return SourceHealth(**dict(zip(names, row, strict=True)))  # type: ignore[arg-type]


def _fields_of(record: SourceStats | SourceHealth) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def _plain(values: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}
