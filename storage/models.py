"""The tables, as SQLAlchemy Core `Table`s on one `MetaData`: the one description Alembic
revisions are checked against (the tests migrate a database and compare it with this metadata),
and what `create_all` builds in a new, empty database.

Core, not ORM models: nothing maps rows to objects (the writer and the queries are Core
statements), and `sqlalchemy.orm` cost every `tidings` start 6 MB of RSS and about 0.1 s
(measured with `python -X importtime`).

Items are keyed by their canonical URL (a unique constraint is what makes the writer's
`ON CONFLICT DO NOTHING` race-safe). Each table also has an integer surrogate key where later
issues need one: a `revisions` table can reference `items.id`, and an SQLite FTS5 index can use
it as its `content_rowid`. `duplicate_of` is the URL of the story's first copy
(`storage.neardup`).
`items.source` and `crawl_runs.source` are plain names, not foreign keys: a source removed from
the config keeps its history. Schema changes go through a new Alembic revision, never here alone.

Full-text search is part of the schema, kept in sync inside the writer's own transaction:

- SQLite: `items_fts`, an FTS5 external-content table over `items(title, summary)` keyed by
  `items.id` (the rowid), laid out as `sqlite-utils enable-fts` makes it, so datasette and
  sqlite-utils find and search it unchanged. Triggers follow a delete and a change of title or
  summary (a `last_seen` bump does not touch the index). New rows are indexed by the writer,
  with one statement at the end of the transaction that inserted them
  (`storage.write.sqlite`), not by a trigger per row (revision 0009): FTS5 writes its pending
  terms out as a new segment at every statement that opens a savepoint, so a row trigger made a
  segment per statement of the transaction, and the index cost the benchmark crawl's writes
  ~60% more CPU. Rows inserted into `items` by other tools are not indexed until
  `INSERT INTO items_fts(items_fts) VALUES('rebuild')`.
- PostgreSQL: `items.search`, a generated `tsvector` (title weighted A, summary B) with a GIN
  index. The `simple` configuration (lower-case, no stemming): items do not record their
  language, and it splits words as SQLite's unicode61 tokenizer does, so a query finds the same
  items on both backends.

Neither is a `Column` of `items_table` (one has no PostgreSQL twin, the other no SQLite one):
`create_all` adds them with the DDL below, and the revision that introduced them spells out the
same statements (a test holds the two schemas equal, on SQLite byte for byte).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DDL,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.sql.ddl import ExecutableDDLElement

from storage.types import UTCDateTime

__all__ = [
    "FTS_TABLE",
    "RAW_TEXT_COLUMNS",
    "SEARCH_COLUMN",
    "SEARCH_CONFIG",
    "crawl_runs_table",
    "daemon_heartbeats_table",
    "fetch_state_table",
    "is_fulltext",
    "item_revisions_table",
    "items_table",
    "leases_table",
    "metadata",
    "near_keys_new_table",
    "near_keys_table",
    "near_sketches_table",
    "site_affixes_table",
    "source_state_table",
    "sources_table",
]

# Deterministic constraint names, so later revisions (and SQLite batch mode) can address them.
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=_NAMING)

RAW_TEXT_COLUMNS = ("title_raw", "summary_raw")
"""`items` columns for the card's text as found (`Item.title_raw`, `Item.summary_raw`)."""


def _id() -> Column[int]:
    """64-bit ids on PostgreSQL; SQLite needs exactly INTEGER for a rowid alias."""
    return Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)


def _text(
    name: str,
    *,
    nullable: bool = False,
    primary_key: bool = False,
    unique: bool | None = None,
    index: bool | None = None,
) -> Column[str]:
    return Column(
        name, String(), nullable=nullable, primary_key=primary_key, unique=unique, index=index
    )


def _when(name: str, *, nullable: bool = False, index: bool | None = None) -> Column[datetime]:
    """An instant, aware UTC on every backend (see `storage.types`)."""
    return Column(name, UTCDateTime(), nullable=nullable, index=index)


def _count(name: str) -> Column[int]:
    return Column(name, Integer(), nullable=False, default=0)


sources_table = Table(
    "sources",
    metadata,
    _text("name", primary_key=True),
    _text("kind"),
    Column("urls", Text(), nullable=False),  # a JSON array
    Column("interval_s", Float(), nullable=False),
    _when("synced_at"),
)
"""A configured source as last synced from config."""

items_table = Table(
    "items",
    metadata,
    _id(),
    _text("url", unique=True),
    Column("title", Text(), nullable=False),
    Column("summary", Text(), nullable=True),
    _text("published", nullable=True),
    _when("published_at", nullable=True, index=True),
    _text("published_raw", nullable=True),
    _text("category", nullable=True, index=True),
    _text("source", index=True),
    _text("content_hash"),
    _when("first_seen", index=True),
    _when("last_seen"),
    _text("duplicate_of", nullable=True, index=True),
    # Added by ALTER TABLE after the table is made (`_RAW_TEXT` below), as revision 0006 does.
    *(Column(name, Text(), nullable=True) for name in RAW_TEXT_COLUMNS),
)
"""One story, by canonical URL; `source` is the source that saw it first. `title_raw` and
`summary_raw` hold the card's text as found where cleaning changed it, NULL where it did not."""

