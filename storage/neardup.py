"""Link each new item to the first copy of its story, in the page's own transaction.

For the rows a page created, `link_new` computes their keys and sketches
(`pipelines.story_index`), reads the stored items that share a key in the periods the window
overlaps, ranks them (a key held by n items is worth 1/n; an item needs keys worth
`policy.min_key_score`, and at most `policy.max_candidates` are kept, best first), drops those
whose sketch rules them out (`pipelines.may_be_same`: the first test of `same_story`, exact, on
the sketches alone; measured at 10k cards, of 2.5 ranked candidates a card 0.05 stay, against
1.4 with the estimate it replaced, for ~1.5-4 µs each against ~20 µs to read and verify one),
checks the rest's story date (published, else first seen) against the window and verifies them
with `pipelines.same_story`, and sets `duplicate_of` to the first verified candidate's own
`duplicate_of` or, for a first copy, its URL: every copy points at the first, never at another
copy. Items earlier on the same page count too. Then the new items' keys and sketches are
added, so later copies find them.
For the rows a page rewrote (an edit), `reindex` adds the new text's keys and replaces the
sketch, so copies of the new text find them too; `rekey` does the same for stored items that
hold no keys, or keys of other band parameters (`storage.rekey`).

The keys live in `storage.nearkeys`: a lookup reads the rows under a page's keys in the
4-day periods its cards' windows overlap, in one index range per key and 16-day span, and a
page's new keys wait in a small table that a merge moves into the big one every 1,024 items.
A key already held by `policy.max_postings` items in the window is not stored again, which
bounds what a lookup reads per key; a frequent word alone made such a key, so it is worth
little to a candidate. What one item reads and verifies is so bounded, but until the window
is full it still grows with it: chance candidates (their postings and sketches read, their
sketches compared) do, and so does each probe's cost as the trees outgrow the CPU's caches.
Measured in `benchmarks/neardup_scale.py`.

Race safety. SQLite: the transaction holds the one write lock from its first read. PostgreSQL:
before the lookup the transaction takes an advisory lock per key (`pg_advisory_xact_lock`, in
key order, so two writers cannot wait on each other in a cycle), held until commit. Of two
transactions storing copies of one story at once, the second waits at the lock, and its
lookup, a new statement under READ COMMITTED, then sees the first's committed keys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, text

from pipelines import (
    Item,
    NearDupPolicy,
    StoryFacts,
    StoryIndex,
    may_be_same,
    same_story,
    story_index,
)
from storage.models import items_table, near_sketches_table
from storage.nearkeys import KeyStore, chunks, merge_is_due

__all__ = ["link_new", "reindex", "rekey"]

_ITEMS = items_table.name
_SKETCHES = near_sketches_table.name


@dataclass(frozen=True, slots=True)
class _Stored:
    """A candidate: the facts `same_story` compares, its row id and its story's first URL."""

    id: int
    facts: StoryFacts
    root: str
    story_at: datetime


@dataclass(frozen=True, slots=True)
class _New:
    """An item this transaction inserted, with its row id, keys and sketch."""

    item: Item
    id: int
    index: StoryIndex
    story_at: datetime


def link_new(
    conn: Connection, items: Sequence[Item], *, now: datetime, policy: NearDupPolicy
) -> int:
    """Set `duplicate_of` on the new `items` that repeat a stored story; add their keys.

    Returns how many were linked. `items` are rows this transaction just inserted.
    """
    if not items:
        return 0
    db = _Database(conn)
    ids = db.ids([item.url for item in items])
    page = [
        _New(item, ids[item.url], story_index(_facts(item), policy), item.published_at or now)
        for item in items
    ]
    all_keys = sorted({key for new in page for key in new.index.keys})
    db.lock(all_keys)
    window = timedelta(seconds=policy.window_s)
    postings = _in_windows(db, all_keys, [new.story_at for new in page], policy)
    ranked = [_ranked(new.index.keys, postings, policy) for new in page]
    sketches = db.sketches(sorted({i for best in ranked for i in best}))
    ranked = [
        _plausible(new, best, postings, sketches, policy)
        for new, best in zip(page, ranked, strict=True)
    ]
    stored = db.rows(sorted({i for best in ranked for i in best}))
    # A key held by `max_postings` items in the window is not stored again: the read per key
    # stays bounded, and such a key is worth little to a candidate (`_ranked`).
    common = {key for key, held in postings.items() if len(held) >= policy.max_postings}
    links, rows = _link_page(
        page,
        ranked,
        stored=stored,
        sketches=sketches,
        common=common,
        window=window,
        policy=policy,
    )
    db.link(links)
    db.keys.add(rows)
    db.add_sketches([(new.id, new.index.sketch) for new in page])
    if merge_is_due(ids.values()):
        db.keys.merge()
    return len(links)


def reindex(conn: Connection, items: Sequence[Item], *, policy: NearDupPolicy) -> None:
    """Index stored `items` whose text this transaction rewrote (an edit, or cleaning that
    moved): the new text's keys beside the old ones, and its sketch in place of the old. A
    stale sketch would rule out, on the old text, a later copy of the new one. Links are
    left as they are: an edited headline is still the story it was."""
    if not items:
        return
    db = _Database(conn)
    ids = db.ids([item.url for item in items])
    _index(db, list(db.rows(sorted(ids.values())).values()), policy)


