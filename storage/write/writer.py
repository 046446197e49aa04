"""Store listing pages of items, each with its fetch state, and say what each item was.

`write_page` stores one page in one transaction; `write_pages` several, in order, in one
transaction (a crawl's group commit on SQLite), each page exactly as `write_page` would.

The unique constraint on `items.url` decides what is new. On PostgreSQL `INSERT .. ON CONFLICT
DO NOTHING RETURNING url` reports exactly the rows this transaction created, even with another
writer racing on the same URLs, so nothing is counted new twice. SQLite's INSERT has its
values bound by sqlite3 directly rather than by SQLAlchemy, and no RETURNING: the transaction
holds SQLite's one write lock, and its row count (or, failing that, the rowids) says which rows
it created (`sqlite`).

Since most pages of a re-crawl are known items, the stored rows are read (and locked) first,
`SELECT .. WHERE url IN (..)` per chunk, and only the URLs not found go to the INSERT; any
of those it did not create (a racing writer got there in between) are read again. Each seen
item is then classified against its stored row:

- updated:   same source, different `content_hash`, and not only a relative date re-read within
             its precision; the content fields are rewritten and the old ones kept as a
             revision (`storage.revisions`)
- unchanged: same source, same hash (or only such a date moved, or only the title's cleaning:
             the clean title is written, no revision kept)
- duplicate: the URL is stored under another source (that row's content is left as it is)

Every seen row gets `last_seen = now`. Statements are batched and chunked (`CHUNK_ROWS` rows,
far under SQLite's 32766 and PostgreSQL's 65535 bind parameters), so a page costs a handful of
statements whatever its size. On PostgreSQL the per-row values travel as one array per column
(`unnest`), which keeps each statement short: psycopg parses a multi-row VALUES placeholder by
placeholder (measured: most of the client time of a 100-row page). A URL repeated within
`items` is stored once (the first wins) and counted once: the pipeline counts repeats.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy import Connection, Engine

from pipelines import Item
from storage.engine import write_transaction
from storage.revisions import StoredContent, revision_row, sort_edits
from storage.write.postgresql import (
    CONTENT_FIELDS,
    FETCH_FIELDS,
    ITEM_FIELDS,
    LOAD_FETCH_STATE,
    postgresql_statements,
    stored_value,
)
from storage.write.sqlite import SqliteWrites, fetch_state_row

if TYPE_CHECKING:
    from pipelines import NearDupPolicy

__all__ = [
    "CHUNK_ROWS",
    "FetchState",
    "PageWrite",
    "PageWritten",
    "WriteCounts",
    "load_fetch_state",
    "write_page",
    "write_pages",
]

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
    linked: int = 0
    """Of the new items, how many repeat a stored story (their `duplicate_of` is set)."""


@dataclass(frozen=True, slots=True)
class PageWrite:
    """One page to store: its items as seen from `source` at `now`, and its fetch state. With
    `near`, new items are linked to the first copy of their story (`storage.neardup`); None
    leaves `duplicate_of` alone."""

    source: str
    items: Sequence[Item]
    now: datetime
    fetch_state: FetchState | None = None
    near: NearDupPolicy | None = None


@dataclass(frozen=True, slots=True)
class PageWritten:
    """How a page was stored."""

    counts: WriteCounts


def write_page(
    engine: Engine,
    *,
    source: str,
    items: Sequence[Item],
    now: datetime,
    fetch_state: FetchState | None = None,
    near: NearDupPolicy | None = None,
) -> WriteCounts:
    """Upsert `items` as seen from `source` at `now`, plus `fetch_state`, in ONE transaction.

    `source` (not `Item.source`) is the source the rows are stored and compared under.
    SQLAlchemy errors propagate; callers translate them.
    """
    page = PageWrite(source=source, items=items, now=now, fetch_state=fetch_state, near=near)
    return write_pages(engine, [page])[0].counts


def write_pages(engine: Engine, pages: Sequence[PageWrite]) -> list[PageWritten]:
    """Store `pages` in order, in ONE transaction: each as `write_page` would, all or none.

    A crawl on SQLite writes the pages that queued for its one writer together (group
    commit, `scraper.crawl.groupcommit`): one BEGIN and COMMIT, one trip to the database thread.
    """
    with write_transaction(engine) as conn:
        writes = _page_writes(conn)
        written = [PageWritten(counts=_write(conn, writes, page)) for page in pages]
        writes.index_new()
        return written


def _write(conn: Connection, writes: _PageWrites, page: PageWrite) -> WriteCounts:
    source, now = page.source, page.now
    unique: dict[str, Item] = {}
    for item in page.items:
        unique.setdefault(item.url, item)
    stored = _stored(writes, list(unique))
    # URL order for every row lock (here and in _stored): concurrent PostgreSQL writers
    # then never wait on each other in a cycle, whatever order their pages list URLs in.
    missing = sorted((i for u, i in unique.items() if u not in stored), key=_by_url)
    inserted: set[str] = set()
    for chunk in _chunks(missing):
        inserted |= writes.insert_new(chunk, source=source, now=now)
    stored.update(_stored(writes, [i.url for i in missing if i.url not in inserted]))
    linked = 0
    if page.near is not None:
        from storage.neardup import link_new  # loaded with `dedup.enabled` only

        fresh = [item for url, item in unique.items() if url in inserted]
        linked = link_new(conn, fresh, now=now, policy=page.near)
    seen = [item for url, item in unique.items() if url not in inserted]
    changed, same, duplicate = _classify(seen, stored, source=source)
    edits = sort_edits(changed, _contents(writes, [item.url for item in changed]))
    same += edits.same
    for pairs in _chunks(edits.rewrite):
        writes.rewrite([item for item, _ in pairs], now=now)
        writes.add_revisions([revision_row(old, now=now) for _, old in pairs])
    for chunk in _chunks(edits.recleaned):  # only our cleaning moved: no revision, no edit
        writes.rewrite(chunk, now=now)
    if page.near is not None and (edits.rewrite or edits.recleaned):
        from storage.neardup import reindex

        reindex(conn, [item for item, _ in edits.rewrite] + edits.recleaned, policy=page.near)
    for urls in _chunks([item.url for item in same + duplicate]):
        writes.touch(urls, now=now)
    state = page.fetch_state
    if state is not None:
        writes.upsert_fetch_state([state.url, *(getattr(state, name) for name in FETCH_FIELDS)])
    return WriteCounts(
        new=len(inserted),
        updated=len(edits.rewrite),
        unchanged=len(same) + len(edits.recleaned),
        duplicate=len(duplicate),
        linked=linked,
    )


def load_fetch_state(engine: Engine, url: str) -> FetchState | None:
    """The stored fetch state of `url`, or None if it was never fetched."""
    with engine.connect() as conn:
        return _fetch_state(conn, url)


def _fetch_state(conn: Connection, url: str) -> FetchState | None:
    if conn.dialect.name == "sqlite":
        row = fetch_state_row(_driver_connection(conn), url)
    else:
        row = conn.execute(LOAD_FETCH_STATE, {"url": url}).one_or_none()
    return None if row is None else FetchState(*row)  # type: ignore[arg-type]


class _PageWrites(Protocol):
    """The statements of one page's transaction, one chunk of rows per call."""

    def stored(self, urls: Sequence[str]) -> dict[str, tuple[str, str]]: ...
    def insert_new(self, items: Sequence[Item], *, source: str, now: datetime) -> set[str]: ...
    def contents(self, urls: Sequence[str]) -> dict[str, StoredContent]: ...
    def rewrite(self, items: Sequence[Item], *, now: datetime) -> None: ...
    def add_revisions(self, rows: Sequence[dict[str, object]]) -> None: ...
    def touch(self, urls: Sequence[str], *, now: datetime) -> None: ...
    def upsert_fetch_state(self, values: Sequence[object]) -> None: ...
    def index_new(self) -> None: ...


