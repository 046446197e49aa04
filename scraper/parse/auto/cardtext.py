"""The fields a card shows as text around its title: date line, category or kicker, teaser.

All three read the same `CardText` walk (one pass over the card, title left out):

- **date**: a `<time datetime>` (the machine value), an `itemprop=datePublished`, else the
  first block that reads as a date (`datetext`); the pipeline parses what we pass on.
- **category**: the first element whose class names one (`category`, `kicker`, `tags`, ...)
  or the first link to a category or tag page (first link of a tag row; "Tags:" prefixes
  dropped), else a kicker: a short label line just before the title.
- **summary**: the first block of running text with little link text that is not a byline,
  the date, the category or a copy of the title; a short one continues with the next blocks
  (a post shown in full starts with a line that only reads with the quote after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scraper.parse.auto.blocks import LABELLED, MARKED, Block, CardText, inline_text
from scraper.parse.auto.datetext import looks_like_date
from scraper.parse.document import resolve_link

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["Found", "card_category", "card_date", "card_summary", "classify"]

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
_CATEGORY_PATH = re.compile(
    r"/(?:category|categories|cat|tag|tags|topic|topics|section|sections|rubrik|rubrique|label"
    r"|kategorie|categoria|categorie|thema|themen|tema|temas)/",
    re.IGNORECASE,
)
_CATEGORY_QUERY = re.compile(r"(?:^|[&?\[])(?:tags?|cat|category|label|topic)s?\b", re.I)
_NOT_A_LABEL = re.compile(r"^\W*(?:read|more|mehr|weiter|lire|leer|leggi|ler|далее)\b", re.I)
_WORD_SPLIT = re.compile(r"[\s_-]+")
_LABEL_PREFIX = re.compile(r"^[^:]{1,20}:\s*")
_CATEGORY_TRIM = " ,;:|/·•"
_MAX_CATEGORY_CHARS = 40
_MAX_KICKER_WORDS = 4
_MIN_SUMMARY_CHARS = 30
_MIN_SUMMARY_WORDS = 5  # for space-separated scripts; CJK text has no spaces to count
_SHORT_SUMMARY_CHARS = 150
_MIN_CONTINUATION_CHARS = 20
_MAX_SUMMARY_CHARS = 600
_MAX_LINK_DENSITY = 0.5
_SHORT_DATE_LINE = 60


@dataclass(frozen=True, slots=True)
class Found:
    """A field's value and the node it came from; `attr` names the attribute read, if any."""

    value: str
    node: LexborNode
    attr: str | None = None


def classify(node: LexborNode) -> int:
    """`read_text` flags: MARKED for bylines (author, share, comment counts: never a teaser),
    LABELLED for elements whose class names a category, kicker or tag row."""
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
    return byline | (LABELLED if words & _CATEGORY_WORDS else 0)


def card_date(root: LexborNode, text: CardText) -> Found | None:
    """The card's date as shown (see the module docstring), or None."""
    for node in root.css("time"):
        stamp = (node.attrs.get("datetime") or "").strip()
        if stamp:
            return Found(stamp, node, "datetime")
        shown = inline_text(node)
        if looks_like_date(shown):
            return Found(shown, node)
    prop = root.css_first("[itemprop=datePublished], [itemprop=dateCreated]")
    if prop is not None:
        for attr in ("content", "datetime"):
            value = (prop.attrs.get(attr) or "").strip()
            if value:
                return Found(value, prop, attr)
    for block in text.blocks:
        if looks_like_date(block.text):
            return Found(block.text, block.node)
    return None


def card_category(
    root: LexborNode, text: CardText, *, title: str, headline: LexborNode, base: str
) -> Found | None:
    """The card's category, kicker or first tag (see the module docstring), or None."""
    for node in text.labelled:
        found = _category_text(node)
        if found is not None:
            return found
    headline_id = headline.mem_id
    for node in root.css("a[href]"):
        if node.mem_id != headline_id and _is_category_link(node, base):
            value = inline_text(node).strip(_CATEGORY_TRIM)
            if 0 < len(value) <= _MAX_CATEGORY_CHARS and not _NOT_A_LABEL.search(value):
                return Found(value, node)
    return _kicker(text, title)


def card_summary(text: CardText, *, title: str, exclude: set[int]) -> Found | None:
    """The teaser (see the module docstring); blocks whose node id is in `exclude` are not."""
    blocks = [block for block in text.blocks if block.node.mem_id not in exclude]
    for index, block in enumerate(blocks):
        if not _is_teaser(block, title):
            continue
        parts = [block.plain]
        size = len(block.plain)
        for following in blocks[index + 1 :]:
            if size >= _SHORT_SUMMARY_CHARS or not _is_teaser(
                following, title, min_chars=_MIN_CONTINUATION_CHARS
            ):
                break
            parts.append(following.plain)
            size += len(following.plain) + 1
        value = " ".join(parts)
        if len(value) > _MAX_SUMMARY_CHARS:
            value = value[:_MAX_SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        return Found(value, block.node)
    return None


def _is_teaser(block: Block, title: str, *, min_chars: int = _MIN_SUMMARY_CHARS) -> bool:
    value = block.plain
    if len(value) < min_chars or value == title or block.link_density > _MAX_LINK_DENSITY:
        return False
    if value.isascii() and len(value.split()) < _MIN_SUMMARY_WORDS:
        return False
    return not (len(value) < _SHORT_DATE_LINE and looks_like_date(value))


def _category_text(node: LexborNode) -> Found | None:
    link = node if node.tag == "a" else node.css_first("a[href]")
    if link is not None:
        value = inline_text(link).strip(_CATEGORY_TRIM)
        if 0 < len(value) <= _MAX_CATEGORY_CHARS and not _NOT_A_LABEL.search(value):
            return Found(value, link)
        return None
    value = _LABEL_PREFIX.sub("", inline_text(node)).strip(_CATEGORY_TRIM)
    if 0 < len(value) <= _MAX_CATEGORY_CHARS and not looks_like_date(value):
        return Found(value, node)
    return None


def _is_category_link(node: LexborNode, base: str) -> bool:
    rel = (node.attrs.get("rel") or "").lower().split()
    if "tag" in rel or "category" in rel:
        return True
    url = resolve_link(node.attrs.get("href") or "", base)
    if url is None:
        return False
    parts = urlsplit(url)
    return bool(_CATEGORY_PATH.search(parts.path) or _CATEGORY_QUERY.search(parts.query))


def _kicker(text: CardText, title: str) -> Found | None:
    """A short label line before the title (not a date, not a copy of the title), if any."""
    if text.skipped_at is None:
        return None
    for block in text.blocks[: text.skipped_at]:
        value = block.plain
        words = value.split()
        if (
            0 < len(words) <= _MAX_KICKER_WORDS
            and len(value) <= _MAX_CATEGORY_CHARS
            and value != title
            and not any(ch.isdigit() for ch in value)
            and any(ch.isalpha() for ch in value)
            and not _NOT_A_LABEL.search(value)
        ):
            return Found(value, block.node)
    return None
