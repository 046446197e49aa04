"""Store one listing page of items in one transaction, and say what each item was.

The unique constraint on `items.url` decides what is new: `INSERT .. ON CONFLICT DO NOTHING
RETURNING url` reports exactly the rows this transaction created, even with another writer
racing on the same URLs, so nothing is counted new twice. Since most pages of a re-crawl are
known items, the stored rows are read first (`SELECT .. WHERE url IN (..)` per chunk) and only
the URLs not found go to the INSERT; any of those it did not create (a racing writer got there
in between) are read again. Each seen item is then classified against its stored row:

- updated:   same source, different `content_hash`; the content fields are rewritten
- unchanged: same source, same hash
- duplicate: the URL is stored under another source (that row's content is left as it is)

Every seen row gets `last_seen = now`. Statements are batched and chunked (`CHUNK_ROWS` rows,
far under SQLite's 32766 and PostgreSQL's 65535 bind parameters), so a page costs a handful of
round trips whatever its size. A URL repeated within `items` is stored once (the first wins)
and counted once: the pipeline already counts repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    Table,
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
from sqlalchemy.sql.elements import BindParameter

from pipelines import Item
from storage.engine import dialect_insert, write_transaction
from storage.models import Base

__all__ = ["CHUNK_ROWS", "FetchState", "WriteCounts", "load_fetch_state", "write_page"]

CHUNK_ROWS = 500
_T = TypeVar("_T")
_ITEMS: Table = Base.metadata.tables["items"]
_FETCH_STATE: Table = Base.metadata.tables["fetch_state"]
_CONTENT = ("title", "summary", "published", "published_at", "published_raw", "category")
_FETCH_FIELDS = ("etag", "last_modified", "content_hash", "status", "fetched_at")
# Item fields that vary per row, in `_PG_INSERT`'s unnest()
_ARRAY_COLUMNS = ("url", "title", *_CONTENT[1:], "content_hash")


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
    for item in items:  # page order kept: ids follow it, and query ties keep it
        unique.setdefault(item.url, item)
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            # As SQLite's synchronous=NORMAL: a crash may lose the last pages written, but never
            # half of one; the crawler fetches them again. Saves a WAL flush (~5 ms) a page.
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
        stored = _stored(conn, list(unique))
        missing = [item for url, item in unique.items() if url not in stored]
        inserted = _insert_new(conn, missing, source=source, now=now)
        # A URL missing above but not inserted now was inserted by a racing writer meanwhile.
        stored.update(_stored(conn, [item.url for item in missing if item.url not in inserted]))
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
    cols = _FETCH_STATE.c
    stmt = select(cols.url, *(cols[name] for name in _FETCH_FIELDS)).where(cols.url == url)
    with engine.connect() as conn:
        row = conn.execute(stmt).one_or_none()
    if row is None:
        return None
    return FetchState(
        url=row.url,
        etag=row.etag,
        last_modified=row.last_modified,
        content_hash=row.content_hash,
        status=row.status,
        fetched_at=row.fetched_at,
    )


def _insert_new(conn: Connection, items: list[Item], *, source: str, now: datetime) -> set[str]:
    """Insert the rows that do not exist yet; return the URLs this transaction created."""
    inserted: set[str] = set()
    is_postgresql = conn.dialect.name == "postgresql"
    for chunk in _chunks(items):
        if is_postgresql:
            result = conn.execute(_PG_INSERT, _as_arrays(chunk, source=source, now=now))
        else:
            # A list of rows runs as SQLAlchemy's "insertmanyvalues": one cached statement,
            # rendered as one multi-row VALUES per chunk.
            rows = [_new_row(item, source=source, now=now) for item in chunk]
            result = conn.execute(_SQLITE_INSERT, rows)
        inserted.update(result.scalars())
    return inserted


def _stored(conn: Connection, urls: list[str]) -> dict[str, tuple[str, str]]:
    """`url -> (source, content_hash)` of the stored rows among `urls` (one SELECT per chunk)."""
    cols = _ITEMS.c
    stmt = select(cols.url, cols.source, cols.content_hash).where(_url_in(conn))
    stored: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(urls):
        stored.update(
            (url, (owner, digest)) for url, owner, digest in conn.execute(stmt, {"urls": chunk})
        )
    return stored


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
    """Rewrite the content of changed rows (one executemany)."""
    if not items:
        return
    values: dict[str, BindParameter[object]]
    values = {name: bindparam(f"b_{name}") for name in (*_CONTENT, "content_hash")}
    values["last_seen"] = bindparam("b_now", type_=_ITEMS.c.last_seen.type)
    stmt = update(_ITEMS).where(_ITEMS.c.url == bindparam("b_url")).values(values)
    params = [
        {
            "b_url": item.url,
            "b_title": item.title,
            "b_summary": item.summary,
            "b_published": item.published,
            "b_published_at": item.published_at,
            "b_published_raw": item.published_raw,
            "b_category": item.category,
            "b_content_hash": item.content_hash,
            "b_now": now,
        }
        for item in items
    ]
    conn.execute(stmt, params)


def _touch(conn: Connection, items: list[Item], *, now: datetime) -> None:
    """Bump `last_seen` on rows whose content stays as stored (one UPDATE per chunk)."""
    stmt = update(_ITEMS).where(_url_in(conn)).values(last_seen=now)
    for chunk in _chunks([item.url for item in items]):
        conn.execute(stmt, {"urls": chunk})


def _upsert_fetch_state(conn: Connection, state: FetchState) -> None:
    stmt = dialect_insert(conn, _FETCH_STATE).values(
        url=state.url,
        etag=state.etag,
        last_modified=state.last_modified,
        content_hash=state.content_hash,
        status=state.status,
        fetched_at=state.fetched_at,
    )
    fresh = {name: stmt.excluded[name] for name in _FETCH_FIELDS}
    conn.execute(stmt.on_conflict_do_update(index_elements=[_FETCH_STATE.c.url], set_=fresh))


def _new_row(item: Item, *, source: str, now: datetime) -> dict[str, object]:
    return {
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "published": item.published,
        "published_at": item.published_at,
        "published_raw": item.published_raw,
        "category": item.category,
        "source": source,
        "content_hash": item.content_hash,
        "first_seen": now,
        "last_seen": now,
    }


def _as_arrays(items: list[Item], *, source: str, now: datetime) -> dict[str, object]:
    """The parameters of `_PG_INSERT`: one list per column, plus the shared scalars."""
    params: dict[str, object] = {
        f"a_{name}": [getattr(item, name) for item in items] for name in _ARRAY_COLUMNS
    }
    params["b_source"] = source
    params["b_now"] = now
    return params


def _pg_insert() -> ReturningInsert[str]:
    """INSERT .. SELECT FROM unnest(arrays): a short statement with a dozen parameters however
    many rows, where a multi-row VALUES makes psycopg parse a placeholder per value (measured:
    most of the client time of a 100-row page)."""
    cols = _ITEMS.c
    arrays = []
    for name in _ARRAY_COLUMNS:
        array_type = postgresql.ARRAY(cols[name].type)  # typed, so UTCDateTime checks each value
        arrays.append(cast(bindparam(f"a_{name}", type_=array_type), array_type))
    rows = (
        func.unnest(*arrays)
        .table_valued(*(column(name, cols[name].type) for name in _ARRAY_COLUMNS))
        .render_derived(name="v")
    )
    source = bindparam("b_source", type_=cols.source.type)
    now = bindparam("b_now", type_=cols.first_seen.type)
    names = [*_ARRAY_COLUMNS, "source", "first_seen", "last_seen"]
    return (
        postgresql.insert(_ITEMS)
        .from_select(names, select(*rows.c, source, now, now))
        .on_conflict_do_nothing(index_elements=[cols.url])
        .returning(cols.url)
    )


def _sqlite_insert() -> ReturningInsert[str]:
    return (
        sqlite.insert(_ITEMS)
        .on_conflict_do_nothing(index_elements=[_ITEMS.c.url])
        .returning(_ITEMS.c.url)
    )


_PG_INSERT = _pg_insert()
_SQLITE_INSERT = _sqlite_insert()


def _url_in(conn: Connection) -> ColumnElement[bool]:
    """`items.url` is one of the list bound as "urls". PostgreSQL gets one array parameter
    (`= ANY`): a short statement psycopg parses once, where IN (..) has one per URL."""
    if conn.dialect.name == "postgresql":
        return _ITEMS.c.url == any_(cast(bindparam("urls"), postgresql.ARRAY(String())))
    return _ITEMS.c.url.in_(bindparam("urls", expanding=True))


def _chunks(rows: list[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]
