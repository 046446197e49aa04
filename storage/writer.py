"""Store one listing page of items in one transaction, and say what each item was.

The unique constraint on `items.url` decides what is new. On PostgreSQL `INSERT .. ON CONFLICT
DO NOTHING RETURNING url` reports exactly the rows this transaction created, even with another
writer racing on the same URLs, so nothing is counted new twice; SQLite's statement is the
same, its values bound by sqlite3 directly rather than by SQLAlchemy.

Since most pages of a re-crawl are known items, the stored rows are read (and locked) first,
`SELECT .. WHERE url IN (..)` per chunk, and only the URLs not found go to the INSERT; any
of those it did not create (a racing writer got there in between) are read again. Each seen
item is then classified against its stored row:

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
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import StatementError

from pipelines import Item
from storage.engine import write_transaction
from storage.models import items_table
from storage.statements import FETCH_FIELDS, ITEM_FIELDS, LOAD_FETCH_STATE, statements
from storage.types import UTCDateTime

__all__ = ["CHUNK_ROWS", "FetchState", "WriteCounts", "load_fetch_state", "write_page"]

CHUNK_ROWS = 500
_T = TypeVar("_T")


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
        sql = statements(conn.dialect.name)
        if sql.page_settings is not None:
            conn.execute(sql.page_settings)
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
        row = conn.execute(LOAD_FETCH_STATE, {"url": url}).one_or_none()
    return None if row is None else FetchState(*row)


def _stored(conn: Connection, urls: list[str]) -> dict[str, tuple[str, str]]:
    """`url -> (source, content_hash)` of the stored rows among `urls` (one SELECT per chunk),
    locked until commit (FOR UPDATE, in URL order; SQLite has one writer and no such clause)."""
    stmt = statements(conn.dialect.name).stored
    stored: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(urls)):
        result = conn.execute(stmt, {"urls": chunk})
        stored.update((url, (owner, digest)) for url, owner, digest in result)
    return stored


def _insert_new(conn: Connection, items: list[Item], *, source: str, now: datetime) -> set[str]:
    """Insert rows for `items`; return the URLs this transaction created."""
    if conn.dialect.name == "sqlite":
        return _sqlite_insert_new(conn, items, source=source, now=now)
    stmt = statements(conn.dialect.name).insert
    assert stmt is not None  # every dialect but SQLite has one
    inserted: set[str] = set()
    for chunk in _chunks(items):
        params = {**_arrays(chunk), "b_source": source, "b_now": now}
        inserted.update(conn.execute(stmt, params).scalars())
    return inserted


def _sqlite_insert_new(
    conn: Connection, items: list[Item], *, source: str, now: datetime
) -> set[str]:
    """SQLite: one multi-row `INSERT .. RETURNING url` per chunk, bound as plain values.

    SQLAlchemy's per-row parameter handling was half of write_page's CPU (py-spy); the
    statement text is cached per row count and the values go to sqlite3 as one flat tuple.
    """
    inserted: set[str] = set()
    stamp = _SQLITE_STAMP(now)
    for chunk in _chunks(items):
        values: list[object] = []
        try:
            for item in chunk:
                values += (
                    item.url,
                    item.title,
                    item.summary,
                    item.published,
                    _SQLITE_STAMP(item.published_at),
                    item.published_raw,
                    item.category,
                    item.content_hash,
                    source,
                    stamp,
                    stamp,
                )
        except ValueError as exc:  # a naive datetime: refused as SQLAlchemy would refuse it
            raise StatementError(str(exc), "INSERT INTO items", None, exc) from exc
        sql = _sqlite_insert_sql(len(chunk))
        inserted.update(url for (url,) in conn.exec_driver_sql(sql, tuple(values)))
    return inserted


@lru_cache(maxsize=64)
def _sqlite_insert_sql(rows: int) -> str:
    names = (*ITEM_FIELDS, "source", "first_seen", "last_seen")
    row = "(" + ", ".join("?" for _ in names) + ")"
    return (
        f"INSERT INTO {items_table.name} ({', '.join(names)}) VALUES {', '.join([row] * rows)} "
        "ON CONFLICT (url) DO NOTHING RETURNING url"
    )


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
    stmt = statements(conn.dialect.name).rewrite
    for chunk in _chunks(items):
        if conn.dialect.name == "postgresql":
            conn.execute(stmt, {**_arrays(chunk), "b_now": now})
        else:
            rows = [_rewrite_row(item, now=now) for item in chunk]
            conn.execute(stmt, rows)  # executemany, in sqlite3's C loop


def _touch(conn: Connection, items: list[Item], *, now: datetime) -> None:
    """Bump `last_seen` on rows whose content stays as stored (one UPDATE per chunk)."""
    stmt = statements(conn.dialect.name).touch
    for chunk in _chunks([item.url for item in items]):
        conn.execute(stmt, {"urls": chunk, "b_now": now})


def _upsert_fetch_state(conn: Connection, state: FetchState) -> None:
    params = {"url": state.url, **{name: getattr(state, name) for name in FETCH_FIELDS}}
    conn.execute(statements(conn.dialect.name).upsert_fetch_state, params)


def _rewrite_row(item: Item, *, now: datetime) -> dict[str, object]:
    row: dict[str, object] = {f"b_{name}": getattr(item, name) for name in ITEM_FIELDS}
    row["b_now"] = now
    return row


def _arrays(items: list[Item]) -> dict[str, object]:
    """The per-row values of the PostgreSQL statements: one list per item field."""
    return {f"a_{name}": [getattr(item, name) for item in items] for name in ITEM_FIELDS}


def _sqlite_stamp() -> Callable[[datetime | None], str | None]:
    """UTCDateTime's SQLite text for a datetime, as SQLAlchemy would bind it."""
    process = UTCDateTime().bind_processor(sqlite.dialect())
    assert process is not None  # UTCDateTime formats SQLite's text itself
    return process


def _by_url(item: Item) -> str:
    return item.url


def _chunks(rows: list[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]


_SQLITE_STAMP = _sqlite_stamp()
