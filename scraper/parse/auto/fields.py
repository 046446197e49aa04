"""Read one card's fields: the headline link and its title, then date, category and teaser.

The **headline** is the card's link in a heading (h1-h6, inside or around the link); else the
link whose repetition revealed the card; else its longest link text. "Read more" and comment
counts are never headlines, and an image's alt text is never a title. When the link wraps the
whole card (image, kicker, date, title and teaser in one `<a>`), the title is the heading
inside it, else the block that repeats the link's `title` attribute or the card's (often
screen-reader-only) heading, else its first block that is not a thumbnail's label. A kicker
printed inside the link (`kicker.split_kicker`) is not part of the title: it is the category,
and the text walk leaves it out (never a teaser); a date printed first inside the link (a
ticker's "18/03/2016 Headline") is the date.
A card whose only link says "Read more" takes its heading's text.

The rest comes from one walk of the card with the title left out (`cardtext`); a card that is
its headline alone reads its kicker, teaser and date beside it (`beside`). With no date on the
card, a date in the URL's path is the last resort. Values are kept as shown: the
pipeline cleans and parses them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipelines import RawItem
from scraper.parse.auto.beside import is_bare, story_siblings, term_of
from scraper.parse.auto.blocks import BLOCK_TAGS, CardText, has_descendant, inline_text, read_text
from scraper.parse.auto.carddate import card_date
from scraper.parse.auto.cardtext import (
    Found,
    card_category,
    card_summary,
    holds,
    label_after,
    label_beside,
)
from scraper.parse.auto.classwords import classify
from scraper.parse.auto.datetext import date_from_url, looks_like_date
from scraper.parse.auto.kicker import is_image_holder, split_kicker
from scraper.parse.auto.scoring import looks_like_article

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["CardFields", "read_card"]

_HEADINGS = "h1, h2, h3, h4, h5, h6"
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_DATE_TAGS = frozenset({"span", "time", "small", "em", "i", "b", "strong", "font"})
_MAX_DATE_CHARS = 40
_MIN_REST = 10  # what follows a leading date must still be a headline
_TEASER_LINK_CHARS = 80
# A date, a dash or dot with space after, the teaser (a hyphen is part of ISO dates).
_TEASER_DATE = re.compile(r"(?P<date>[^—–·|]{4,40}?)\s*[—–·|]\s+(?P<rest>\S.*)", re.DOTALL)
_NOT_HEADLINE = re.compile(
    r"^\W*(?:read\s+(?:more|on|the\s+full)|continue|keep\s+reading|more\b|full\s+story|weiterlesen"
    r"|mehr\b|lire\s+la\s+suite|la\s+suite|en\s+savoir\s+plus|leer\s+m[aá]s|seguir\s+leyendo"
    r"|leggi|continua|ler\s+mais|leia\s+mais|lees\s+meer|далее|подробнее|читать|続きを読む"
    r"|阅读全文|查看全文|更多|詳細)"
    r"|\b(?:comments?|kommentare?|commentaires?|comentarios?|commenti|коммент\w*|reacties"
    r"|antworten|repl(?:y|ies))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CardFields:
    """A card's values and the nodes they came from (for deriving selectors)."""

    item: RawItem
    root: LexborNode
    url_node: LexborNode
    title_node: LexborNode
    summary: Found | None
    date: Found | None
    category: Found | None


@dataclass(frozen=True, slots=True)
class _Link:
    node: LexborNode
    url: str
    text: str
    in_heading: bool


