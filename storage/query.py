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

from sqlalchemy import ColumnElement, Connection, Engine, Row, Select, func, or_, select

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
    "ITEM_FIELDS",
    "RANK_WINDOW",
    "RAW_FIELDS",
    "Hit",
    "ItemPage",
    "StoredItem",
    "Story",
    "count_items",
    "count_matching",
    "facet_values",
    "find_items",
    "get_item",
    "item_fields",
    "query_items",
    "query_stories",
]

_ITEMS = items_table
# A search matching more rows than this ranks its newest RANK_WINDOW matches only: scoring is
# per match, and a word in most of a million items took 0.6-4 s to rank in full (SQLite,
# benchmarks/search.py). For news, a common word's best matches are its recent ones.
RANK_WINDOW = 10_000
_Order = list[tuple[ColumnElement[object], bool]]  # (column, descending), in read order
ITEM_FIELDS = (
    "url",
    "title",
    "summary",
    "published",
    "published_raw",
    "category",
    "source",
    "first_seen",
    "last_seen",
    "duplicate_of",
)
"""The contract's item fields (ARCHITECTURE.md, "Item fields"), in output order."""
RAW_FIELDS = ("title_raw", "summary_raw")
"""What `--raw` (and the API's `raw`) adds after them: the card's text as found."""


def item_fields(*, raw: bool = False) -> tuple[str, ...]:
    """The keys of an item's output object, in order: the contract's, plus `RAW_FIELDS`."""
    return (*ITEM_FIELDS, *RAW_FIELDS) if raw else ITEM_FIELDS


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored: the contract's item fields (ARCHITECTURE.md, "Item fields"), and
    the raw text columns (NULL where cleaning changed nothing)."""

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
    title_raw: str | None = None
    summary_raw: str | None = None

    def to_dict(self, *, raw: bool = False) -> dict[str, str | None]:
        """The JSON object of one item, in contract order; datetimes as ISO 8601 with offset.
        `raw` adds `RAW_FIELDS`: the text as found, or the clean value where it was clean."""
        out: dict[str, str | None] = {
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
        if raw:
            out["title_raw"] = self.title if self.title_raw is None else self.title_raw
            out["summary_raw"] = self.summary if self.summary_raw is None else self.summary_raw
        return out


@dataclass(frozen=True, slots=True)
class Story:
    """One story (`--collapse`): its first copy, the earliest date any copy shows, every
    source that carried it, and the URLs of the other copies."""

    first: StoredItem
    published: str | None
    sources: list[str]
    other_urls: list[str]

    def to_dict(self, *, raw: bool = False) -> dict[str, object]:
        """The first copy's item fields (its `published` the story's earliest), then the
        story's `sources` and `other_urls`."""
        fields: dict[str, object] = {**self.first.to_dict(raw=raw), "published": self.published}
        return {**fields, "sources": self.sources, "other_urls": self.other_urls}


@dataclass(frozen=True, slots=True)
class Hit:
    """One item of a page: its row id (stable, for `get_item`), the item, and for a search the
    snippet around what matched and the title with its matches marked (as parts: `(text,
    is_match)`)."""

    id: int
    item: StoredItem
    snippet: Snippet | None = None
    title: Snippet | None = None  # the title with the matches marked

    def to_dict(self, *, raw: bool = False) -> dict[str, object]:
        """`id`, the contract's item fields (`raw`: and `RAW_FIELDS`), and `snippet` (plain
        text, or None)."""
        return {
            "id": self.id,
            **self.item.to_dict(raw=raw),
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


def query_stories(engine: Engine, flt: ItemFilter) -> list[Story]:
    """Stories with a copy matching `flt`, newest first by their earliest date, at most
    `flt.limit`. A story is its first copy's URL: `duplicate_of`, or the URL of an item that
    has none (`storage.neardup` links every copy to the first, never to another copy)."""
    c = _ITEMS.c
    story = func.coalesce(c.duplicate_of, c.url)
    earliest = func.min(c.published_at)
    picked = (
        select(story.label("story"))
        .where(*item_conditions(engine.dialect.name, flt))
        .group_by(story)
        .order_by(earliest.is_(None), earliest.desc(), func.min(c.first_seen).desc(), story)
        .limit(flt.limit)
    )
    columns = [c[name] for name in _STORED_FIELDS]
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


_STORED_FIELDS = tuple(field.name for field in fields(StoredItem))


def _story(root: str, rows: list[Row[tuple[object, ...]]]) -> Story:
    items = [StoredItem(**{name: row._mapping[name] for name in _STORED_FIELDS}) for row in rows]
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
