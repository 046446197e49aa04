"""What a card element's class words (and itemprop) say it is: a byline, a meta line, a label.

A class attribute is split into words at spaces, `-` and `_` ("card__kicker" -> card, kicker),
and each hyphenated token is also read whole with its joins dropped ("pre-title" -> pretitle),
so a compound name is not read as its last part. Sites name the same parts in many languages;
the tables hold the names seen on listing pages, not guesses.

- `classify` gives `read_text` its flags: bylines, meta lines, labelled elements (category).
  "caption" marks a byline only by a picture: a search result's "b_caption" is its snippet.
- `is_weak_label`: a class that names a category only as a badge, label or tag (a status such
  as "Answered" as often); a card's element classed "category" or "section" speaks first.
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

__all__ = ["Part", "classify", "is_weak_label", "part_role"]

_CATEGORY_WORDS = frozenset(
    {
        "cat", "cats", "category", "categories", "kicker", "label", "labels", "section",
        "rubric", "rubrik", "ressort", "topic", "topics", "tag", "tags", "badge", "overline",
        "eyebrow", "dachzeile", "channel", "genre", "catlinks", "kategorie", "rubrique",
    }
)  # fmt: skip
# Who wrote it: a category word beside one names the person's part ("topic-poster").
_PERSON_WORDS = frozenset(
    {"author", "authors", "byline", "vcard", "avatar", "poster", "starter", "username"}
)
_BYLINE_WORDS = _PERSON_WORDS | frozenset(
    {"credit", "credits", "share", "sharing", "social", "comments", "tags"}
)
# Class words that name a category less surely: a UI badge (a status as often: "Answered")
# or a tag; an element classed "category" or "section" in the same card speaks first.
_WEAK_LABEL_WORDS = frozenset({"label", "labels", "badge", "tag", "tags"})
_CAPTION = 1 << 8  # `_flags` only: the class says "caption" (`classify` decides what of)
_FIGURE_REACH = 3  # parents of a "caption" element that may be its figure
_PICTURES = frozenset({"img", "picture", "figure"})
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
    if flags & _CAPTION:
        flags = (flags & ~_CAPTION) | (MARKED if _by_a_picture(node) else 0)
    return flags | MARKED if node.tag == "address" else flags


def is_weak_label(node: LexborNode) -> bool:
    """Whether the node's class holds only `_WEAK_LABEL_WORDS` of the category words."""
    words = _words(f"{node.attrs.get('class') or ''} {node.attrs.get('itemprop') or ''}")
    return not words & (_CATEGORY_WORDS - _WEAK_LABEL_WORDS)


def _by_a_picture(node: LexborNode) -> bool:
    """Whether a "caption" element captions a picture (a photo's caption or credit is never
    the teaser): a figcaption, an element holding an image or beside one, or in a figure. A
    search result's "b_caption" holds its snippet."""
    if node.tag == "figcaption" or node.css_first("img, picture") is not None:
        return True
    parent = node.parent
    if parent is not None and any(child.tag in _PICTURES for child in parent.iter()):
        return True
    for _ in range(_FIGURE_REACH):
        if parent is None:
            return False
        if parent.tag == "figure":
            return True
        parent = parent.parent
    return False


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
    caption = _CAPTION if "caption" in words else 0
    labelled = LABELLED if words & _CATEGORY_WORDS and not words & _PERSON_WORDS else 0
    return byline | meta | caption | labelled


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
