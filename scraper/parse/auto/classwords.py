"""What a card element's class words (and itemprop) say it is: a byline, a meta line, a label.

A class attribute is split into words at spaces, `-` and `_` ("card__kicker" -> card, kicker),
and each hyphenated token is also read whole with its joins dropped ("pre-title" -> pretitle),
so a compound name is not read as its last part. Sites name the same parts in many languages;
the tables hold the names seen on listing pages, not guesses.

- `classify` gives `read_text` its flags: bylines, meta lines, labelled elements (category).
- `part_role` says which part of a headline link an element is: the kicker (an overline, a
  rubric printed above the headline), the headline, or a byline. Words for a kicker win over
  those for a headline ("headline-intro" is the intro of the headline, i.e. its kicker), and
  those for a byline over those for a headline ("headline-author").
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from scraper.parse.auto.blocks import LABELLED, MARKED, META

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["Part", "classify", "part_role"]

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
# A kicker's names beyond the category words; "intro" only counts inside a headline link,
# where it is the line above the headline ("headline-intro"), not a card's teaser.
_KICKER_WORDS = _CATEGORY_WORDS | frozenset(
    {
        "kickers", "overlines", "topline", "roofline", "dachzeilen", "intro", "eyebrows",
        "supertitle", "superheadline", "pretitle", "preheadline", "surtitre", "surtitle",
        "antetitulo", "antetítulo", "occhiello", "spitzmarke",
    }
)  # fmt: skip
_HEADLINE_WORDS = frozenset({"headline", "headlines", "title", "head", "heading", "hed"})
_WORD_SPLIT = re.compile(r"[\s_-]+")
_JOINS = re.compile(r"[_-]+")


class Part(Enum):
    """A part of a headline link that its class names."""

    KICKER = "kicker"
    HEADLINE = "headline"
    BYLINE = "byline"


def classify(node: LexborNode) -> int:
    """`read_text` flags: MARKED for bylines (author, share, comment counts: never a teaser),
    META for meta lines, LABELLED for elements whose class names a category, kicker or tags."""
    attrs = node.attrs
    names = attrs.get("class")
    prop = attrs.get("itemprop")
    flags = _flags(names, prop) if names or prop else 0
    return flags | MARKED if node.tag == "address" else flags


def part_role(node: LexborNode) -> Part | None:
    """The part of a headline link that `node`'s class names, or None (see the docstring)."""
    names = node.attrs.get("class")
    return _role(names) if names else None


@lru_cache(maxsize=4096)
def _flags(names: str | None, prop: str | None) -> int:
    """Flags for one class/itemprop pair; pages repeat a few hundred of them (cached)."""
    words = _words(f"{names or ''} {prop or ''}")
    byline = MARKED if words & _BYLINE_WORDS else 0
    meta = META if words & _META_WORDS else 0
    return byline | meta | (LABELLED if words & _CATEGORY_WORDS else 0)


@lru_cache(maxsize=1024)
def _role(names: str) -> Part | None:
    words = _words(names) | {_JOINS.sub("", token) for token in names.lower().split()}
    if words & _KICKER_WORDS:
        return Part.KICKER
    if words & _BYLINE_WORDS:
        return Part.BYLINE
    return Part.HEADLINE if words & _HEADLINE_WORDS else None


def _words(names: str) -> frozenset[str]:
    return frozenset(word for word in _WORD_SPLIT.split(names.lower()) if word)
