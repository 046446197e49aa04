"""The near-duplicate key store: where `storage.neardup` finds and adds LSH band keys.

Two tables of one shape (`storage.models`), each one B-tree ordered by span, key, period and
item. A period is `PERIOD_DAYS` days of story date, a span `SPAN_PERIODS` periods. A page
reads the rows under its keys in the periods its cards' windows overlap, as before, but in
one index range per key and span: two spans for most pages, where it was five periods.
`near_keys` holds nearly every row; `near_keys_new` takes the rows of the pages written since
the last merge. The transaction whose new items cross a multiple of `MERGE_ITEMS` item ids
moves them all into `near_keys` and empties `near_keys_new`.

Why two tables: a page's ~1,000 new keys are random, so written straight into `near_keys`
they dirtied most pages of the current period's part of the tree, and each page's commit
wrote all of them to the WAL: the cost of a card's keys doubled while that part filled, and
a 16-day span's part would have been four times larger. `near_keys_new` stays ~100 pages,
and a merge writes each page of the part once per `MERGE_ITEMS` items, not once per page.
What it costs instead: a merge (~1 µs a row, amortised ~20 µs a card) and a second probe per
key (~0.4 µs). Measured: `benchmarks/README.md`, issue 13.

Race safety. SQLite: the one writer holds the lock from its first read to its commit.
PostgreSQL: a lookup is one statement under READ COMMITTED, so a merge committed while it
runs is seen whole or not at all. Only one transaction merges at a time (a transaction-level
advisory lock, tried, never waited for: a writer that does not get it leaves the merge to
the one holding it), and the merge's DELETE .. RETURNING moves only rows committed before
it: a row another writer adds meanwhile waits for the next merge. Lookups never depend on
merges: a key is found in whichever table holds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TypeVar, cast

from sqlalchemy import Connection, text

from storage.models import near_keys_new_table, near_keys_table

__all__ = [
    "MERGE_ITEMS",
    "PERIOD_DAYS",
    "SPAN_PERIODS",
    "KeyStore",
    "Postings",
    "chunks",
    "merge_is_due",
    "period",
]

# A lookup reads the rows of the periods a page's window overlaps (7 days either side of each
# card's story date): a key held by n items there is worth 1/n (`storage.neardup`).
PERIOD_DAYS = 4
# The tree is ordered by span first: a key is one index range per span, two for most pages
# (a window is 14 days), where one per 4-day period made it five. Spans this long would make
# inserts into the current one dear (its part of the tree grows to ~4,000 pages), which
# `near_keys_new` and its merges take off the page's own transaction.
SPAN_PERIODS = 4
# A merge moves ~19 rows an item, ~19k rows at 1,024 items; `near_keys_new` then stays
# under ~130 pages of 4 KiB. 4,096 (measured with 4-day periods) made lookups in it cost
# more than the merges saved.
MERGE_ITEMS = 1024

Postings = dict[int, list[int]]
"""The item ids under each band key."""

_CHUNK = 500
_T = TypeVar("_T")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_KEYS = near_keys_table.name
_NEW = near_keys_new_table.name
_COLUMNS = "span, band_key, period, item_id"
# pg_try_advisory_xact_lock(int, int): the two-key form, a space apart from the one-bigint
# form `storage.neardup` locks band keys with.
_MERGE_LOCK = (0x6E65_6172, 0x6B65_7973)  # "near", "keys"


def period(moment: datetime) -> int:
    """Whole periods of `PERIOD_DAYS` days since 1970-01-01."""
    return (moment - _EPOCH).days // PERIOD_DAYS


def merge_is_due(ids: Iterable[int]) -> bool:
    """Whether a page of new item `ids` crosses a multiple of `MERGE_ITEMS`: whichever page
    holds that id merges, so merges come every `MERGE_ITEMS` items without a count query."""
    values = list(ids)
    return bool(values) and max(values) // MERGE_ITEMS > (min(values) - 1) // MERGE_ITEMS


class KeyStore:
    """Lookups, inserts and merges, in the driver's own SQL on SQLite (see
    `storage.write.sqlite` for why) and through SQLAlchemy on PostgreSQL."""

    def __init__(self, conn: Connection, driver: sqlite3.Connection | None) -> None:
        self._conn = conn
        self._sqlite = driver

    def postings(self, keys: Sequence[int], low: datetime, high: datetime) -> Postings:
        """The item ids under each of `keys` whose period overlaps [low, high]: one index
        range per key and span in each table (on SQLite, each span that holds rows)."""
        first, last = period(low), period(high)
        spans = range(first // SPAN_PERIODS, last // SPAN_PERIODS + 1)
        sql = self._lookup_sql(spans, first, last)
        found: Postings = {}
        if not sql:
            return found
        for chunk in chunks(keys):
            for key, item_id in self._lookup(sql, chunk):
                held = found.get(key)
                if held is None:
                    found[key] = [item_id]
                else:
                    held.append(item_id)
        return found

    def add(self, rows: Iterable[tuple[int, int, datetime]]) -> None:
        """Store (band key, item id, story date) rows, into `near_keys_new`."""
        values = sorted(
            (p // SPAN_PERIODS, key, p, item_id)
            for key, item_id, p in ((key, item_id, period(at)) for key, item_id, at in rows)
        )
        if not values:
            return
        sql = f"INSERT INTO {_NEW} ({_COLUMNS}) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
        if self._sqlite is not None:
            self._sqlite.executemany(sql, values)
            return
        named = sql.replace("(?, ?, ?, ?)", "(:s, :k, :p, :i)")
        params = [{"s": s, "k": k, "p": p, "i": i} for s, k, p, i in values]
        self._conn.execute(text(named), params)

    def merge(self) -> bool:
        """Move every row of `near_keys_new` into `near_keys`; False if another PostgreSQL
        transaction is merging (its merge will do)."""
        if self._sqlite is not None:
            self._sqlite.execute(
                f"INSERT INTO {_KEYS} ({_COLUMNS}) SELECT {_COLUMNS} FROM {_NEW} "
                "WHERE true ON CONFLICT DO NOTHING"  # `WHERE`: SQLite's parser needs it here
            )
            self._sqlite.execute(f"DELETE FROM {_NEW}")
            return True
        lock = "SELECT pg_try_advisory_xact_lock(:a, :b)"
        if not self._conn.scalar(text(lock), {"a": _MERGE_LOCK[0], "b": _MERGE_LOCK[1]}):
            return False
        self._conn.execute(
            text(
                f"WITH moved AS (DELETE FROM {_NEW} RETURNING {_COLUMNS}) "
                f"INSERT INTO {_KEYS} ({_COLUMNS}) SELECT {_COLUMNS} FROM moved "
                "ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING"
            )
        )
        return True

    def _lookup_sql(self, spans: range, first: int, last: int) -> str:
        """One statement reading both tables: one snapshot, so a merge committed meanwhile
        is seen whole or not at all. On SQLite, whose writer holds the lock, the spans a table
        holds no row in are left out first (a probe of an empty one costs ~0.1 µs)."""
        within = f"AND period BETWEEN {first} AND {last}"
        if self._sqlite is None:
            listed = ", ".join(map(str, spans))
            return " UNION ALL ".join(
                f"SELECT band_key, item_id FROM {table} WHERE span IN ({listed}) "
                f"AND band_key = ANY(CAST(:keys AS bigint[])) {within}"
                for table in (_KEYS, _NEW)
            )
        parts = []
        for table in (_KEYS, _NEW):
            held = ", ".join(str(span) for span in spans if self._holds(table, span))
            if held:
                parts.append(
                    f"SELECT band_key, item_id FROM {table} "
                    f"WHERE span IN ({held}) AND band_key IN wanted {within}"
                )
        return " UNION ALL ".join(parts)

    def _holds(self, table: str, span: int) -> bool:
        assert self._sqlite is not None
        found = self._sqlite.execute(f"SELECT 1 FROM {table} WHERE span = ? LIMIT 1", (span,))
        return found.fetchone() is not None

    def _lookup(self, sql: str, keys: list[int]) -> list[tuple[int, int]]:
        """(key, item id) rows of `sql` for `keys`."""
        if self._sqlite is not None:
            wanted = f"WITH wanted(key) AS (VALUES {', '.join('(?)' for _ in keys)}) "
            rows = self._sqlite.execute(wanted + sql, keys).fetchall()
            return cast("list[tuple[int, int]]", rows)
        # psycopg returns these BIGINT columns as int.
        return [(int(k), int(i)) for k, i in self._conn.execute(text(sql), {"keys": keys})]


def chunks(values: Sequence[_T]) -> Iterator[list[_T]]:
    """`values` in lists of at most 500: a statement's bound parameters stay well under
    SQLite's limit, and `storage.neardup` reads in the same steps."""
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])
