"""Give each source's categories one spelling, so filters by category find every item.

Sites label the same section "Biz", "business " and "BUSINESS"; a source's `category_aliases`
(config) maps alias -> canonical value. Keys match case-insensitively after whitespace is
collapsed, and a canonical value also matches itself in any case ("BUSINESS" -> "Business").
Unknown categories are kept as found (trimmed); an empty one becomes None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from pipelines.items import Item, Rejected

__all__ = ["category_stage"]


def category_stage(aliases: Mapping[str, str]) -> Callable[[Item], Item | Rejected]:
    """The stage for one source: trim, collapse whitespace, map aliases; "" -> None.

    The lookup table is built once here, so the per-item cost is one dict probe.
    """
    lookup = {_key(value): _collapse(value) for value in aliases.values()}
    lookup.update({_key(alias): _collapse(value) for alias, value in aliases.items()})

    def map_category(item: Item) -> Item | Rejected:
        if item.category is None:
            return item
        found = _collapse(item.category)
        category = lookup.get(found.casefold(), found) if found else None
        return item if category == item.category else replace(item, category=category)

    return map_category


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _collapse(text).casefold()