def rekey(conn: Connection, ids: Sequence[int], *, policy: NearDupPolicy) -> int:
    """Index the stored items `ids` under `policy`, as they are stored: the keys they do not
    hold yet, and their sketch. Returns how many keys were added. For items stored while
    dedup was off, or under other band parameters (`storage.rekey`); links stay as they are.
    """
    if not ids:
        return 0
    db = _Database(conn)
    added = _index(db, list(db.rows(sorted(ids)).values()), policy)
    db.keys.merge()  # a re-key adds thousands of rows at once: into near_keys with them
    return added


def _index(db: _Database, stored: list[_Stored], policy: NearDupPolicy) -> int:
    """Add the keys of `stored` items that they do not hold yet (a row held twice would count
    twice in a lookup until a merge) and that fewer than `policy.max_postings` items in the
    window hold (as `link_new` does), and replace their sketches; how many keys were added."""
    if not stored:
        return 0
    indexes = {row.id: story_index(row.facts, policy) for row in stored}
    all_keys = sorted({key for index in indexes.values() for key in index.keys})
    held = _in_windows(db, all_keys, [row.story_at for row in stored], policy)
    rows: list[tuple[int, int, datetime]] = []
    for row in stored:
        for key in indexes[row.id].keys:
            holders = held.setdefault(key, [])
            if row.id not in holders and len(holders) < policy.max_postings:
                holders.append(row.id)
                rows.append((key, row.id, row.story_at))
    db.keys.add(rows)
    db.add_sketches([(i, index.sketch) for i, index in indexes.items()], replace=True)
    return len(rows)


def _in_windows(
    db: _Database, keys: list[int], dates: list[datetime], policy: NearDupPolicy
) -> _Postings:
    """The stored items under `keys` whose story date is within the window of any of `dates`
    (to the period: `_first_copy` checks the exact dates)."""
    window = timedelta(seconds=policy.window_s)
    return db.keys.postings(keys, min(dates) - window, max(dates) + window)


def _link_page(
    page: list[_New],
    ranked: list[list[int]],
    *,
    stored: dict[int, _Stored],
    sketches: dict[int, bytes],
    common: set[int],
    window: timedelta,
    policy: NearDupPolicy,
) -> tuple[list[tuple[str, int]], list[tuple[int, int, datetime]]]:
    """The links (root URL, item id) and the key rows of a page's new items, in page order:
    copies earlier on the page, not stored when the postings were read, count too."""
    on_page: _Postings = {}
    links: list[tuple[str, int]] = []
    rows: list[tuple[int, int, datetime]] = []
    for new, earlier in zip(page, ranked, strict=True):
        here = _plausible(new, _ranked(new.index.keys, on_page, policy), on_page, sketches, policy)
        near = [stored[i] for i in [*earlier, *here] if i in stored]
        root = _first_copy(new, near, window, policy)
        if root is not None:
            links.append((root, new.id))
        stored[new.id] = _Stored(new.id, _facts(new.item), root or new.item.url, new.story_at)
        sketches[new.id] = new.index.sketch
        fresh = [key for key in new.index.keys if key not in common]
        for key in fresh:
            on_page.setdefault(key, []).append(new.id)
        rows.extend((key, new.id, new.story_at) for key in fresh)
    return links, rows


def _plausible(
    new: _New,
    ids: list[int],
    postings: _Postings,
    sketches: dict[int, bytes],
    policy: NearDupPolicy,
) -> list[int]:
    """`ids` less those whose sketch rules them out (`pipelines.may_be_same`); a URL twin (one
    that holds the item's URL key, its first) always stays."""
    twins = postings.get(new.index.keys[0], ())
    return [
        i
        for i in ids
        if i in twins or i not in sketches or may_be_same(new.index.sketch, sketches[i], policy)
    ]


_Postings = dict[int, list[int]]


def _ranked(keys: Sequence[int], postings: _Postings, policy: NearDupPolicy) -> list[int]:
    """The ids worth verifying, at most `policy.max_candidates`, best first. A key held by n
    items in the window is worth 1/n to each of them, and an item needs keys worth
    `policy.min_key_score`: a key only two items hold, or several common ones. Copies of a
    story share several keys, so even the hundredth copy of a wire story meets the others;
    an item met through one key that a frequent word made, and dozens hold, is left out."""
    score: dict[int, float] = {}
    for key in keys:
        held = postings.get(key)
        if held:
            worth = 1 / len(held)
            for item_id in held:
                score[item_id] = score.get(item_id, 0.0) + worth
    wanted = [i for i, total in score.items() if total >= policy.min_key_score]
    if len(wanted) > policy.max_candidates:
        wanted.sort(key=lambda i: (-score[i], -i))
        del wanted[policy.max_candidates :]
    return wanted


def _facts(item: Item) -> StoryFacts:
    return StoryFacts(item.url, item.source, item.title, item.summary, item.published_at)