def read_card(
    root: LexborNode,
    *,
    links: Mapping[int, tuple[str, str]],
    base: str,
    found_by: LexborNode | None = None,
    cards: Collection[int] = (),
) -> CardFields | None:
    """The card's fields, or None when it has no usable headline link.

    `links` maps the `mem_id` of every usable `<a href>` on the page to its absolute URL
    (fragment dropped) and its text, as `anchors.collect_anchors` read them. `found_by` is the
    link whose repetition revealed the card. `cards` are the `mem_id`s of all card roots on
    the page: a card that is only its headline reads what it lacks beside it (`beside`).
    """
    card_links = _links(root, links)
    headline = _headline(card_links, found_by, host=urlsplit(base).hostname or "")
    if headline is None:
        return None
    title_node, title, kicker = _title(root, headline)
    stamp = _leading_date(title_node, title)
    if stamp is not None:
        title = title[len(stamp.value) :].lstrip(" -–—|:·")
    if not title:
        return None
    wraps_card = title_node.mem_id != headline.node.mem_id and holds(headline.node, title_node)
    skip = [title_node] if wraps_card else [title_node, headline.node]
    if kicker is not None:
        skip.append(kicker)  # the kicker is the category's, never the teaser's start
    text = read_text(
        root,
        skip=skip,
        plain_links=_teaser_links(card_links, headline),
        classify=classify,
    )
    date = card_date(root, text) or stamp
    category = card_category(
        root, text, title=title, headline=headline.node, base=base, kicker=kicker
    )
    exclude = {found.node.mem_id for found in (date, category) if found is not None}
    summary = card_summary(text, title=title, exclude=exclude, date=date.value if date else None)
    shown = title if kicker is None else f"{inline_text(kicker)} {title}"  # all the link says
    if cards and None in (date, category, summary) and is_bare(root, shown):
        date, category, summary = _read_beside(
            root,
            headline,
            (date, category, summary),
            title=title,
            base=base,
            cards=cards,
            links=links,
        )
    term = term_of(root) if None in (date, category) else None
    if term is not None:
        date = date or card_date(term, read_text(term, classify=classify))
        category = category or label_beside([term], title=title, headline=headline.node, base=base)
    if date is None and summary is not None:
        date, summary = _teaser_date(summary)
    item = RawItem(
        title=title,
        url=headline.url,
        summary=summary.value if summary else None,
        date=date.value if date else date_from_url(headline.url),
        category=category.value if category else None,
    )
    return CardFields(item, root, headline.node, title_node, summary, date, category)


def _teaser_links(card_links: list[_Link], headline: _Link) -> list[LexborNode]:
    """The headline link and the teasers linked to the same story: text, not link text.

    A same-story link counts as a teaser when its text is longer than a headline
    (`_TEASER_LINK_CHARS`); a tooltip or "Read more" stays link text.
    """
    return [
        link.node
        for link in card_links
        if link.url == headline.url
        and (link.node.mem_id == headline.node.mem_id or len(link.text) >= _TEASER_LINK_CHARS)
    ]


_Fields = tuple[Found | None, Found | None, Found | None]  # date, category, summary


def _read_beside(
    root: LexborNode,
    headline: _Link,
    found: _Fields,
    *,
    title: str,
    base: str,
    cards: Collection[int],
    links: Mapping[int, tuple[str, str]],
) -> _Fields:
    """What a bare headline card lacks, read from its story's elements beside it (`beside`):
    the date and teaser after it, the category before it or named after it."""
    date, category, summary = found
    before, after = story_siblings(root, url=headline.url, cards=cards, links=links)
    read = [(node, read_text(node, classify=classify)) for node in after]
    date = date or next((f for n, t in read if (f := card_date(n, t)) is not None), None)
    category = (
        category
        or label_beside(before, title=title, headline=headline.node, base=base)
        or label_after(read, title=title, headline=headline.node, base=base)
    )
    blocks = CardText([block for _, t in read for block in t.blocks], None, [])
    summary = summary or card_summary(blocks, title=title, exclude=set())
    return date, category, summary


def _teaser_date(summary: Found) -> tuple[Found | None, Found]:
    """A date that opens the teaser before a dash or dot ("Nov 3, 2026 — The board said
    ...", as search results show a page's date), split from it; else (None, `summary`)."""
    found = _TEASER_DATE.match(summary.value)
    if found is None or not looks_like_date(found["date"]):
        return None, summary
    return Found(found["date"], summary.node), Found(found["rest"], summary.node)


