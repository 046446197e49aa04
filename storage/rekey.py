"""Key the near-duplicate window's stored items again, under the current policy.

Items stored while `dedup` was off hold no keys, and every LSH key changes with `bands`,
`title_bands` or `rows`: until they leave the window, such items are found by later copies
through their URL only. `rekey_window` gives them the keys and sketches `policy` makes
(`storage.neardup.rekey`), so a copy stored next is linked to them. It reads the items whose
story date (published, else first seen) is at most one window before `now`, in id order, one
chunk a write transaction: a crawl writing meanwhile waits one chunk at most, and a stop
loses no finished chunk. Keys an item already holds are not added twice, so a second run adds
nothing; old keys stay until they leave the window, and links are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from pipelines import NearDupPolicy
from storage.engine import write_transaction
from storage.models import items_table, near_sketches_table

__all__ = ["Rekeyed", "rekey_window", "unkeyed_items", "window_items"]

CHUNK_ITEMS = 500
# How many of the newest items `unkeyed_items` looks at: cheap at every start (~1,000 primary
# key probes), and enough to see that dedup was off when the last pages were stored.
NEWEST_CHECKED = 1000


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """What a re-key did: the items it read and the keys it added."""

    items: int
    keys: int


def window_items(engine: Engine, *, policy: NearDupPolicy, now: datetime) -> int:
    """How many stored items `rekey_window` would read."""
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).where(_in_window(policy, now))) or 0)


def unkeyed_items(engine: Engine, *, policy: NearDupPolicy, now: datetime) -> int:
    """Of the newest `NEWEST_CHECKED` items in the window, how many hold no sketch, so no
    keys: stored while dedup was off (`rekey_window` keys them). Every item dedup stores gets
    one."""
    recent = (
        select(items_table.c.id)
        .where(_in_window(policy, now))
        .order_by(items_table.c.id.desc())
        .limit(NEWEST_CHECKED)
        .subquery()
    )
    sketched = select(near_sketches_table.c.item_id).where(
        near_sketches_table.c.item_id == recent.c.id
    )
    with engine.connect() as conn:
        stmt = select(func.count()).select_from(recent).where(~sketched.exists())
        return int(conn.scalar(stmt) or 0)


def rekey_window(
    engine: Engine,
    *,
    policy: NearDupPolicy,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> Rekeyed:
    """Index the window's stored items under `policy`; `progress` gets the items done so far."""
    from storage.neardup import rekey  # loaded with dedup only, as the writer does

    ids_after = select(items_table.c.id).where(_in_window(policy, now)).order_by(items_table.c.id)
    done = keys = last = 0
    while True:
        with engine.connect() as conn:
            chunk = list(conn.scalars(ids_after.where(items_table.c.id > last).limit(CHUNK_ITEMS)))
        if not chunk:
            return Rekeyed(items=done, keys=keys)
        with write_transaction(engine) as conn:
            keys += rekey(conn, chunk, policy=policy)
        done, last = done + len(chunk), chunk[-1]
        if progress is not None:
            progress(done)


def _in_window(policy: NearDupPolicy, now: datetime) -> ColumnElement[bool]:
    """Story date (published, else first seen) no earlier than one window before `now`:
    the items a copy stored from now on may be linked to."""
    c = items_table.c
    since = now - timedelta(seconds=policy.window_s)
    return or_(c.published_at >= since, and_(c.published_at.is_(None), c.first_seen >= since))
