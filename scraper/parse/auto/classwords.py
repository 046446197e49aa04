"""What a card element's class words (and itemprop) say it is: a byline, a meta line, a label.

A class attribute is split into words at spaces, `-` and `_` ("card__kicker" -> card, kicker).
Sites name the same parts in many languages; the tables hold the names seen on listing pages,
not guesses. `classify` gives `read_text` its flags: bylines, meta lines, labelled elements.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from scraper.parse.auto.blocks import LABELLED, MARKED, META

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["classify"]

_CATEGORY_WORDS = frozenset(
    {
        "cat", "cats", "category", "categories", "kicker", "label", "labels", "section",
        "rubric", "rubrik", "ressort", "topic", "topics", "tag", "tags", "badge", "overline",
        "eyebrow", "dachzeile", "channel", "genre", "catlinks", "kategorie", "rubrique",
    }
)  # fmt: skip
_BYLINE_WORDS = frozenset(
    {
        "author", "authors", "byline", "vcard", "credit", "credits", "share", "sharing",
        "social", "comments", "tags", "avatar", "caption",
    }
)  # fmt: skip
# Meta lines (dates, counts, "posted in"): a kicker may sit there, a teaser does not.
_META_WORDS = frozenset({"meta", "postmeta", "metadata", "stats"})
_WORD_SPLIT = re.compile(r"[\s_-]+")


def classify(node: LexborNode) -> int:
    """`read_text` flags: MARKED for bylines (author, share, comment counts: never a teaser),
    META for meta lines, LABELLED for elements whose class names a category, kicker or tags."""
    attrs = node.attrs
    names = attrs.get("class")
    prop = attrs.get("itemprop")
    flags = _flags(names, prop) if names or prop else 0
    return flags | MARKED if node.tag == "address" else flags


@lru_cache(maxsize=4096)
def _flags(names: str | None, prop: str | None) -> int:
    """Flags for one class/itemprop pair; pages repeat a few hundred of them (cached)."""
    words = {word for word in _WORD_SPLIT.split(f"{names or ''} {prop or ''}".lower()) if word}
    byline = MARKED if words & _BYLINE_WORDS else 0
    meta = META if words & _META_WORDS else 0
    return byline | meta | (LABELLED if words & _CATEGORY_WORDS else 0)
