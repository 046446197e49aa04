"""The two keys storage needs (who an item is, whether its content changed), and the one
place a run drops a URL it has already taken (`SeenUrls`).

`dedup_key` is the canonical URL: one row per article, whatever tracking parameters or
fragments the listing added. `content_hash` covers only what a reader sees as the story
(title, summary, published, category), so a new `source`, a re-spelled `published_raw` or
another URL form never reads as an edit. It is a BLAKE2b-128 hex digest of the fields written
as netstrings (`<length>:<text>`, with "-" for None), which keeps None apart from "" and field
boundaries unambiguous. The value must stay stable across runs, processes and Python versions,
because stored rows are compared with it: changing the recipe marks every stored row updated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pipelines.items import Item
from pipelines.urls import canonical_url

__all__ = ["SeenUrls", "content_hash", "dedup_key", "with_content_hash"]

_DIGEST_BYTES = 16


def dedup_key(item: Item) -> str:
    """The item's identity: its canonical URL (idempotent if `canonicalize` already ran)."""
    return canonical_url(item.url)


def content_hash(item: Item) -> str:
    """A 32-character hex digest of title, summary, published and category."""
    fields = (item.title, item.summary, item.published, item.category)
    payload = "".join(["-" if text is None else f"{len(text)}:{text}" for text in fields])
    digest = hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=_DIGEST_BYTES)
    return digest.hexdigest()


def with_content_hash(item: Item) -> Item:
    """The stage: set `content_hash`; it runs last, on the final field values.

    Every field is passed by name rather than through `replace`, which scans the fields on
    each call and so costs this stage half its time; `test_dedup` checks none is lost.
    """
    return Item(
        url=item.url,
        title=item.title,
        source=item.source,
        summary=item.summary,
        published=item.published,
        published_at=item.published_at,
        published_raw=item.published_raw,
        category=item.category,
        content_hash=content_hash(item),
    )


class SeenUrls:
    """The URLs a run (or one page, by default) has taken: the first copy of a story wins.

    A listing shows a story twice, a later page repeats the last card of the one before: both
    are repeats of the same run, dropped here and nowhere else. The URLs are kept by `hash()`:
    64-bit ints take a third of the memory of the strings, and a long crawl keeps every one.
    Python's string hash is SipHash with a key drawn per process, so a URL is wrongly taken as
    seen only on a 64-bit collision within one run (and is then stored by the next crawl).
    """

    __slots__ = ("_hashes",)

    def __init__(self) -> None:
        self._hashes: set[int] = set()

    def keep_new(self, keys: Iterable[str]) -> list[bool]:
        """For each key in order: True the first time the run meets it, False after."""
        hashes, out = self._hashes, []
        for key in keys:
            h = hash(key)
            out.append(h not in hashes)
            hashes.add(h)
        return out
