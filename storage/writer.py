"""Store one listing page of items in one transaction, and say what each item was.

The unique constraint on `items.url` decides what is new: `INSERT .. ON CONFLICT DO NOTHING
RETURNING url` reports exactly the rows this transaction created, even with another writer
racing on the same URLs, so nothing is counted new twice. Since most pages of a re-crawl are
known items, the stored rows are read (and locked) first, `SELECT .. WHERE url IN (..)` per
chunk, and only the URLs not found go to the INSERT; any of those it did not create (a racing
writer got there in between) are read again. Each seen item is then classified against its
stored row:

- updated:   same source, different `content_hash`; the content fields are rewritten
- unchanged: same source, same hash
- duplicate: the URL is stored under another source (that row's content is left as it is)

Every seen row gets `last_seen = now`. Statements are batched and chunked (`CHUNK_ROWS` rows,
far under SQLite's 32766 and PostgreSQL's 65535 bind parameters), so a page costs a handful of
statements whatever its size. On PostgreSQL the per-row values travel as one array per column
(`unnest`), which keeps each statement short: psycopg parses a multi-row VALUES placeholder by
placeholder (measured: most of the client time of a 100-row page). A URL repeated within
`items` is stored once (the first wins) and counted once: the pipeline counts repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Insert,
    Select,
    String,
    Table,
    TableValuedAlias,
    Update,
    any_,
    bindparam,
    cast,
    column,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from pipelines import Item
from storage.engine import write_transaction
from storage.models import Base

__all__ = ["CHUNK_ROWS", "FetchState", "WriteCounts", "load_fetch_state", "write_page"]

CHUNK_ROWS = 500
_T = TypeVar("_T")
_ITEMS: Table = Base.metadata.tables["items"]
_FETCH_STATE: Table = Base.metadata.tables["fetch_state"]
_FETCH_FIELDS = ("etag", "last_modified", "content_hash", "status", "fetched_at")
# The columns an item's own fields fill; `url` first, the rest are rewritten on "updated".
_ITEM_FIELDS = (
    "url",
    "title",
    "summary",
    "published",
    "published_at",
    "published_raw",
    "category",
    "content_hash",
)


@dataclass(frozen=True, slots=True)
class FetchState:
    """What the last fetch of a listing URL returned: validators for the next conditional GET."""

    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    status: int | None
    fetched_at: datetime | None


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """How the distinct URLs of one page were stored; the four add up to that number."""

    new: int
    updated: int
    unchanged: int
    duplicate: int


def write_page(
    engine: Engine,
    *,
    source: str,
    items: Sequence[Item],
    now: datetime,
    fetch_state: FetchState | None = None,
) -> WriteCounts:
    """Upsert `items` as seen from `source` at `now`, plus `fetch_state`, in ONE transaction.

    `source` (not `Item.source`) is the source the rows are stored and compared under.
    SQLAlchemy errors propagate; callers translate them.
    """
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.url, item)
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(_PG_PAGE_SETTINGS)
        stored = _stored(conn, list(unique))
        # URL order for every row lock (here and in _stored): concurrent PostgreSQL writers
        # then never wait on each other in a cycle, whatever order their pages list URLs in.
        missing = sorted((i for u, i in unique.items() if u not in stored), key=_by_url)
        inserted = _insert_new(conn, missing, source=source, now=now)
        stored.update(_stored(conn, [i.url for i in missing if i.url not in inserted]))
        seen = [item for url, item in unique.items() if url not in inserted]
        changed, same, duplicate = _classify(seen, stored, source=source)
        _rewrite(conn, changed, now=now)
        _touch(conn, same + duplicate, now=now)
        if fetch_state is not None:
            _upsert_fetch_state(conn, fetch_state)
    return WriteCounts(
        new=len(inserted), updated=len(changed), unchanged=len(same), duplicate=len(duplicate)
    )


def load_fetch_state(engine: Engine, url: str) -> FetchState | None:
    """The stored fetch state of `url`, or None if it was never fetched."""
    with engine.connect() as conn:
        row = conn.execute(_LOAD_FETCH_STATE, {"url": url}).one_or_none()
    return None if row is None else FetchState(*row)


def _stored(conn: Connection, urls: list[str]) -> dict[str, tuple[str, str]]:
    """`url -> (source, content_hash)` of the stored rows among `urls` (one SELECT per chunk),
    locked until commit (FOR UPDATE, in URL order; SQLite has one writer and no such clause)."""
    stmt = _STORED[conn.dialect.name]
    stored: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(urls)):
        result = conn.execute(stmt, {"urls": chunk})
        stored.update((url, (owner, digest)) for url, owner, digest in result)
    return stored


def _insert_new(conn: Connection, items: list[Item], *, source: str, now: datetime) -> set[str]:
    """Insert rows for `items`; return the URLs this transaction created."""
    inserted: set[str] = set()
    for chunk in _chunks(items):
        if conn.dialect.name == "postgresql":
            params = {**_arrays(chunk), "b_source": source, "b_now": now}
            result = conn.execute(_PG_INSERT, params)
        else:
            # A list of rows runs as SQLAlchemy's "insertmanyvalues": one cached statement,
            # rendered as one multi-row VALUES per chunk.
            rows = [_new_row(item, source=source, now=now) for item in chunk]
            result = conn.execute(_SQLITE_INSERT, rows)
        inserted.update(result.scalars())
    return inserted


def _classify(
    items: list[Item], stored: dict[str, tuple[str, str]], *, source: str
) -> tuple[list[Item], list[Item], list[Item]]:
    """Split stored items into (updated, unchanged, duplicate) against their stored rows."""
    changed: list[Item] = []
    same: list[Item] = []
    duplicate: list[Item] = []
    for item in items:
        owner, content_hash = stored[item.url]
        if owner != source:
            duplicate.append(item)
        elif content_hash == item.content_hash:
            same.append(item)
        else:
            changed.append(item)
    return changed, same, duplicate


def _rewrite(conn: Connection, items: list[Item], *, now: datetime) -> None:
    """Rewrite the content of changed rows and bump their `last_seen`."""
    for chunk in _chunks(items):
        if conn.dialect.name == "postgresql":
            conn.execute(_PG_REWRITE, {**_arrays(chunk), "b_now": now})
        else:
            rows = [_rewrite_row(item, now=now) for item in chunk]
            conn.execute(_SQLITE_REWRITE, rows)  # executemany, in sqlite3's C loop


def _touch(conn: Connection, items: list[Item], *, now: datetime) -> None:
    """Bump `last_seen` on rows whose content stays as stored (one UPDATE per chunk)."""
    stmt = _TOUCH[conn.dialect.name]
    for chunk in _chunks([item.url for item in items]):
        conn.execute(stmt, {"urls": chunk, "b_now": now})


def _upsert_fetch_state(conn: Connection, state: FetchState) -> None:
    params = {"url": state.url, **{name: getattr(state, name) for name in _FETCH_FIELDS}}
    conn.execute(_UPSERT_FETCH_STATE[conn.dialect.name], params)


def _new_row(item: Item, *, source: str, now: datetime) -> dict[str, object]:
    row: dict[str, object] = {name: getattr(item, name) for name in _ITEM_FIELDS}
    row.update(source=source, first_seen=now, last_seen=now)
    return row


def _rewrite_row(item: Item, *, now: datetime) -> dict[str, object]:
    row: dict[str, object] = {f"b_{name}": getattr(item, name) for name in _ITEM_FIELDS}
    row["b_now"] = now
    return row


def _arrays(items: list[Item]) -> dict[str, object]:
    """The per-row values of `_unnest`'s statements: one list per item field."""
    return {f"a_{name}": [getattr(item, name) for item in items] for name in _ITEM_FIELDS}


