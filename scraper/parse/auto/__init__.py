"""Automatic extraction: a listing page -> its cards, with no selectors from the user.

The page is parsed once. JSON-LD blocks and the style sheet's hiding classes are read before
script and style bodies are dropped, and what a reader never sees is removed (`visibility`); then
`cards` finds the repeated card lists of the main content, `fields` reads each card (and
`yeartext` completes dates whose year the page prints once, above the cards), and
`structured` reads JSON-LD, microdata and hAtom. Structured values win field by field for the
same canonical-ish URL; DOM cards fill the gaps and add the stories structured data left out.
`selectors_out` turns the DOM lists into a `SelectorSpec` that reproduces them (what
`tidings discover` prints), and `pagination` finds where the listing continues.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.parse.auto.anchors import collect_anchors
from scraper.parse.auto.cards import find_card_lists
from scraper.parse.auto.fields import CardFields, read_card
from scraper.parse.auto.selectors_out import derive_selectors
from scraper.parse.auto.visibility import drop_unseen, hidden_style_classes, reveal_noscript
from scraper.parse.auto.yeartext import complete_dates
from scraper.parse.document import base_url, resolve_link
from scraper.parse.feeds.links import FEED_MEDIA_TYPES
from scraper.parse.language import page_language
from scraper.parse.pagination import detect_next_page
from scraper.parse.selectors import ParsedPage, SelectorSpec
from scraper.parse.structured import jsonld_blocks, merge_items, structured_items

__all__ = ["AutoPage", "extract_auto"]

# What `document.parse_document` strips; the page is parsed here by hand so that JSON-LD
# script bodies can be read first, in the same single parse.
_NOT_TEXT_TAGS = ["script", "style", "template"]


@dataclass(frozen=True, slots=True)
class AutoPage:
    """What automatic extraction found on one page.

    `page.items` are in page order and `page.next_url` is the detected next page. `selectors`
    reproduce the DOM cards of the lists they cover with `extract_page`: the main list, plus
    every other section its field selectors also read; a lone lead story or a section laid out
    differently is left out, and None means nothing repeated. `feeds` are the page's
    `<link rel=alternate>` RSS/Atom/JSON feed URLs, absolute, in page order.
    """

    page: ParsedPage
    selectors: SelectorSpec | None
    feeds: list[str]


def extract_auto(html: str, *, page_url: str) -> AutoPage:
    """Cards, next page, reproducing selectors and feed links of a page never seen before.

    Deterministic: the same HTML always gives the same result. Malformed HTML never raises.
    """
    tree = LexborHTMLParser(html)
    scripts = jsonld_blocks(tree)
    hiding = hidden_style_classes(tree)
    tree.strip_tags(_NOT_TEXT_TAGS, recursive=True)
    drop_unseen(tree, hiding)
    reveal_noscript(tree)
    base = base_url(tree, page_url)
    anchors, links = collect_anchors(tree, base=base, page_url=page_url)
    lists = find_card_lists(anchors, page_host=urlsplit(base).hostname or "", page_url=page_url)
    pairs = [pair for found in lists for pair in zip(found.cards, found.anchors, strict=True)]
    pairs.sort(key=lambda pair: pair[0].order)
    roots = frozenset(card.root.mem_id for card, _ in pairs)
    read = [
        read_card(c.root, links=links, base=base, found_by=a.node, cards=roots) for c, a in pairs
    ]
    cards = complete_dates(tree, [fields for fields in read if fields], page_url=page_url)
    rank = {card.root.mem_id: i for i, found in enumerate(lists) for card in found.cards}
    dom = _unique(cards, rank)
    marked = structured_items(tree, scripts, base=base, page_url=page_url)
    items = merge_items(marked, [fields.item for fields in dom])
    page = ParsedPage(
        items=items,
        next_url=detect_next_page(tree, page_url=page_url),
        language=page_language(tree),
        strategy="structured" if marked else "auto",
    )
    selectors = derive_selectors(tree, lists, cards, base=base) if cards else None
    return AutoPage(page=page, selectors=selectors, feeds=_feed_links(tree, base))


def _unique(read: list[CardFields], rank: dict[int, int]) -> list[CardFields]:
    """One card per URL, at the first one's place. A story listed twice (a ticker line or a
    related link first, its teaser further down) takes its values from the card of the
    better list (`rank`: the lists' order, best first), and what that card lacks (date,
    teaser, category) from the other."""
    at: dict[str, int] = {}
    kept: list[CardFields] = []
    for fields in read:
        url = fields.item.url or ""
        index = at.get(url)
        if index is None:
            at[url] = len(kept)
            kept.append(fields)
            continue
        first, later = kept[index], fields
        if rank.get(later.root.mem_id, len(rank)) < rank.get(first.root.mem_id, len(rank)):
            first, later = later, first
        better, other = first.item, later.item
        filled = replace(
            better,
            date=better.date or other.date,
            summary=better.summary or other.summary,
            category=better.category or other.category,
        )
        kept[index] = replace(first, item=filled)
    return kept


def _feed_links(tree: LexborHTMLParser, base: str) -> list[str]:
    found: list[str] = []
    for node in tree.css("link[rel][href]"):
        rel = (node.attrs.get("rel") or "").lower().split()
        kind = (node.attrs.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_MEDIA_TYPES:
            continue
        url = resolve_link(node.attrs.get("href") or "", base)
        if url is not None and url not in found:
            found.append(url)
    return found