crawl_runs_table = Table(
    "crawl_runs",
    metadata,
    _id(),
    _text("source"),
    _when("started_at"),
    _when("finished_at", nullable=True),
    _text("status"),
    *(
        _count(name)
        for name in ("pages", "new", "updated", "unchanged", "duplicate", "invalid", "errors")
    ),
    Column("error", Text(), nullable=True),
    Column("stats", Text(), nullable=True),  # every counter, as a JSON object
    Index(None, "source", "started_at"),
)
"""One run of one source: its outcome, the summary counters, and every counter as JSON."""

fetch_state_table = Table(
    "fetch_state",
    metadata,
    _text("url", primary_key=True),
    _text("etag", nullable=True),
    _text("last_modified", nullable=True),
    _text("content_hash", nullable=True),
    Column("status", Integer(), nullable=True),
    _when("fetched_at", nullable=True),
)
"""What the last fetch of a URL returned, for conditional GET and change detection."""

FTS_TABLE = "items_fts"
"""SQLite: the FTS5 table over items(title, summary); its rowid is `items.id`."""
SEARCH_COLUMN = "search"
"""PostgreSQL: the generated tsvector column of `items`."""
SEARCH_CONFIG = "simple"
"""PostgreSQL: the text search configuration of `items.search` and of every query on it."""

_SQLITE_FULLTEXT = (
    """CREATE VIRTUAL TABLE [items_fts] USING FTS5 (
    [title], [summary],
    content=[items]
)""",
    """CREATE TRIGGER [items_ad] AFTER DELETE ON [items] BEGIN
  INSERT INTO [items_fts] ([items_fts], rowid, [title], [summary])
    VALUES ('delete', old.rowid, old.[title], old.[summary]);
END""",
    """CREATE TRIGGER [items_au] AFTER UPDATE OF [title], [summary] ON [items]
WHEN old.[title] IS NOT new.[title] OR old.[summary] IS NOT new.[summary] BEGIN
  INSERT INTO [items_fts] ([items_fts], rowid, [title], [summary])
    VALUES ('delete', old.rowid, old.[title], old.[summary]);
  INSERT INTO [items_fts] (rowid, [title], [summary])
    VALUES (new.rowid, new.[title], new.[summary]);
END""",
)
# The raw-text columns, as revision 0006 adds them to a stored table. `_create_column` keeps
# them out of CREATE TABLE, and these statements add them after it (and after `search`), so a
# new database's DDL is the migrated one's: SQLite splices an added column into the stored
# CREATE TABLE text in its own way, and PostgreSQL puts it after the existing columns.
_RAW_TEXT = tuple(f"ALTER TABLE items ADD COLUMN {name} TEXT" for name in RAW_TEXT_COLUMNS)
_POSTGRESQL_FULLTEXT = (
    "ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(summary, '')), 'B')) STORED",
    "CREATE INDEX ix_items_search ON items USING gin (search)",
)


def _ddl(statement: str, dialect: str) -> ExecutableDDLElement:
    return DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


for _statement in _SQLITE_FULLTEXT:
    event.listen(items_table, "after_create", _ddl(_statement, "sqlite"))
for _statement in _POSTGRESQL_FULLTEXT:
    event.listen(items_table, "after_create", _ddl(_statement, "postgresql"))