class _ServerWrites:
    """PostgreSQL: SQLAlchemy Core statements, rows as one array per column (`unnest`).

    `stored` locks the rows until commit (FOR UPDATE, in URL order)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._sql = postgresql_statements()
        conn.execute(self._sql.page_settings)

    def stored(self, urls: Sequence[str]) -> dict[str, tuple[str, str]]:
        result = self._conn.execute(self._sql.stored, {"urls": list(urls)})
        return {url: (owner, digest) for url, owner, digest in result}

    def insert_new(self, items: Sequence[Item], *, source: str, now: datetime) -> set[str]:
        params = {**_arrays(items), "b_source": source, "b_now": now}
        return set(self._conn.execute(self._sql.insert, params).scalars())

    def contents(self, urls: Sequence[str]) -> dict[str, StoredContent]:
        result = self._conn.execute(self._sql.contents, {"urls": list(urls)})
        return {
            row.url: StoredContent(**{name: row._mapping[name] for name in CONTENT_FIELDS})
            for row in result
        }

    def rewrite(self, items: Sequence[Item], *, now: datetime) -> None:
        self._conn.execute(self._sql.rewrite, {**_arrays(items), "b_now": now})

    def add_revisions(self, rows: Sequence[dict[str, object]]) -> None:
        self._conn.execute(self._sql.add_revision, list(rows))

    def touch(self, urls: Sequence[str], *, now: datetime) -> None:
        self._conn.execute(self._sql.touch, {"urls": list(urls), "b_now": now})

    def upsert_fetch_state(self, values: Sequence[object]) -> None:
        params = dict(zip(("url", *FETCH_FIELDS), values, strict=True))
        self._conn.execute(self._sql.upsert_fetch_state, params)

    def index_new(self) -> None:
        """Nothing to do: `items.search` is a generated column, computed by the INSERT."""


def _page_writes(conn: Connection) -> _PageWrites:
    if conn.dialect.name == "sqlite":
        return SqliteWrites(_driver_connection(conn))
    return _ServerWrites(conn)


def _driver_connection(conn: Connection) -> sqlite3.Connection:
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _stored(writes: _PageWrites, urls: list[str]) -> dict[str, tuple[str, str]]:
    """`url -> (source, content_hash)` of the stored rows among `urls` (one SELECT per chunk)."""
    stored: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(urls)):
        stored.update(writes.stored(chunk))
    return stored


def _contents(writes: _PageWrites, urls: list[str]) -> dict[str, StoredContent]:
    """The stored content of the rows among `urls` (one SELECT per chunk; none if no URLs)."""
    contents: dict[str, StoredContent] = {}
    for chunk in _chunks(sorted(urls)):
        contents.update(writes.contents(chunk))
    return contents


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


def _arrays(items: Sequence[Item]) -> dict[str, object]:
    """The per-row values of the PostgreSQL statements: one list per item field."""
    return {f"a_{name}": [stored_value(item, name) for item in items] for name in ITEM_FIELDS}


def _by_url(item: Item) -> str:
    return item.url


def _chunks(rows: list[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]
