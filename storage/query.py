"""Read items back: a page of them (filters, search, sort, keyset cursor), or one by id.

Sorts (`ItemFilter.order`):
- newest: `published_at` descending with undated items after every dated one (by
  `first_seen` descending), then the row id ascending (a stable order; within one page, URL
  order). Dated and undated items are read by two statements, each along an index
  (`published_at`, `first_seen`): one `ORDER BY published_at DESC NULLS LAST` sorted the whole
  table on PostgreSQL, whose ascending index yields NULLs first when read backwards.
- oldest: the same phases, each ascending.
- relevance (needs a search): best match first (`storage.fulltext`), then the row id; a
  search matching more than RANK_WINDOW items ranks its RANK_WINDOW newest matches.

A page is read in two steps: the ids and sort keys of `limit + 1` rows (the extra one says
whether another page follows), then the rows themselves and, for a search, their snippets.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Connection, Engine, Row, Select, func, select

from storage.filters import ItemFilter, item_conditions
from storage.fulltext import Marked, Snippet, ranking, snippet_text, snippets
from storage.keyset import (
    Cursor,
    Direction,
    KeyValue,
    Phase,
    after_key,
    decode_cursor,
    encode_cursor,
)
from storage.models import items_table

__all__ = [
    "RANK_WINDOW",
    "Hit",
    "ItemPage",
    "StoredItem",
    "count_items",
    "count_matching",
    "facet_values",
    "find_items",
    "get_item",
    "query_items",
]

_ITEMS = items_table
# A search matching more rows than this ranks its newest RANK_WINDOW matches only: scoring is
# per match, and a word in most of a million items took 0.6-4 s to rank in full (SQLite,
# benchmarks/search.py). For news, a common word's best matches are its recent ones.
RANK_WINDOW = 10_000
_Order = list[tuple[ColumnElement[object], bool]]  # (column, descending), in read order


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
class Hit:
    """One item of a page: its row id (stable, for `get_item`), the item, and for a search the
    snippet around what matched and the title with its matches marked (as parts: `(text,
    is_match)`)."""

    id: int
    item: StoredItem
    snippet: Snippet | None = None
    title: Snippet | None = None  # the title with the matches marked

    def to_dict(self) -> dict[str, object]:
        """`id`, the contract's item fields, and `snippet` (plain text, or None)."""
        return {
            "id": self.id,
            **self.item.to_dict(),
            "snippet": None if self.snippet is None else snippet_text(self.snippet),
        }


@dataclass(frozen=True, slots=True)
class ItemPage:
    """One page of items in sort order, and the cursors of the pages on either side (None
    where there is none: `prev_cursor` on the first page, `next_cursor` on the last)."""

    hits: tuple[Hit, ...]
    prev_cursor: str | None
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class _Key:
    phase: Phase
    key: tuple[KeyValue, ...]

    @property
    def id(self) -> int:
        value = self.key[-1]
        assert isinstance(value, int)
        return value


def find_items(engine: Engine, flt: ItemFilter, *, cursor: str | None = None) -> ItemPage:
    """The page of items `flt` selects, starting at `cursor` (from a previous page), or the
    first page. Raises ValueError for a cursor this code did not make, or made for another
    sort."""
    position = None if cursor is None else decode_cursor(cursor, sort=flt.order)
    backwards = position is not None and position.direction == "before"
    with engine.connect() as conn:
        keys, floor = _page_keys(conn, flt, position, flt.limit + 1)
        more = len(keys) > flt.limit
        keys = keys[: flt.limit]
        if backwards:
            keys.reverse()
        hits = _hits(conn, flt, [key.id for key in keys])
    has_prev = more if backwards else position is not None
    has_next = True if backwards else more
    return ItemPage(
        hits=hits,
        prev_cursor=_edge(flt, keys[0], "before", floor) if keys and has_prev else None,
        next_cursor=_edge(flt, keys[-1], "after", floor) if keys and has_next else None,
    )


def query_items(engine: Engine, flt: ItemFilter) -> list[StoredItem]:
    """The items of the first page `flt` selects, in its sort order."""
    return [hit.item for hit in find_items(engine, flt).hits]


def get_item(engine: Engine, item_id: int) -> Hit | None:
    """The item stored under row id `item_id`, or None."""
    with engine.connect() as conn:
        row = conn.execute(_item_select().where(_ITEMS.c.id == item_id)).first()
    return None if row is None else _hit(row._mapping, None)


def count_items(engine: Engine, *, source: str | None = None) -> int:
    """How many items are stored (under `source`, if given)."""
    stmt = select(func.count()).select_from(_ITEMS)
    if source is not None:
        stmt = stmt.where(_ITEMS.c.source == source)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def facet_values(engine: Engine) -> tuple[list[str], list[str]]:
    """The distinct sources and categories of stored items, sorted (for a search form)."""
    sources = select(_ITEMS.c.source).distinct().order_by(_ITEMS.c.source)
    categories = (
        select(_ITEMS.c.category)
        .where(_ITEMS.c.category.is_not(None))
        .distinct()
        .order_by(_ITEMS.c.category)
    )
    with engine.connect() as conn:
        return list(conn.execute(sources).scalars()), list(conn.execute(categories).scalars())


