"""The date a card shows for its publication, as shown, for the pipeline to read.

A `<time datetime>` gives the machine value, else an `itemprop=datePublished`, else a date
shown as an age or in words with the full date in its `title` tooltip, else the first
block of the card that reads as a date (`datetext`), else a short inline element that does
(inside a line that runs on), else a line that is only a day and a month, for `yeartext`
to complete. Two kinds of stamp are passed over:

- an ISO 8601 duration in a `<time>` (`PT8M13S`), which is a video's length;
- an "updated" stamp when the card also shows another date: a `<time>` whose (or whose
  wrapper's) class or itemprop says updated/modified/`maj`, or whose label just before it
  does ("Updated", "mis à jour", "aktualisiert", "actualizado", ...), a date line that
  starts with such a label, and the update's part of a line that labels both dates.
  The publication date is the item's `published`; an update is a revision of it. A stamp
  whose class says published/`pub`/posted is taken first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scraper.parse.auto.blocks import Block, CardText, inline_text
from scraper.parse.auto.cardtext import Found, word_count
from scraper.parse.auto.datetext import looks_like_date, looks_like_day_month

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["card_date"]

_DATE_INLINE = frozenset({"span", "abbr", "small", "em", "i", "b", "strong", "time", "font", "a"})
_UPDATED = re.compile(
    r"updated?|modified|revised|aktualisiert|ge[äa]ndert|mis\s+[àa]\s+jour|actualizad[oa]"
    r"|aggiornat[oa]|atualizad[oa]|bijgewerkt|обновлен[оа]?|güncellendi|更新|업데이트",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"published|posted|ver[öo]ffentlicht|erschienen|publi[ée]e?|publicad[oa]|pubblicat[oa]"
    r"|gepubliceerd|опубликовано|yay[ıi]nlanma|发布|發佈|公開|게시",
    re.IGNORECASE,
)
_LABEL_REACH = 30
_ISO_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?)?"
)
_INLINE_DATE_CHARS = 40
_RUN_ON_WORDS = 4  # words after a date that make its line run on into other text
_HEADING_REACH = 4
_HEADINGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6"}
)  # characters before a stamp that may label it
_WORDS = re.compile(r"[\s_-]+")
# Class words of a stamp or its wrapper: "maj" is French "mise à jour" ("fig-date-maj").
_UPDATE_WORDS = frozenset(
    {"updated", "update", "modified", "datemodified", "lastmod", "maj", "aktualisiert"}
)
_PUBLISHED_WORDS = frozenset(
    {"pub", "published", "publish", "datepublished", "posted", "created", "datecreated"}
)


def card_date(root: LexborNode, text: CardText) -> Found | None:
    """The card's publication date as shown (see the module docstring), or None."""
    stamps = [found for node in root.css("time") if (found := _stamp(node)) is not None]
    if stamps:
        marked = next((found for found in stamps if _class_kind(found.node) == "pub"), None)
        plain = next((found for found in stamps if not _is_update(found.node)), stamps[0])
        return marked or plain
    marked = _itemprop_stamp(root) or _titled_stamp(root)
    if marked is not None:
        return marked
    lines = [block for block in text.blocks if looks_like_date(block.text)]
    if not lines:
        inline = _inline_date(root)
        if inline is not None:
            return inline
        # A day and month alone: `yeartext` completes it from the page, or it stays as shown.
        short = next((b for b in text.blocks if looks_like_day_month(b.text)), None)
        return None if short is None else Found(short.text, _date_element(short) or short.node)
    line = next((block for block in lines if not _UPDATED.match(block.text)), lines[0])
    element = _date_element(line)
    if element is not None and _runs_on(line.text, shown := inline_text(element)):
        return Found(shown, element)
    return Found(_published_part(line.text), element or line.node)


def _runs_on(line: str, shown: str) -> bool:
    """Whether a date line is the date element's text and then words of something else, the
    teaser with no block between ("17/03/2016 The crews speak ..."), not the date's own words
    ("Posted on ... at 6:09 AM", "Tuesday, 3 March")."""
    if not line.startswith(shown + " "):
        return False
    rest = line[len(shown) :]
    return word_count(rest) >= _RUN_ON_WORDS and not any(char.isdigit() for char in rest)


def _itemprop_stamp(root: LexborNode) -> Found | None:
    prop = root.css_first("[itemprop=datePublished], [itemprop=dateCreated]")
    if prop is not None:
        for attr in ("content", "datetime"):
            value = (prop.attrs.get(attr) or "").strip()
            if value:
                return Found(value, prop, attr)
    return None


