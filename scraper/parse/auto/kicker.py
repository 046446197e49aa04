"""A headline link that prints a kicker (an overline, a rubric) before its headline.

Many sites put a short label in the same link as the headline:
`<a><span class="kicker">Haushalt</span> <span class="headline">Bad wird saniert</span></a>`,
`<a><h1>topic</h1><h2>headline</h2></a>`, `<a><strong>Prozess</strong> <em>...</em></a>`. A
reader sees two lines, a label and a headline; the title is the headline, and the label is
the card's category when the card names no explicit one.

`split_kicker` reads the link's child elements that show text, after stepping into a lone
wrapper and leaving out image holders (a thumbnail's "Video" or "Bilder" label is neither
part). It answers only when the link has no loose text of its own, and the kicker must look
like a label (one to six words, or more where its class names it a kicker, at most 60
characters, not a date or a clock time).

Where the parts' classes name them (`classwords.part_role`: "kicker", "overline",
"headline-intro" against "headline", "title"; a heading tag is a headline too), they decide,
whatever the lengths: the kicker is the first part named one, the headline the first part
after it named one (else the one unnamed part after it), and parts named as a byline
("headline-author") are neither. With no kicker named, an unnamed label just before the
part named as the headline is its kicker. Else two text parts must remain, or more when the
second is a heading or the rest are short trailing labels ("Video"): the first must differ
from the second in tag or class (a headline split into two alike spans for styling is one
headline), and be shorter than it. A part that is or holds a heading is never the kicker of
one that is not (a search result's URL line under its title; a card's header, tag and
heading, above its teaser).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scraper.parse.auto.blocks import inline_text
from scraper.parse.auto.classwords import Part, part_role
from scraper.parse.auto.datetext import looks_like_date

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["MAX_KICKER_CHARS", "is_image_holder", "split_kicker"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_KICKER_WORDS = 6
MAX_KICKER_CHARS = 60  # "Rekonstruktion eines politischen Erdbebens" and longer are kickers
_MAX_TAG_WORDS = 2  # a trailing label after the headline ("Video", "SZ Plus")
_MAX_IMAGE_LABEL_WORDS = 3  # "Video", "Bilder", "Fotostrecke 12 Bilder" on a thumbnail
_MAX_DEPTH = 2  # lone wrappers stepped into
_CLOCK = re.compile(r"^\W*\d{1,2}[:.h]\d{2}\b")
_IMAGE_TAGS = frozenset({"img", "picture", "svg", "video"})


def split_kicker(link: LexborNode) -> tuple[LexborNode, LexborNode] | None:
    """(kicker, headline) elements inside `link`, or None (see the module docstring)."""
    node = link
    for _ in range(_MAX_DEPTH + 1):
        parts = _text_children(node)
        if not parts:
            return None  # loose text, or no text at all (a picture-only link)
        if len(parts) == 1:
            node = parts[0][0]
            continue
        return _pair(parts)
    return None


def _pair(parts: list[tuple[LexborNode, str]]) -> tuple[LexborNode, LexborNode] | None:
    named = _named_pair(parts)
    if named is not None:
        return named
    (first, label), (second, headline) = parts[0], parts[1]
    trailing_labels = all(len(text.split()) <= _MAX_TAG_WORDS for _, text in parts[2:])
    if second.tag not in _HEADINGS and (not trailing_labels or _holds_heading(first)):
        return None  # a heading is the headline: a URL line or a teaser follows it
    if not _is_label(label) or len(headline) <= len(label):
        return None
    if first.tag == second.tag and first.attrs.get("class") == second.attrs.get("class"):
        return None
    return first, second


def _named_pair(parts: list[tuple[LexborNode, str]]) -> tuple[LexborNode, LexborNode] | None:
    """(kicker, headline) as the parts' classes name them, or None when they do not say."""
    roles = [(part, _role(part[0])) for part in parts]
    if all(role is None for _, role in roles):
        return None
    parts_named = [(part, role) for part, role in roles if role is not Part.BYLINE]
    kicker_at = next((i for i, (_, role) in enumerate(parts_named) if role is Part.KICKER), None)
    if kicker_at is None:
        at = next((i for i, (_, role) in enumerate(parts_named) if role is Part.HEADLINE), 0)
        if at != 1 or parts_named[0][1] is not None:
            return None  # nothing before the headline, or more than one part
        kicker, headline = parts_named[0][0], parts_named[1][0]
    else:
        kicker, rest = parts_named[kicker_at][0], parts_named[kicker_at + 1 :]
        named = next((part for part, role in rest if role is Part.HEADLINE), None)
        unnamed = [part for part, role in rest if role is None]
        if named is None and len(unnamed) != 1:
            return None
        headline = named or unnamed[0]
    return (kicker[0], headline[0]) if _is_label(kicker[1], named=True) else None


def _role(node: LexborNode) -> Part | None:
    role = part_role(node)
    return Part.HEADLINE if role is None and node.tag in _HEADINGS else role


def _text_children(node: LexborNode) -> list[tuple[LexborNode, str]] | None:
    """The child elements of `node` that show text, with it; None when loose text sits there."""
    elements: list[LexborNode] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            if (child.text_content or "").strip():
                return None  # checked before any element's text is read: most links end here
        elif child.tag != "-comment":
            elements.append(child)
    found: list[tuple[LexborNode, str]] = []
    for child in elements:
        if not is_image_holder(child):
            text = inline_text(child)
            if text:
                found.append((child, text))
    return found


def is_image_holder(node: LexborNode) -> bool:
    """Whether `node` is an image, or a box around one whose only text is a short label."""
    if node.tag in _IMAGE_TAGS:
        return True
    if node.css_first("img, picture, svg, video") is None:
        return False
    return len(inline_text(node).split()) <= _MAX_IMAGE_LABEL_WORDS


def _is_label(text: str, *, named: bool = False) -> bool:
    """Whether `text` reads as a label; a part whose class names it a kicker may run to more
    words ("Pop star on the price of his fame"), not to more characters."""
    words = text.split()
    return (
        0 < len(words) <= (MAX_KICKER_CHARS if named else _MAX_KICKER_WORDS)
        and len(text) <= MAX_KICKER_CHARS
        and any(ch.isalpha() for ch in text)
        and _CLOCK.match(text) is None
        and not looks_like_date(text)
    )


def _holds_heading(node: LexborNode) -> bool:
    return node.tag in _HEADINGS or node.css_first("h1, h2, h3, h4, h5, h6") is not None