def count_matching(engine: Engine, flt: ItemFilter) -> int:
    """How many items `flt` selects, all pages together."""
    stmt = select(func.count()).select_from(_ITEMS)
    stmt = stmt.where(*item_conditions(engine.dialect.name, flt))
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def _page_keys(
    conn: Connection, flt: ItemFilter, position: Cursor | None, count: int
) -> tuple[list[_Key], int | None]:
    """The sort keys of `count` rows from `position` on, and the relevance window's floor."""
    backwards = position is not None and position.direction == "before"
    phases: list[Phase]
    if flt.order == "relevance":
        phases = ["ranked"]
    else:
        phases = ["dated"] if flt.has_date_bounds else ["dated", "undated"]
    if backwards:
        phases.reverse()
    if position is not None:
        phases = phases[phases.index(position.phase) :] if position.phase in phases else []
    keys: list[_Key] = []
    floor = None
    for phase in phases:
        if phase == "ranked":
            stmt, order, floor = _ranked_select(conn, flt, position)
        else:
            stmt, order = _dated_select(conn.dialect.name, flt, phase)
        if backwards:
            order = [(column, not descending) for column, descending in order]
        if position is not None and phase == position.phase:
            stmt = stmt.where(*after_key(order, position.key))
        stmt = stmt.order_by(*(col.desc() if desc else col.asc() for col, desc in order))
        rows = conn.execute(stmt.limit(count - len(keys))).all()
        keys += [_Key(phase=phase, key=_key_values(row)) for row in rows]
        if len(keys) >= count:
            break
    return keys, floor


def _ranked_select(
    conn: Connection, flt: ItemFilter, position: Cursor | None
) -> tuple[Select[tuple[object, ...]], _Order, int | None]:
    """Score and id of the matches, filtered, best first; and the window's floor: with more
    than RANK_WINDOW matches, only the newest RANK_WINDOW of them (row id at or above the
    floor) are ranked. A cursor keeps its first page's floor, so pages never overlap."""
    search = flt.search
    assert search is not None  # ItemFilter refuses relevance without a text
    conditions = item_conditions(conn.dialect.name, flt, with_search=False)
    rank = ranking(conn.dialect.name, search, join_items=bool(conditions))
    score = cast(ColumnElement[object], rank.score)
    row_id = cast(ColumnElement[object], rank.id)
    matching = select(rank.id).select_from(rank.source).where(rank.matches, *conditions)
    if position is not None:
        floor = position.floor
    else:
        newest_first = matching.order_by(rank.id.desc()).offset(RANK_WINDOW - 1).limit(1)
        floor = conn.execute(newest_first).scalar()
    ranked = select(score, row_id).select_from(rank.source).where(rank.matches, *conditions)
    if floor is not None:
        ranked = ranked.where(rank.id >= floor)
    order: _Order = [(score, False), (row_id, False)]
    return cast(Select[tuple[object, ...]], ranked), order, floor


def _dated_select(
    dialect: str, flt: ItemFilter, phase: Phase
) -> tuple[Select[tuple[object, ...]], _Order]:
    """The key columns of a dated or undated phase (the row id last), filtered, and their
    forward order."""
    c = _ITEMS.c
    descending = flt.order == "newest"
    conditions = item_conditions(dialect, flt)
    if phase == "dated":
        stmt = select(c.published_at, c.first_seen, c.id).where(c.published_at.is_not(None))
        order: _Order = [(c.published_at, descending), (c.first_seen, descending)]
    else:
        stmt = select(c.first_seen, c.id).where(c.published_at.is_(None))
        order = [(c.first_seen, descending)]
    return stmt.where(*conditions), [*order, (c.id, False)]


def _hits(conn: Connection, flt: ItemFilter, ids: list[int]) -> tuple[Hit, ...]:
    if not ids:
        return ()
    rows = {
        row.id: row._mapping for row in conn.execute(_item_select().where(_ITEMS.c.id.in_(ids)))
    }
    search = flt.search
    found = snippets(conn, search, ids) if search is not None else {}
    return tuple(_hit(rows[item_id], found.get(item_id)) for item_id in ids if item_id in rows)


def _item_select() -> Select[tuple[object, ...]]:
    return select(_ITEMS.c.id, *(_ITEMS.c[field.name] for field in fields(StoredItem)))


def _hit(values: object, marked: Marked | None) -> Hit:
    mapping = dict(values)  # type: ignore[call-overload]
    item_id = int(mapping.pop("id"))
    item = StoredItem(**mapping)
    if marked is None:
        return Hit(id=item_id, item=item)
    return Hit(id=item_id, item=item, snippet=marked.snippet, title=marked.title)


def _edge(flt: ItemFilter, key: _Key, direction: Direction, floor: int | None) -> str:
    cursor = Cursor(sort=flt.order, direction=direction, phase=key.phase, key=key.key, floor=floor)
    return encode_cursor(cursor)


def _key_values(row: Row[tuple[object, ...]]) -> tuple[KeyValue, ...]:
    values = tuple(row)
    assert all(isinstance(v, datetime | float | int) for v in values)  # the key columns
    return values  # type: ignore[return-value]
