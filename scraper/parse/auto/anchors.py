"""Every usable link of a page, read once: URL, text and ancestors.

Cards, their scores and their fields all ask the same questions of a page's links, so each
`<a href>` is resolved (each distinct href once), its text read, and its ancestor chain walked
once here. Nodes are identified by `mem_id`: comparing two lexbor nodes with `==` serialises
both, which on a 400 KB page costs more than the whole extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scraper.parse.auto.blocks import inline_text
from scraper.parse.auto.visibility import aria_hidden_ids
from scraper.parse.document import resolve_link

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Anchor", "collect_anchors"]

_STOP_TAGS = frozenset({"html", "-document"})  # `body` stays: cards may sit right in it
_PICTURES = "img, picture, amp-img, svg"
_HEADINGS = "h1, h2, h3, h4, h5, h6"
_HEADING_REACH = 2
# An absolute http(s) URL that `resolve_link` would return unchanged: plain host, no dot
# segments, no whitespace, no empty query. Most hrefs on big pages look like this, and
# skipping urljoin for them halves the cost of reading a page's links.
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s?#;]*)?(?:\?[^\s#;]+)?")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A link with text: its resolved URL, its visible text, its ancestors (nearest first)."""

    node: LexborNode
    url: str
    text: str
    order: int  # position among the page's links, for document order
    chain: tuple[LexborNode, ...]
    chain_ids: tuple[int, ...]  # `mem_id`s of `chain`: node == node serialises both, ids don't
    path: tuple[str, ...]  # tags of `chain`: links at one path repeat one structure


def collect_anchors(
    tree: LexborHTMLParser, *, base: str, page_url: str
) -> tuple[list[Anchor], dict[int, tuple[str, str]]]:
    """Every `<a href>` with visible text and a fetchable URL other than this page's own; a
    picture-only link reads as the unlinked heading beside it (`_heading_beside`).

    Links under `aria-hidden="true"` are left out of the anchors (see `visibility`).

    Also returns every usable link by `mem_id` as (URL without fragment, text), so cards read
    their links without resolving them again. A page repeats hrefs a lot: each resolves once.
    """
    anchors: list[Anchor] = []
    links: dict[int, tuple[str, str]] = {}
    resolved: dict[str, str | None] = {}
    page_key = page_url.split("#", 1)[0]
    aria_hidden = aria_hidden_ids(tree)
    for order, node in enumerate(tree.css("a[href]")):
        href = node.attrs.get("href") or ""
        if href not in resolved:
            resolved[href] = _resolve(href, base)
        url = resolved[href]
        if url is None or url == page_key:
            continue
        text = inline_text(node)
        links[node.mem_id] = (url, text)
        if not text:
            text = _heading_beside(node)
            if not text:
                continue
        if node.mem_id in aria_hidden:
            continue
        chain: list[LexborNode] = []
        tags: list[str] = []
        parent = node.parent
        while parent is not None and (tag := parent.tag or "") not in _STOP_TAGS:
            chain.append(parent)
            tags.append(tag)
            parent = parent.parent
        ids = tuple(parent.mem_id for parent in chain)
        if aria_hidden and not aria_hidden.isdisjoint(ids):
            continue
        anchors.append(Anchor(node, url, text, order, tuple(chain), ids, tuple(tags)))
    return anchors, links


def _heading_beside(link: LexborNode) -> str:
    """The text of the heading a picture-only link stands for, or "".

    Cards whose only link is a (lazy-loaded) picture print their title in a heading without a
    link (a script makes the card clickable). The heading must sit within `_HEADING_REACH`
    levels above the link, in a box that holds no other link with text: where the title is
    a link of its own, that link is the card's anchor.
    """
    if link.css_first(_PICTURES) is None:
        return ""
    node = link.parent
    for _ in range(_HEADING_REACH):
        if node is None or node.tag in _STOP_TAGS or node.tag == "body":
            return ""
        heading = node.css_first(_HEADINGS)
        if heading is not None:
            others = (a for a in node.css("a[href]") if a.mem_id != link.mem_id)
            return "" if any(inline_text(a) for a in others) else inline_text(heading)
        node = node.parent
    return ""


def _resolve(href: str, base: str) -> str | None:
    """`resolve_link(href, base)` without its fragment, with a fast path for plain URLs."""
    value = href.strip()
    head, _, _fragment = value.partition("#")
    plain = value.startswith(("http://", "https://")) and "/." not in head
    if plain and _PLAIN_ABSOLUTE.fullmatch(head):
        return head
    url = resolve_link(href, base)
    return None if url is None else url.partition("#")[0]