for _statement in _RAW_TEXT:
    event.listen(items_table, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
event.listen(items_table, "before_drop", _ddl("DROP TABLE IF EXISTS items_fts", "sqlite"))


@compiles(CreateColumn)
def _create_column(element: CreateColumn, compiler: DDLCompiler, **kw: object) -> str | None:
    """CREATE TABLE leaves out the raw-text columns of `items` (None skips a column); the
    `_RAW_TEXT` statements add them. Alembic still compares them as the `Column`s they are."""
    column = element.element
    if column.table is items_table and column.name in RAW_TEXT_COLUMNS:
        return None
    created: str | None = compiler.visit_create_column(element, **kw)  # type: ignore[no-untyped-call]
    return created


def is_fulltext(name: str | None, kind: str) -> bool:
    """True for what the full-text DDL above makes: the FTS5 table and its shadow tables, the
    tsvector column and its index. Alembic's comparison with the models (autogenerate, and the
    test that holds migrations equal to the models) leaves them out: they are not `Column`s."""
    if name is None:
        return False
    if kind == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    return (kind, name) in {("column", SEARCH_COLUMN), ("index", "ix_items_search")}


item_revisions_table = Table(
    "item_revisions",
    metadata,
    _id(),
    Column("item_id", _id().type, ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text(), nullable=False),
    Column("summary", Text(), nullable=True),
    _text("published", nullable=True),
    _when("published_at", nullable=True),
    _text("published_raw", nullable=True),
    _text("category", nullable=True),
    _when("seen_at"),
    _when("replaced_at"),
    Index(None, "item_id", "replaced_at"),
)
"""An item's content as it was before an edit: `seen_at` is the last time those values were
seen (the row's `last_seen` then), `replaced_at` when the crawl saw the new ones."""


def _near_keys(name: str) -> Table:
    """`near_keys` and `near_keys_new`: one shape, so a merge moves rows as they are."""
    return Table(
        name,
        metadata,
        Column("span", Integer(), nullable=False),
        Column("band_key", BigInteger(), nullable=False),
        Column("period", Integer(), nullable=False),
        Column("item_id", _id().type, nullable=False),
        PrimaryKeyConstraint("span", "band_key", "period", "item_id"),
        sqlite_with_rowid=False,
    )


near_keys_table = _near_keys("near_keys")
"""The LSH band keys of each item's MinHash signature (`pipelines.neardup`): two items that
share a key are near-duplicate candidates. `period` is the item's story date (published, else
first seen) in whole periods of `storage.nearkeys.PERIOD_DAYS` (4) days since 1970, `span` the
period's whole `SPAN_PERIODS` (4) periods; the exact date is checked on the candidate's row.
No foreign key: this table takes a row per band per item, and the check would cost every
insert a lookup (items are never deleted). SQLite keeps it as one B-tree (WITHOUT ROWID),
ordered by span, key and period: a lookup reads one range per key in each span the window
overlaps (revision 0010; one per 4-day period before: five for most pages, against two), and
filters the periods in it. New rows come in merges from `near_keys_new`, which land in the
current span's part of the tree (revision 0007: keys first made every insert a random page
of the whole table). Four integers a row: about 22 bytes in SQLite."""

near_keys_new_table = _near_keys("near_keys_new")
"""The `near_keys` rows of the items written since the last merge, in the same shape: a page's
keys go here, and the transaction whose new items cross a multiple of
`storage.nearkeys.MERGE_ITEMS` (1,024) item ids moves them all into `near_keys` (revision
0010). Random keys written straight into `near_keys` dirtied most pages of the current part
of its tree in every transaction, and the WAL took each of them; this table stays ~100 pages,
and a merge writes each page of the part once per 1,024 items. Lookups read both tables."""

near_sketches_table = Table(
    "near_sketches",
    metadata,
    Column("item_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("sketch", LargeBinary(), nullable=False),
)
"""Each keyed item's sketch (`pipelines.sketch`: 11 bytes, plus 4 a text stem with a summary,
~130 for 30 stems): a candidate whose sketch rules it out, exactly, is dropped before its row
and text are read (revision 0007). The first byte is the format; sketches of format 1 (45
bytes, an estimate) rule nothing out and need no migration. Keyed by item id, so a page's
inserts append at the end of the table."""

leases_table = Table(
    "leases",
    metadata,
    _text("source", primary_key=True),
    _text("holder"),  # a process's random token: only its holder renews or frees a lease
    _text("host"),
    Column("pid", Integer(), nullable=False),
    _when("taken_at"),
    _when("expires_at"),
)
"""Who crawls a source right now: taken in one statement when free or expired, renewed while
the run lasts, deleted at its end. A row past `expires_at` belongs to nobody."""

daemon_heartbeats_table = Table(
    "daemon_heartbeats",
    metadata,
    _text("holder", primary_key=True),
    _text("host"),
    Column("pid", Integer(), nullable=False),
    _when("started_at"),
    _when("beat_at"),
    _when("stopped_at", nullable=True),
)
"""One row per `tidings run` process: when it started, when its loop last beat, when it
stopped cleanly (NULL while it runs or after it was killed)."""

source_state_table = Table(
    "source_state",
    metadata,
    _text("name", primary_key=True),
    _count("failures"),  # consecutive failed runs
    Column("failure_weight", Float(), nullable=False, default=0.0),
    _when("retry_at", nullable=True),  # backoff: not before this instant
    Column("disabled_reason", Text(), nullable=True),  # set: the daemon skips the source
    _text("health"),
    Column("health_reason", Text(), nullable=True),
    _when("health_since"),
    Column("interval_s", Float(), nullable=True),  # the adaptive schedule's current interval
    _when("updated_at"),
)
"""What the daemon decided about a source from its runs: backoff, disabling, health."""

site_affixes_table = Table(
    "site_affixes",
    metadata,
    _text("source", primary_key=True),
    Column("evidence", Text(), nullable=False),  # `pipelines.AffixEvidence`, as a JSON object
    _when("updated_at"),
)
"""What a source's headlines taught about the site name glued to them (`pipelines.siteaffix`):
read at a run's start, rewritten at its end."""
