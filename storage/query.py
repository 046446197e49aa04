"""Read items and runs back: filters become WHERE clauses on bound parameters, never SQL text.

Items come newest first: `published_at` descending with undated items last, then `first_seen`
descending, then the row id (a stable order; within one page, URL order). TEXT is, for now, a
case-insensitive substring match on title or summary (LIKE, with `%`, `_` and the escape
character escaped); full-text search replaces it in a later revision. On SQLite the case
folding is ASCII only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, Row, Select, func, or_, select

from storage.models import crawl_runs_table, items_table

__all__ = [
    "ItemFilter",
    "RunRecord",
    "StoredItem",
    "Story",
    "count_items",
    "last_runs",
    "list_runs",
    "query_items",
    "query_stories",
]

_ITEMS = items_table
_RUNS = crawl_runs_table


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What `query_items` selects. `since <= published_at < until` (aware datetimes); an item
    without `published_at` never matches a date bound. `limit` is at least 1."""

    text: str | None = None
    source: str | None = None
    category: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1, not {self.limit}")


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored: the contract's item fields (ARCHITECTURE.md, "Item fields")."""

    url: str
    title: str
    summary: str | None
    published: str | None
    published_raw: str | None
    category: str | None
    source: str
    first_seen: datetime
    last_seen: datetime
    duplicate_of: str | None

    def to_dict(self) -> dict[str, str | None]:
        """The JSON object of one item, in contract order; datetimes as ISO 8601 with offset."""
        return {
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "published": self.published,
            "published_raw": self.published_raw,
            "category": self.category,
            "source": self.source,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class Story:
    """One story (`--collapse`): its first copy, the earliest date any copy shows, every
    source that carried it, and the URLs of the other copies."""

    first: StoredItem
    published: str | None
    sources: list[str]
    other_urls: list[str]

    def to_dict(self) -> dict[str, object]:
        """The first copy's item fields (its `published` the story's earliest), then the
        story's `sources` and `other_urls`."""
        fields: dict[str, object] = {**self.first.to_dict(), "published": self.published}
        return {**fields, "sources": self.sources, "other_urls": self.other_urls}


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


def query_items(engine: Engine, flt: ItemFilter) -> list[StoredItem]:
    """Items matching `flt`, newest first, at most `flt.limit`.

    Dated and undated items are read by two statements, each ordered along an index
    (`published_at`, `first_seen`); one `ORDER BY published_at DESC NULLS LAST` sorted the
    whole table on PostgreSQL, whose ascending index yields NULLs first when read backwards.
    """
    c = _ITEMS.c
    base = select(*(c[name] for name in _field_names(StoredItem))).where(*_item_conditions(flt))
    dated = (
        base.where(c.published_at.is_not(None))
        .order_by(c.published_at.desc(), c.first_seen.desc(), c.id)
        .limit(flt.limit)
    )
    undated = base.where(c.published_at.is_(None)).order_by(c.first_seen.desc(), c.id)
    with engine.connect() as conn:
        rows = list(conn.execute(dated).all())
        if len(rows) < flt.limit and flt.since is None and flt.until is None:
            rows += conn.execute(undated.limit(flt.limit - len(rows))).all()
    return [StoredItem(**row._mapping) for row in rows]


def query_stories(engine: Engine, flt: ItemFilter) -> list[Story]:
    """Stories with a copy matching `flt`, newest first by their earliest date, at most
    `flt.limit`. A story is its first copy's URL: `duplicate_of`, or the URL of an item that
    has none (`storage.neardup` links every copy to the first, never to another copy)."""
    c = _ITEMS.c
    story = func.coalesce(c.duplicate_of, c.url)
    earliest = func.min(c.published_at)
    picked = (
        select(story.label("story"))
        .where(*_item_conditions(flt))
        .group_by(story)
        .order_by(earliest.is_(None), earliest.desc(), func.min(c.first_seen).desc(), story)
        .limit(flt.limit)
    )
    columns = [c[name] for name in _field_names(StoredItem)]
    with engine.connect() as conn:
        roots = list(conn.execute(picked).scalars())
        members = conn.execute(
            select(story.label("story"), c.published_at, *columns)
            .where(or_(c.url.in_(roots), c.duplicate_of.in_(roots)))
            .order_by(c.first_seen, c.id)
        ).all()
    copies: dict[str, list[Row[tuple[object, ...]]]] = {root: [] for root in roots}
    for row in members:
        copies[row.story].append(row)
    return [_story(root, rows) for root, rows in copies.items() if rows]


def _story(root: str, rows: list[Row[tuple[object, ...]]]) -> Story:
    names = _field_names(StoredItem)
    items = [StoredItem(**{name: row._mapping[name] for name in names}) for row in rows]
    first = next((item for item in items if item.url == root), items[0])
    dated = [row for row in rows if row.published_at is not None]
    earliest = min(dated, key=lambda row: row.published_at).published if dated else None
    sources = sorted({item.source for item in items})
    return Story(first, earliest, sources, [item.url for item in items if item is not first])


def count_items(engine: Engine, *, source: str | None = None) -> int:
    """How many items are stored (under `source`, if given)."""
    stmt = select(func.count()).select_from(_ITEMS)
    if source is not None:
        stmt = stmt.where(_ITEMS.c.source == source)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


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


def _item_conditions(flt: ItemFilter) -> list[ColumnElement[bool]]:
    c = _ITEMS.c
    conditions: list[ColumnElement[bool]] = []
    if flt.text:
        conditions.append(
            or_(
                c.title.icontains(flt.text, autoescape=True),
                c.summary.icontains(flt.text, autoescape=True),
            )
        )
    if flt.source is not None:
        conditions.append(c.source == flt.source)
    if flt.category is not None:
        conditions.append(c.category == flt.category)
    if flt.since is not None:
        conditions.append(c.published_at >= flt.since)
    if flt.until is not None:
        conditions.append(c.published_at < flt.until)
    return conditions


def _run_select() -> Select[tuple[object, ...]]:
    return select(*(_RUNS.c[name] for name in _field_names(RunRecord)))


def _field_names(record: type[StoredItem | RunRecord]) -> list[str]:
    return [field.name for field in fields(record)]


def _run_record(row: Row[tuple[object, ...]]) -> RunRecord:
    values = dict(row._mapping)
    raw = values.pop("stats")
    stats = json.loads(raw) if isinstance(raw, str) else {}
    return RunRecord(**values, stats={str(k): int(v) for k, v in stats.items()})
