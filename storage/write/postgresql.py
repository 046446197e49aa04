"""The columns `write_page` fills, and its PostgreSQL statements, built once on first use.

Building a statement per page (and SQLAlchemy generating its cache key) cost more than running
it (measured: a third of write_page's CPU), so each is built once, and only when a PostgreSQL
database is written: they import `sqlalchemy.dialects.postgresql`, which a SQLite crawl never
needs (2 MB of RSS and 50-90 ms of start-up, measured). SQLite's statements are plain SQL
(`sqlite`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import (
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

from pipelines import Item
from storage.models import (
    RAW_TEXT_COLUMNS,
    fetch_state_table,
    item_revisions_table,
    items_table,
)

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import ReturningInsert

__all__ = [
    "CONTENT_FIELDS",
    "FETCH_FIELDS",
    "ITEM_FIELDS",
    "LOAD_FETCH_STATE",
    "ServerStatements",
    "postgresql_statements",
    "stored_value",
]

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
    *RAW_TEXT_COLUMNS,
)
# Raw text column -> the clean field it is the text as found of.
_CLEAN_OF = dict(zip(RAW_TEXT_COLUMNS, ("title", "summary"), strict=True))
# A changed row's content, in `storage.revisions.StoredContent` order (after `url`).
CONTENT_FIELDS = (
    "id",
    "title",
    "summary",
    "published",
    "published_at",
    "published_raw",
    "category",
    "content_hash",
    "last_seen",
    "title_raw",
)
LOAD_FETCH_STATE = select(FETCH_STATE.c.url, *(FETCH_STATE.c[name] for name in FETCH_FIELDS)).where(
    FETCH_STATE.c.url == bindparam("url")
)


def stored_value(item: Item, name: str) -> object:
    """The value `item` gives the ITEM_FIELDS column `name`. A raw text column holds the text
    as found only where cleaning changed it, else NULL: most cards need no cleaning, and the
    same text twice would only grow the table."""
    clean = _CLEAN_OF.get(name)
    value = getattr(item, name)
    if clean is not None and value == getattr(item, clean):
        return None
    return value


@dataclass(frozen=True, slots=True)
class ServerStatements:
    """PostgreSQL's statements for one page's transaction."""

    stored: Select[str, str, str]
    contents: Select[tuple[object, ...]]
    insert: ReturningInsert[str]
    rewrite: Update
    add_revision: Insert
    touch: Update
    upsert_fetch_state: Insert
    page_settings: Select[str, str]


@cache
def postgresql_statements() -> ServerStatements:
    """Built on first use (see the module docstring)."""
    from sqlalchemy.dialects import postgresql

    cols = ITEMS.c
    # One array parameter (`= ANY`): a short statement psycopg parses once, where IN (..) has
    # one placeholder per URL. Rows are read and locked in URL order (FOR UPDATE).
    url_in = cols.url == any_(cast(bindparam("urls"), postgresql.ARRAY(String())))
    rows = _unnest(postgresql.ARRAY)
    names = [*ITEM_FIELDS, "source", "first_seen", "last_seen"]
    source = bindparam("b_source", type_=cols.source.type)
    now = bindparam("b_now", type_=cols.first_seen.type)
    values: dict[str, object] = {name: rows.c[name] for name in ITEM_FIELDS[1:]}
    last_seen = bindparam("b_now", type_=cols.last_seen.type)
    values["last_seen"] = last_seen
    upsert = postgresql.insert(FETCH_STATE)
    fresh = {name: upsert.excluded[name] for name in FETCH_FIELDS}
    return ServerStatements(
        stored=select(cols.url, cols.source, cols.content_hash)
        .where(url_in)
        .order_by(cols.url)
        .with_for_update(),
        contents=select(cols.url, *(cols[name] for name in CONTENT_FIELDS)).where(url_in),
        add_revision=item_revisions_table.insert(),
        insert=postgresql.insert(ITEMS)
        .from_select(names, select(*rows.c, source, now, now))
        .on_conflict_do_nothing(index_elements=[cols.url])
        .returning(cols.url),
        rewrite=update(ITEMS).where(cols.url == rows.c.url).values(values),
        touch=update(ITEMS)
        .where(url_in)
        .values(last_seen=bindparam("b_now", type_=cols.last_seen.type)),
        upsert_fetch_state=upsert.on_conflict_do_update(
            index_elements=[FETCH_STATE.c.url], set_=fresh
        ),
        # For the page's transaction only (set_config(.., is_local=true)):
        # - synchronous_commit off, as SQLite's synchronous=NORMAL: a server crash may lose
        #   the last pages written, never half of one, and the crawler fetches them again;
        #   the next synchronous commit (finish_run) flushes them all. Saves a WAL flush
        #   (~5 ms) a page.
        # - enable_seqscan off: every statement here finds rows by the unique URL, but until
        #   its first ANALYZE a growing table looks tiny to the planner, which then scanned
        #   all of it on every page (measured: 2 ms a page at 10k rows, and growing).
        page_settings=select(
            func.set_config("synchronous_commit", "off", True),
            func.set_config("enable_seqscan", "off", True),
        ),
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
