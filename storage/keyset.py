"""Keyset pagination: a page starts right after (or ends right before) the row a cursor names.

An offset makes page 1,000 read 50,000 rows and skips or repeats rows when a crawl inserts
meanwhile; a keyset reads only its own page along the sort's index and never repeats a row. The
cursor is the sort key of the row at the page's edge, base64url JSON that callers treat as
opaque. It says which sort it belongs to and in which direction the next page lies:

- `after`: the rows following it in the sort order (the "older" link of a newest-first list)
- `before`: the rows preceding it (the "newer" link), read backwards, handed back in order

Items sort in phases: dated items first, then undated ones (which have no `published_at` to
compare); relevance has one phase. A decoded cursor is checked field by field: anything else
raises ValueError ("not a cursor this server made"), which the API answers with 400.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, or_

__all__ = ["Cursor", "Direction", "Phase", "after_key", "decode_cursor", "encode_cursor"]

Direction = Literal["after", "before"]
Phase = Literal["dated", "undated", "ranked"]
KeyValue = datetime | float | int
_MIN_ID, _MAX_ID = -(2**63), 2**63 - 1  # what both backends can bind as an integer
_KEY_KINDS: dict[Phase, tuple[type, ...]] = {
    "dated": (datetime, datetime, int),  # published_at, first_seen, id
    "undated": (datetime, int),  # first_seen, id
    "ranked": (float, int),  # score, id
}


@dataclass(frozen=True, slots=True)
class Cursor:
    """The sort key of one row (`key`, in `phase`), which side of it the page lies on, and for
    a relevance sort the lowest row id ranked (`floor`, see `storage.query.RANK_WINDOW`)."""

    sort: str
    direction: Direction
    phase: Phase
    key: tuple[KeyValue, ...]
    floor: int | None = None


def encode_cursor(cursor: Cursor) -> str:
    """The opaque text form: base64url of a small JSON object, no padding."""
    key = [value.isoformat() if isinstance(value, datetime) else value for value in cursor.key]
    doc: dict[str, object] = {"s": cursor.sort, "d": cursor.direction, "p": cursor.phase}
    doc["k"] = key
    if cursor.floor is not None:
        doc["f"] = cursor.floor
    raw = json.dumps(doc, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(text: str, *, sort: str) -> Cursor:
    """The cursor `text` names, for a listing in `sort` order. Raises ValueError otherwise."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        doc = json.loads(raw)
        cursor = _cursor(doc)
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"cursor {text[:40]!r} is not a cursor this server made") from exc
    if cursor.sort != sort:
        raise ValueError(f"the cursor belongs to sort={cursor.sort}, not sort={sort}")
    return cursor


def _cursor(doc: dict[str, object]) -> Cursor:
    direction, phase, values = doc["d"], doc["p"], doc["k"]
    if direction not in ("after", "before") or phase not in _KEY_KINDS:
        raise ValueError("unknown direction or phase")
    if not isinstance(doc["s"], str) or not isinstance(values, list):
        raise ValueError("malformed cursor")
    kinds = _KEY_KINDS[phase]
    if len(values) != len(kinds):
        raise ValueError("wrong key length")
    key = tuple(_value(value, kind) for value, kind in zip(values, kinds, strict=True))
    floor = None if doc.get("f") is None else _row_id(doc["f"])
    return Cursor(sort=doc["s"], direction=direction, phase=phase, key=key, floor=floor)


def _value(value: object, kind: type) -> KeyValue:
    if kind is datetime and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime in cursor")
        return parsed
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return float(value)
    if kind is int:
        return _row_id(value)
    raise ValueError(f"{value!r} is not a {kind.__name__}")


def _row_id(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not _MIN_ID <= value <= _MAX_ID:
        raise ValueError(f"{value!r} is not a row id")
    return value


def after_key(
    order: Sequence[tuple[ColumnElement[object], bool]], key: Sequence[KeyValue]
) -> list[ColumnElement[bool]]:
    """Conditions for "strictly after `key`" in `order` ((column, descending) pairs, the
    order the rows are read in): the lexicographic comparison, plus a plain bound on the first
    column that lets the database start its index scan at the key instead of filtering rows."""
    branches: list[ColumnElement[bool]] = []
    for index, (column, descending) in enumerate(order):
        equal = [col == value for (col, _), value in zip(order[:index], key, strict=False)]
        beyond = column < key[index] if descending else column > key[index]
        branches.append(and_(*equal, beyond))
    first, descending = order[0]
    bound = first <= key[0] if descending else first >= key[0]
    return [bound, or_(*branches)]