def _unnest() -> TableValuedAlias:
    """`unnest(:a_url, :a_title, ..) AS v(url, title, ..)`: rows from one array per column."""
    cols = _ITEMS.c
    arrays = []
    for name in _ITEM_FIELDS:
        array_type = postgresql.ARRAY(cols[name].type)  # typed, so UTCDateTime checks each value
        arrays.append(cast(bindparam(f"a_{name}", type_=array_type), array_type))
    return (
        func.unnest(*arrays)
        .table_valued(*(column(name, cols[name].type) for name in _ITEM_FIELDS))
        .render_derived(name="v")
    )


def _pg_insert() -> ReturningInsert[str]:
    cols = _ITEMS.c
    rows = _unnest()
    source = bindparam("b_source", type_=cols.source.type)
    now = bindparam("b_now", type_=cols.first_seen.type)
    names = [*_ITEM_FIELDS, "source", "first_seen", "last_seen"]
    return (
        postgresql.insert(_ITEMS)
        .from_select(names, select(*rows.c, source, now, now))
        .on_conflict_do_nothing(index_elements=[cols.url])
        .returning(cols.url)
    )


def _pg_rewrite() -> Update:
    rows = _unnest()
    values: dict[str, object] = {name: rows.c[name] for name in _ITEM_FIELDS[1:]}
    values["last_seen"] = bindparam("b_now", type_=_ITEMS.c.last_seen.type)
    return update(_ITEMS).where(_ITEMS.c.url == rows.c.url).values(values)


