"""The statements `write_page` runs, built once per dialect, on first use.

Building a statement per page (and SQLAlchemy generating its cache key) cost more than running
it (measured: a third of write_page's CPU), so each is built once. Only the dialect in use is
built: the PostgreSQL set imports `sqlalchemy.dialects.postgresql`, which a SQLite crawl never
needs (2 MB of RSS and 50-90 ms of start-up, measured).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Insert,
    Select,
    String,
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
from sqlalchemy.dialects import sqlite

from storage.models import fetch_state_table, items_table

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.sql.dml import ReturningInsert

__all__ = ["FETCH_FIELDS", "ITEM_FIELDS", "LOAD_FETCH_STATE", "WriterStatements", "statements"]

ITEMS = items_table
FETCH_STATE = fetch_state_table
FETCH_FIELDS = ("etag", "last_modified", "content_hash", "status", "fetched_at")
# The columns an item's own fields fill; `url` first, the rest are rewritten on "updated".
ITEM_FIELDS = (
    "url",
    "title",
    "summary",
    "published",
    "published_at",
    "published_raw",
    "category",
    "content_hash",
)
LOAD_FETCH_STATE = select(FETCH_STATE.c.url, *(FETCH_STATE.c[name] for name in FETCH_FIELDS)).where(
    FETCH_STATE.c.url == bindparam("url")
)


@dataclass(frozen=True, slots=True)
class WriterStatements:
    """One dialect's statements. `insert` and `page_settings` are PostgreSQL's only: SQLite's
    INSERT is plain SQL (see writer), and it needs no per-transaction settings."""

    stored: Select[str, str, str]
    touch: Update
    rewrite: Update
    upsert_fetch_state: Insert
    insert: ReturningInsert[str] | None = None
    page_settings: Select[str, str] | None = None


@cache
def statements(dialect: str) -> WriterStatements:
    """The statements for `dialect` ("sqlite" or "postgresql")."""
    if dialect == "postgresql":
        return _postgresql()
    return WriterStatements(
        stored=_stored(ITEMS.c.url.in_(bindparam("urls", expanding=True))),
        touch=_touch(ITEMS.c.url.in_(bindparam("urls", expanding=True))),
        rewrite=_sqlite_rewrite(),
        upsert_fetch_state=_fetch_state_upsert(sqlite.insert(FETCH_STATE)),
    )


def _postgresql() -> WriterStatements:
    from sqlalchemy.dialects import postgresql

    # One array parameter (`= ANY`): a short statement psycopg parses once, where IN (..) has
    # one placeholder per URL.
    url_in = ITEMS.c.url == any_(cast(bindparam("urls"), postgresql.ARRAY(String())))
    rows = _unnest(postgresql.ARRAY)
    cols = ITEMS.c
    names = [*ITEM_FIELDS, "source", "first_seen", "last_seen"]
    source = bindparam("b_source", type_=cols.source.type)
    now = bindparam("b_now", type_=cols.first_seen.type)
    insert = (
        postgresql.insert(ITEMS)
        .from_select(names, select(*rows.c, source, now, now))
        .on_conflict_do_nothing(index_elements=[cols.url])
        .returning(cols.url)
    )
    values: dict[str, object] = {name: rows.c[name] for name in ITEM_FIELDS[1:]}
    values["last_seen"] = bindparam("b_now", type_=cols.last_seen.type)
    # For the page's transaction only (set_config(.., is_local=true)):
    # - synchronous_commit off, as SQLite's synchronous=NORMAL: a server crash may lose the
    #   last pages written, never half of one, and the crawler fetches them again; the next
    #   synchronous commit (finish_run) flushes them all. Saves a WAL flush (~5 ms) a page.
    # - enable_seqscan off: every statement here finds rows by the unique URL, but until its
    #   first ANALYZE a growing table looks tiny to the planner, which then scanned all of it
    #   on every page (measured: 2 ms a page at 10k rows, and growing with the table).
    settings = select(
        func.set_config("synchronous_commit", "off", True),
        func.set_config("enable_seqscan", "off", True),
    )
    return WriterStatements(
        stored=_stored(url_in),
        touch=_touch(url_in),
        rewrite=update(ITEMS).where(cols.url == rows.c.url).values(values),
        upsert_fetch_state=_fetch_state_upsert(postgresql.insert(FETCH_STATE)),
        insert=insert,
        page_settings=settings,
    )


def _unnest(array: type) -> TableValuedAlias:
    """`unnest(:a_url, :a_title, ..) AS v(url, title, ..)`: rows from one array per column."""
    cols = ITEMS.c
    arrays = []
    for name in ITEM_FIELDS:
        array_type = array(cols[name].type)  # typed, so UTCDateTime checks each value
        arrays.append(cast(bindparam(f"a_{name}", type_=array_type), array_type))
    return (
        func.unnest(*arrays)
        .table_valued(*(column(name, cols[name].type) for name in ITEM_FIELDS))
        .render_derived(name="v")
    )


def _stored(url_in: ColumnElement[bool]) -> Select[str, str, str]:
    cols = ITEMS.c
    stmt = select(cols.url, cols.source, cols.content_hash).where(url_in)
    return stmt.order_by(cols.url).with_for_update()


def _touch(url_in: ColumnElement[bool]) -> Update:
    now = bindparam("b_now", type_=ITEMS.c.last_seen.type)
    return update(ITEMS).where(url_in).values(last_seen=now)


def _sqlite_rewrite() -> Update:
    values: dict[str, object] = {name: bindparam(f"b_{name}") for name in ITEM_FIELDS[1:]}
    values["last_seen"] = bindparam("b_now", type_=ITEMS.c.last_seen.type)
    return update(ITEMS).where(ITEMS.c.url == bindparam("b_url")).values(values)


def _fetch_state_upsert(stmt: sqlite.Insert | postgresql.Insert) -> Insert:
    fresh = {name: stmt.excluded[name] for name in FETCH_FIELDS}
    return stmt.on_conflict_do_update(index_elements=[FETCH_STATE.c.url], set_=fresh)
