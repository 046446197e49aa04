"""Edit history: what a known URL said before the crawl saw it change, and reading it back.

The writer finds the rows whose `content_hash` differs from the page's item, reads their
stored content (`StoredContent`), and `sort_edits` decides per item:

- a relative date ("3 hours ago") re-read within its own precision
  (`Item.published_tolerance_s`) is the stored date: the stored date fields are kept, so an
  item whose only difference was that is unchanged, not updated;
- a title whose card text is the one stored (the stored `title_raw`, else `title`) and which
  differs only because cleaning changed (the source's site name was learned after the item
  was stored, `pipelines.siteaffix`) is no edit either: the clean title is written, with no
  revision, and the item counts as unchanged;
- anything else is an edit: the new values are written, and the old ones become one
  `item_revisions` row, stamped with the last time they were seen and when they were replaced,
  in the same transaction as the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine, select

from pipelines import Item, canonical_url, content_hash
from storage.models import item_revisions_table, items_table

__all__ = ["Edits", "Revision", "StoredContent", "item_history", "revision_row", "sort_edits"]

REVISION_FIELDS = ("title", "summary", "published", "published_at", "published_raw", "category")


@dataclass(frozen=True, slots=True)
class StoredContent:
    """A stored row's content, as the writer reads it for a changed item."""

    id: int
    title: str
    summary: str | None
    published: str | None
    published_at: datetime | None
    published_raw: str | None
    category: str | None
    content_hash: str
    last_seen: datetime
    title_raw: str | None = None


@dataclass(frozen=True, slots=True)
class Edits:
    """`rewrite`: items whose new values replace the stored ones, each with the stored row it
    replaces; `same`: items that only looked changed (a relative date within its precision);
    `recleaned`: items to write without a revision, unchanged but for how their title was
    cleaned."""

    rewrite: list[tuple[Item, StoredContent]]
    same: list[Item]
    recleaned: list[Item]


@dataclass(frozen=True, slots=True)
class Revision:
    """One earlier version of an item (or its current one, `replaced_at` None)."""

    title: str
    summary: str | None
    published: str | None
    published_raw: str | None
    category: str | None
    seen_at: datetime
    replaced_at: datetime | None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "summary": self.summary,
            "published": self.published,
            "published_raw": self.published_raw,
            "category": self.category,
            "seen_at": self.seen_at.isoformat(),
            "replaced_at": None if self.replaced_at is None else self.replaced_at.isoformat(),
        }


def sort_edits(changed: list[Item], stored: dict[str, StoredContent]) -> Edits:
    """Split items whose hash differs from their stored row into real edits, date noise and
    titles cleaned anew."""
    rewrite: list[tuple[Item, StoredContent]] = []
    same: list[Item] = []
    recleaned: list[Item] = []
    for item in changed:
        old = stored[item.url]
        steady = _steady_date(item, old)
        if steady.content_hash == old.content_hash:
            same.append(item)
        elif _is_recleaned(steady, old):
            recleaned.append(steady)
        else:
            rewrite.append((steady, old))
    return Edits(rewrite=rewrite, same=same, recleaned=recleaned)


def revision_row(old: StoredContent, *, now: datetime) -> dict[str, object]:
    """The `item_revisions` row that keeps `old`, replaced at `now`."""
    row: dict[str, object] = {name: getattr(old, name) for name in REVISION_FIELDS}
    row.update(item_id=old.id, seen_at=old.last_seen, replaced_at=now)
    return row


def item_history(engine: Engine, url: str) -> list[Revision] | None:
    """`url`'s versions, oldest first, ending with the current one; None if it is not stored.

    `url` may be spelled as a page links it (tracking parameters, upper-case host): it is
    read as its canonical URL, the item's identity."""
    url = canonical_url(url)
    items, revisions = items_table.c, item_revisions_table.c
    current = select(items.id, items.last_seen, *(items[n] for n in REVISION_FIELDS)).where(
        items.url == url
    )
    with engine.connect() as conn:
        row = conn.execute(current).one_or_none()
        if row is None:
            return None
        earlier = conn.execute(
            select(revisions.seen_at, revisions.replaced_at, *(revisions[n] for n in _SHOWN))
            .where(revisions.item_id == row.id)
            .order_by(revisions.replaced_at, revisions.id)
        ).all()
    history = [Revision(**r._mapping) for r in earlier]
    now = row._mapping
    history.append(
        Revision(**{n: now[n] for n in _SHOWN}, seen_at=now["last_seen"], replaced_at=None)
    )
    return history


_SHOWN = ("title", "summary", "published", "published_raw", "category")


def _is_recleaned(item: Item, old: StoredContent) -> bool:
    """The card shows the title it showed when stored, and nothing else moved."""
    if item.title_raw is None or item.title == old.title:
        return False
    shown_before = old.title if old.title_raw is None else old.title_raw
    if item.title_raw != shown_before:
        return False
    return content_hash(replace(item, title=old.title)) == old.content_hash


def _steady_date(item: Item, old: StoredContent) -> Item:
    """`item` with the stored date when its own is the same date re-read (within precision)."""
    tolerance = item.published_tolerance_s
    if not tolerance or item.published_at is None or old.published_at is None:
        return item
    if abs((item.published_at - old.published_at).total_seconds()) > tolerance:
        return item
    kept = replace(
        item,
        published=old.published,
        published_at=old.published_at,
        published_raw=old.published_raw,
    )
    return replace(kept, content_hash=content_hash(kept))