def _leading_date(title_node: LexborNode, title: str) -> Found | None:
    """A date printed first inside the title's element, in an element of its own
    (`<a><span>18/03/2016</span> Headline</a>` in a ticker): the card's date, not its title."""
    first = title_node.child
    while first is not None and first.tag == "-text" and not (first.text_content or "").strip():
        first = first.next
    if first is None or first.tag not in _DATE_TAGS:
        return None
    shown = inline_text(first)
    rest = title[len(shown) :].strip()
    if not title.startswith(shown) or len(shown) > _MAX_DATE_CHARS or len(rest) < _MIN_REST:
        return None
    if not any(char.isdigit() for char in shown) or not looks_like_date(shown):
        return None
    return Found(shown, first)


def _links(root: LexborNode, links: Mapping[int, tuple[str, str]]) -> list[_Link]:
    nodes = [root] if root.tag == "a" else root.css("a[href]")
    found = []
    for node in nodes:
        known = links.get(node.mem_id)
        if known is None:
            continue
        in_heading = _inside_heading(node, root) or has_descendant(node, _HEADING_TAGS)
        found.append(_Link(node, known[0], known[1], in_heading))
    return found


def _inside_heading(node: LexborNode, root: LexborNode) -> bool:
    root_id = root.mem_id
    parent = node.parent
    while parent is not None and parent.mem_id != root_id:
        if parent.tag in _HEADING_TAGS:
            return True
        parent = parent.parent
    return parent is not None and parent.tag in _HEADING_TAGS


def _headline(links: list[_Link], found_by: LexborNode | None, *, host: str) -> _Link | None:
    """The card's headline link (see the module docstring).

    A heading link to a section index (`/politik`) is the title of a group the card climbed
    into, not a story's headline, when the link that found the card leads to a story.
    """
    usable = [link for link in links if link.text and not _NOT_HEADLINE.search(link.text)]
    hint = found_by.mem_id if found_by is not None else None
    hinted = next((link for link in usable if link.node.mem_id == hint), None)
    story_hint = hinted is not None and looks_like_article(hinted.url, host)
    for link in usable:
        if link.in_heading and (not story_hint or looks_like_article(link.url, host)):
            return link
    for link in usable:
        if link.node.mem_id == hint:
            return link
    if usable:
        return max(usable, key=lambda link: len(link.text))  # max keeps the first of equals
    return next((link for link in links if link.in_heading), links[0] if links else None)


def _title(root: LexborNode, headline: _Link) -> tuple[LexborNode, str, LexborNode | None]:
    """The node whose text is the title, that text, and a kicker printed in the link."""
    node = headline.node
    split = split_kicker(node)
    if split is not None:
        kicker, title_node = split
        return title_node, inline_text(title_node), kicker
    if has_descendant(node, BLOCK_TAGS):  # the link wraps the card: find the title inside it
        return (*_title_inside(root, node), None)
    if headline.text and not _NOT_HEADLINE.search(headline.text):
        return node, headline.text, None
    heading = root.css_first(_HEADINGS)
    text = inline_text(heading) if heading is not None else ""
    if heading is not None and text:
        return heading, text, None
    return node, headline.text, None


def _title_inside(root: LexborNode, link: LexborNode) -> tuple[LexborNode, str]:
    heading = link.css_first(_HEADINGS)
    if heading is not None and inline_text(heading):
        return heading, inline_text(heading)
    blocks = read_text(link).blocks
    # A thumbnail's label ("Video", "Bilder") is no title when other text follows it.
    inner = [block for block in blocks if not is_image_holder(block.node)] or blocks
    wanted = " ".join((link.attrs.get("title") or "").split())
    outer = root.css_first(_HEADINGS)
    wanted = wanted or (inline_text(outer) if outer is not None else "")
    for block in inner:
        if wanted and block.text == wanted:
            return block.node, block.text
    if outer is not None and wanted:
        return outer, wanted
    return (inner[0].node, inner[0].text) if inner else (link, "")
