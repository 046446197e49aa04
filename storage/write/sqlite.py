"""SQLite's side of `write_page`: the same statements, run on the driver's own connection.

Inside the transaction `write_transaction` opened (BEGIN IMMEDIATE, so SQLite's one write lock
is ours from the first read), each statement goes to sqlite3 directly with plain values.
SQLAlchemy's execution context cost more than the statements themselves: 100-200 µs each, four
or five a page, half of write_page's CPU (py-spy on the benchmark crawl). The SQL text is fixed
per row count and cached. Values are bound as `UTCDateTime` binds them, and driver errors leave
as SQLAlchemy's `DBAPIError` family, so callers cannot tell the difference.

The rows a transaction inserts go into the full-text index (`items_fts`) with one
`INSERT .. SELECT` at its end (`index_new`), which the writer calls before COMMIT. FTS5 keeps
pending terms in memory and writes them out as a new index segment whenever a statement opens
a savepoint, which most multi-row statements do: indexed by a row trigger, a transaction of
eight pages made a segment per statement, with the merges that follow (measured: the benchmark
site's 9,610 items through `write_pages`, four pages a transaction, took ~250 ms of CPU
without an index, 95 ms more with the trigger, 53 ms more this way). Rows past the largest
rowid the transaction found are the ones it inserted: it holds SQLite's write lock, and a new
row's rowid is the largest plus one. A rewrite indexes them first, so that the edit trigger
finds the rows it updates in the index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError, StatementError

from pipelines import Item
from storage.models import (
    FTS_TABLE,
    RAW_TEXT_COLUMNS,
    fetch_state_table,
    item_revisions_table,
    items_table,
)
from storage.revisions import StoredContent
from storage.types import UTCDateTime
from storage.write.postgresql import CONTENT_FIELDS, FETCH_FIELDS, ITEM_FIELDS, stored_value

__all__ = ["SqliteWrites", "fetch_state_row"]

_ITEMS = items_table.name
_FETCH_STATE = fetch_state_table.name
_NEW_COLUMNS = (*ITEM_FIELDS, "source", "first_seen", "last_seen")
_FETCHED_AT = 1 + FETCH_FIELDS.index("fetched_at")  # in a fetch-state row: url, FETCH_FIELDS
_REWRITE_SQL = (
    f"UPDATE {_ITEMS} SET {', '.join(f'{name} = ?' for name in ITEM_FIELDS[1:])}, "
    "last_seen = ? WHERE url = ?"
)
_UPSERT_FETCH_STATE_SQL = (
    f"INSERT INTO {_FETCH_STATE} (url, {', '.join(FETCH_FIELDS)}) "
    f"VALUES (?, {', '.join('?' for _ in FETCH_FIELDS)}) ON CONFLICT (url) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in FETCH_FIELDS)
)
_LOAD_FETCH_STATE_SQL = f"SELECT url, {', '.join(FETCH_FIELDS)} FROM {_FETCH_STATE} WHERE url = ?"
_INSERTED_SQL = f"SELECT url FROM {_ITEMS} WHERE rowid > ? AND rowid <= ?"
_LAST_ROWID_SQL = f"SELECT coalesce(max(rowid), 0) FROM {_ITEMS}"
_INDEX_NEW_SQL = (
    f"INSERT INTO {FTS_TABLE} (rowid, title, summary) "
    f"SELECT id, title, summary FROM {_ITEMS} WHERE id > ?"
)
_REVISION_COLUMNS = (
    "item_id",
    "title",
    "summary",
    "published",
    "published_at",
    "published_raw",
    "category",
    "seen_at",
    "replaced_at",
)
_REVISION_STAMPS = frozenset({"published_at", "seen_at", "replaced_at"})
_ADD_REVISION_SQL = (
    f"INSERT INTO {item_revisions_table.name} ({', '.join(_REVISION_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _REVISION_COLUMNS)})"
)
_CONTENT_STAMPS = tuple(CONTENT_FIELDS.index(name) for name in ("published_at", "last_seen"))


def _processors() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """UTCDateTime's own SQLite bind and result processors."""
    kind = UTCDateTime()
    dialect = sqlite.dialect()
    bind, result = kind.bind_processor(dialect), kind.result_processor(dialect, None)
    assert bind is not None and result is not None  # UTCDateTime handles SQLite text itself
    return bind, result


_STAMP, _READ_STAMP = _processors()