def _first_copy(
    new: _New, candidates: list[_Stored], window: timedelta, policy: NearDupPolicy
) -> str | None:
    """The story URL of the best-ranked candidate within the window that tells the new item's
    story, or None. (A period is coarser than the window, so the dates are checked here.)"""
    facts = _facts(new.item)
    for candidate in candidates:
        if candidate.facts.url == facts.url or abs(candidate.story_at - new.story_at) > window:
            continue
        if same_story(candidate.facts, facts, policy):
            return candidate.root
    return None


class _Database:
    """The statements on items and sketches, in the driver's own SQL on SQLite (see
    `sqlite_writes` for why) and through SQLAlchemy on PostgreSQL; `keys` is the key store."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._sqlite: sqlite3.Connection | None = None
        if conn.dialect.name == "sqlite":
            driver = conn.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            self._sqlite = driver
        self.keys = KeyStore(conn, self._sqlite)
        self._stamp, self._read_stamp = _processors(conn)

    def ids(self, urls: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(urls):
            rows = self._select(f"SELECT url, id FROM {_ITEMS} WHERE url", chunk)
            found.update((str(url), int(str(item_id))) for url, item_id in rows)
        return found

    def lock(self, keys: list[int]) -> None:
        if self._sqlite is not None or not keys:
            return
        self._conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(k) FROM "
                "(SELECT DISTINCT unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered"
            ),
            {"keys": keys},
        )

    def rows(self, ids: list[int]) -> dict[int, _Stored]:
        """The stored candidates `ids`, by id."""
        columns = "id, url, source, title, summary, published_at, first_seen, duplicate_of"
        found: dict[int, _Stored] = {}
        for chunk in chunks(ids):
            for row in self._select(f"SELECT {columns} FROM {_ITEMS} WHERE id", chunk):
                stored = self._stored(row)
                found[stored.id] = stored
        return found

    def sketches(self, ids: list[int]) -> dict[int, bytes]:
        """The sketches of the stored items `ids`, by id."""
        found: dict[int, bytes] = {}
        for chunk in chunks(ids):
            rows = self._select(f"SELECT item_id, sketch FROM {_SKETCHES} WHERE item_id", chunk)
            found.update(
                (cast(int, item_id), bytes(cast(bytes, sketch))) for item_id, sketch in rows
            )
        return found

    def add_sketches(self, rows: list[tuple[int, bytes]], *, replace: bool = False) -> None:
        if rows:
            conflict = "(item_id) DO UPDATE SET sketch = excluded.sketch"
            if not replace:
                conflict = "DO NOTHING"
            self._many(
                f"INSERT INTO {_SKETCHES} (item_id, sketch) VALUES (?, ?) ON CONFLICT {conflict}",
                rows,
            )

    def link(self, links: list[tuple[str, int]]) -> None:
        if links:
            self._many(f"UPDATE {_ITEMS} SET duplicate_of = ? WHERE id = ?", links)

    def _stored(self, row: Sequence[object]) -> _Stored:
        item_id, url, source, title, summary, published, first_seen, duplicate_of = row
        published_at = self._read_stamp(published)
        facts = StoryFacts(str(url), str(source), str(title), summary, published_at)  # type: ignore[arg-type]
        story_at = published_at or self._read_stamp(first_seen)
        return _Stored(int(item_id), facts, str(duplicate_of or url), story_at)  # type: ignore[call-overload]

    def _select(
        self, head: str, values: Sequence[object], *, before: Sequence[object] = ()
    ) -> list[tuple[object, ...]]:
        """`head IN (values)`: the rows, on either backend."""
        if self._sqlite is not None:
            sql = f"{head} IN ({', '.join('?' for _ in values)})"
            return self._sqlite.execute(sql, (*before, *values)).fetchall()
        names = {f"p{i}": value for i, value in enumerate(before)}
        array = "text[]" if values and isinstance(values[0], str) else "bigint[]"
        sql = _named(head) + f" = ANY(CAST(:values AS {array}))"
        return [
            tuple(row) for row in self._conn.execute(text(sql), {**names, "values": list(values)})
        ]

    def _many(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if self._sqlite is not None:
            self._sqlite.executemany(sql, rows)
            return
        params = [{f"p{i}": value for i, value in enumerate(row)} for row in rows]
        self._conn.execute(text(_named(sql)), params)


@lru_cache(maxsize=32)
def _named(sql: str) -> str:
    """`?` placeholders as SQLAlchemy's `:p0`, `:p1`, .. for PostgreSQL."""
    parts = sql.split("?")
    return "".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))


def _processors(conn: Connection) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """How this backend binds and reads a `UTCDateTime` in raw SQL."""
    from storage.types import UTCDateTime

    kind = UTCDateTime()
    if conn.dialect.name == "sqlite":
        bind = kind.bind_processor(conn.dialect)
        read = kind.result_processor(conn.dialect, None)
        assert bind is not None and read is not None
        return bind, read
    return (lambda value: value), (lambda value: kind.process_result_value(value, conn.dialect))