def _titled_stamp(root: LexborNode) -> Found | None:
    """A date shown as an age or in words whose `title` attribute (the tooltip) gives it in
    full: `<span title="2026-11-01 10:00:00Z">3 hours ago</span>`, as forums and Q&A sites
    print it. The tooltip is exact where the text is not."""
    for node in root.css("[title]"):
        stamp = (node.attrs.get("title") or "").strip()
        if _ISO_STAMP.fullmatch(stamp) and looks_like_date(inline_text(node)):
            return Found(stamp, node, "title")
    return None


def _published_part(line: str) -> str:
    """The published date of a line that shows both ("Updated: 3 May, 18:00 — Published: 2
    May, 08:00"): the text from its label up to the update's; else the whole line."""
    published = _PUBLISHED_LABEL.search(line)
    updated = _UPDATED.search(line)
    if published is None or updated is None:
        return line
    end = updated.start() if updated.start() > published.end() else len(line)
    part = line[published.end() : end].strip(" :|·,-–—")
    return part if looks_like_date(part) else line


def _inline_date(root: LexborNode) -> Found | None:
    """A short inline element that is a date, inside a long line ("📅 18/03/2016" in a line
    that runs on into the teaser, with no block boundary between), outside any heading.

    Short text nodes with a digit are tried first: most of a card's text fails that at once.
    """
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        raw = (node.text_content or "").strip()
        if not raw or len(raw) > _INLINE_DATE_CHARS or not any(c.isdigit() for c in raw):
            continue
        element = node.parent
        if element is None or element.tag not in _DATE_INLINE or _in_heading(element):
            continue
        shown = inline_text(element)
        if len(shown) <= _INLINE_DATE_CHARS and looks_like_date(shown):
            return _widest(Found(shown, element), root)
    return None


def _widest(found: Found, root: LexborNode) -> Found:
    """The outermost inline element around `found` that is still a short date line ("du
    07/11/2015 au 03/01/2016" around its first day)."""
    parent = found.node.parent
    while parent is not None and parent.mem_id != root.mem_id and parent.tag in _DATE_INLINE:
        shown = inline_text(parent)
        if len(shown) > _INLINE_DATE_CHARS or not looks_like_date(shown):
            break
        found = Found(shown, parent)
        parent = parent.parent
    return found


def _in_heading(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(_HEADING_REACH):
        if parent is None:
            return False
        if parent.tag in _HEADINGS:
            return True
        parent = parent.parent
    return False


def _stamp(node: LexborNode) -> Found | None:
    stamp = (node.attrs.get("datetime") or "").strip()
    if stamp[:1] in ("P", "p"):
        return None  # an ISO 8601 duration ("PT8M13S"): a video's length, not a date
    if stamp:
        return Found(stamp, node, "datetime")
    shown = inline_text(node)
    return Found(shown, node) if looks_like_date(shown) else None


def _is_update(node: LexborNode) -> bool:
    """Whether a `<time>` is an update stamp: by its class or itemprop, or the label before it."""
    if _class_kind(node) == "update":
        return True
    parent = node.parent
    if parent is None:
        return False
    around, shown = inline_text(parent), inline_text(node)
    at = around.find(shown) if shown else -1
    label = around[max(0, at - _LABEL_REACH) : at] if at >= 0 else ""
    # A label has no digits: text before the last one belongs to the stamp before.
    digits = [index for index, char in enumerate(label) if char.isdigit()]
    label = label[digits[-1] + 1 :] if digits else label
    return _UPDATED.search(label) is not None


def _date_element(block: Block) -> LexborNode | None:
    """The smallest inline element of the block that still shows the date, if any."""
    walk = block.node.traverse()
    next(walk, None)
    for node in walk:
        if node.tag in _DATE_INLINE and looks_like_date(inline_text(node)):
            return node
    return None


def _class_kind(node: LexborNode) -> str | None:
    """ "pub" or "update" when the stamp's or its wrapper's class or itemprop says which."""
    names: list[str] = []
    for each in (node, node.parent):
        if each is not None:
            attrs = each.attrs
            names.append(f"{attrs.get('class') or ''} {attrs.get('itemprop') or ''}")
    words = set(_WORDS.split(" ".join(names).lower()))
    if words & _UPDATE_WORDS:
        return "update"
    return "pub" if words & _PUBLISHED_WORDS else None