class SqliteWrites:
    """The statements of one page's transaction, on the transaction's own sqlite3 connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._unindexed_after: int | None = None  # rows past this rowid are not indexed yet

    def stored(self, urls: Sequence[str]) -> dict[str, tuple[str, str]]:
        """`url -> (source, content_hash)` of the stored rows among `urls`."""
        sql = _select_stored_sql(len(urls))
        with _driver_errors(sql):
            rows = self._db.execute(sql, tuple(urls)).fetchall()
        return {url: (owner, digest) for url, owner, digest in rows}

    def insert_new(self, items: Sequence[Item], *, source: str, now: datetime) -> set[str]:
        """Insert rows for `items`; the URLs this statement created.

        No RETURNING: sqlite3 hands each returned row back through the GIL, and the writer
        thread then waits for the crawl to release it, row after row. The transaction holds
        SQLite's one write lock (BEGIN IMMEDIATE) since it found these URLs missing, so the
        row count normally says "all of them". Should it say fewer, the new rows are the
        consecutive rowids ending at the last one inserted (SQLite gives a new row the largest
        rowid plus one), and they are read back.
        """
        if self._unindexed_after is None:
            with _driver_errors(_LAST_ROWID_SQL):
                (self._unindexed_after,) = self._db.execute(_LAST_ROWID_SQL).fetchone()
        stamp = _STAMP(now)
        values: list[object] = []
        with _naive_datetimes("INSERT INTO items"):
            for item in items:
                values += (item.url, *_content(item), source, stamp, stamp)
        sql = _insert_sql(len(items))
        with _driver_errors(sql):
            cursor = self._db.execute(sql, values)
        count = cursor.rowcount
        if count == len(items):
            return {item.url for item in items}
        last = cursor.lastrowid or 0
        with _driver_errors(_INSERTED_SQL):
            rows = self._db.execute(_INSERTED_SQL, (last - count, last)).fetchall()
        return {url for (url,) in rows}

    def contents(self, urls: Sequence[str]) -> dict[str, StoredContent]:
        """The stored content of the rows among `urls`, by URL."""
        sql = _select_contents_sql(len(urls))
        with _driver_errors(sql):
            rows = self._db.execute(sql, tuple(urls)).fetchall()
        found: dict[str, StoredContent] = {}
        for url, *values in rows:
            for index in _CONTENT_STAMPS:
                values[index] = _READ_STAMP(values[index])
            found[url] = StoredContent(*values)
        return found

    def add_revisions(self, rows: Sequence[dict[str, object]]) -> None:
        """Keep replaced content (`storage.revisions.revision_row` rows), executemany."""
        with _naive_datetimes("INSERT INTO item_revisions"):
            values = [
                [_STAMP(r[n]) if n in _REVISION_STAMPS else r[n] for n in _REVISION_COLUMNS]
                for r in rows
            ]
        with _driver_errors(_ADD_REVISION_SQL):
            self._db.executemany(_ADD_REVISION_SQL, values)

    def rewrite(self, items: Sequence[Item], *, now: datetime) -> None:
        """Rewrite the content of changed rows and bump their `last_seen` (executemany)."""
        self.index_new()  # the edit trigger removes a row's old words from the index
        stamp = _STAMP(now)
        with _naive_datetimes("UPDATE items"):
            rows = [(*_content(item), stamp, item.url) for item in items]
        with _driver_errors(_REWRITE_SQL):
            self._db.executemany(_REWRITE_SQL, rows)

    def touch(self, urls: Sequence[str], *, now: datetime) -> None:
        """Bump `last_seen` on rows whose content stays as stored."""
        sql = _touch_sql(len(urls))
        with _driver_errors(sql):
            self._db.execute(sql, (_STAMP(now), *urls))

    def index_new(self) -> None:
        """Add the rows inserted since the last call to the full-text index, in one statement."""
        if self._unindexed_after is None:
            return
        with _driver_errors(_INDEX_NEW_SQL):
            self._db.execute(_INDEX_NEW_SQL, (self._unindexed_after,))
        self._unindexed_after = None

    def upsert_fetch_state(self, values: Sequence[object]) -> None:
        """`values`: url, then FETCH_FIELDS in order."""
        row = [*values]
        with _naive_datetimes("INSERT INTO fetch_state"):
            row[_FETCHED_AT] = _STAMP(row[_FETCHED_AT])
        with _driver_errors(_UPSERT_FETCH_STATE_SQL):
            self._db.execute(_UPSERT_FETCH_STATE_SQL, row)


def _content(item: Item) -> tuple[object, ...]:
    """The values of ITEM_FIELDS after `url`, in order, as SQLite stores them."""
    return (
        item.title,
        item.summary,
        item.published,
        _STAMP(item.published_at),
        item.published_raw,
        item.category,
        item.content_hash,
        *(stored_value(item, name) for name in RAW_TEXT_COLUMNS),
    )


def fetch_state_row(connection: sqlite3.Connection, url: str) -> tuple[object, ...] | None:
    """The stored fetch-state row of `url` (url, then FETCH_FIELDS), or None."""
    with _driver_errors(_LOAD_FETCH_STATE_SQL):
        row = connection.execute(_LOAD_FETCH_STATE_SQL, (url,)).fetchone()
    if row is None:
        return None
    values = list(row)
    values[_FETCHED_AT] = _READ_STAMP(values[_FETCHED_AT])
    return tuple(values)


@contextmanager
def _driver_errors(sql: str) -> Iterator[None]:
    """sqlite3's errors as SQLAlchemy would raise them (OperationalError, IntegrityError, ..)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc


@contextmanager
def _naive_datetimes(statement: str) -> Iterator[None]:
    """A naive datetime is refused with the StatementError SQLAlchemy raises for it."""
    try:
        yield
    except ValueError as exc:
        raise StatementError(str(exc), statement, None, exc) from exc


@lru_cache(maxsize=64)
def _insert_sql(rows: int) -> str:
    row = "(" + ", ".join("?" for _ in _NEW_COLUMNS) + ")"
    return (
        f"INSERT INTO {_ITEMS} ({', '.join(_NEW_COLUMNS)}) VALUES {', '.join([row] * rows)} "
        "ON CONFLICT (url) DO NOTHING"
    )


@lru_cache(maxsize=64)
def _select_stored_sql(count: int) -> str:
    return f"SELECT url, source, content_hash FROM {_ITEMS} WHERE url IN ({_marks(count)})"


@lru_cache(maxsize=64)
def _select_contents_sql(count: int) -> str:
    return f"SELECT url, {', '.join(CONTENT_FIELDS)} FROM {_ITEMS} WHERE url IN ({_marks(count)})"


@lru_cache(maxsize=64)
def _touch_sql(count: int) -> str:
    return f"UPDATE {_ITEMS} SET last_seen = ? WHERE url IN ({_marks(count)})"


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))