def _sqlite_insert() -> ReturningInsert[str]:
    stmt = sqlite.insert(_ITEMS).on_conflict_do_nothing(index_elements=[_ITEMS.c.url])
    return stmt.returning(_ITEMS.c.url)


def _sqlite_rewrite() -> Update:
    values: dict[str, object] = {name: bindparam(f"b_{name}") for name in _ITEM_FIELDS[1:]}
    values["last_seen"] = bindparam("b_now", type_=_ITEMS.c.last_seen.type)
    return update(_ITEMS).where(_ITEMS.c.url == bindparam("b_url")).values(values)


def _url_in(dialect: str) -> ColumnElement[bool]:
    """`items.url` is one of the list bound as "urls". PostgreSQL gets one array parameter
    (`= ANY`): a short statement psycopg parses once, where IN (..) has one per URL."""
    if dialect == "postgresql":
        return _ITEMS.c.url == any_(cast(bindparam("urls"), postgresql.ARRAY(String())))
    return _ITEMS.c.url.in_(bindparam("urls", expanding=True))


def _by_url(item: Item) -> str:
    return item.url


def _chunks(rows: list[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]


def _stored_stmt(dialect: str) -> Select[str, str, str]:
    cols = _ITEMS.c
    stmt = select(cols.url, cols.source, cols.content_hash).where(_url_in(dialect))
    return stmt.order_by(cols.url).with_for_update()


def _touch_stmt(dialect: str) -> Update:
    now = bindparam("b_now", type_=_ITEMS.c.last_seen.type)
    return update(_ITEMS).where(_url_in(dialect)).values(last_seen=now)


def _fetch_state_upsert(insert: Callable[[Table], postgresql.Insert | sqlite.Insert]) -> Insert:
    stmt = insert(_FETCH_STATE)
    fresh = {name: stmt.excluded[name] for name in _FETCH_FIELDS}
    return stmt.on_conflict_do_update(index_elements=[_FETCH_STATE.c.url], set_=fresh)


# Every statement is built once, here: building one per page (and SQLAlchemy generating its
# cache key) cost more than executing it (measured: a third of write_page's CPU time).
_DIALECTS = ("sqlite", "postgresql")
_STORED = {name: _stored_stmt(name) for name in _DIALECTS}
_TOUCH = {name: _touch_stmt(name) for name in _DIALECTS}
_UPSERT_FETCH_STATE = {
    "sqlite": _fetch_state_upsert(sqlite.insert),
    "postgresql": _fetch_state_upsert(postgresql.insert),
}
_LOAD_FETCH_STATE = select(
    _FETCH_STATE.c.url, *(_FETCH_STATE.c[name] for name in _FETCH_FIELDS)
).where(_FETCH_STATE.c.url == bindparam("url"))
_PG_INSERT = _pg_insert()
_PG_REWRITE = _pg_rewrite()
_SQLITE_INSERT = _sqlite_insert()
_SQLITE_REWRITE = _sqlite_rewrite()
# For the page's transaction only (set_config(.., is_local=true)):
# - synchronous_commit off, as SQLite's synchronous=NORMAL: a server crash may lose the last
#   pages written, never half of one, and the crawler fetches them again; the next synchronous
#   commit (finish_run) flushes them all. Saves a WAL flush (~5 ms here) a page.
# - enable_seqscan off: every statement here finds rows by the unique URL, but until its first
#   ANALYZE a growing table looks tiny to the planner, which then scanned all of it on every
#   page (measured: 2 ms a page at 10k rows, and growing with the table).
_PG_PAGE_SETTINGS = select(
    func.set_config("synchronous_commit", "off", True),
    func.set_config("enable_seqscan", "off", True),
)
