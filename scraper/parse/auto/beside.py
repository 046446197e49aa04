"""A card's kicker, teaser and date printed beside its headline rather than around it.

Some layouts put a story's parts side by side under one parent instead of in one box:
`<div class="kick">Wirtschaft</div> <h2><a>Headline</a></h2> <a><img></a> <p>Teaser</p>`,
then the next story's parts. The repeated element is then the headline alone, and the card
found is only that; its kicker, teaser and date stand beside it. `story_siblings` collects
the sibling elements before and after such a card that still belong to its story: it stops at
another card, at an element holding a heading, and at one holding a headline-like link (20
characters or more) to another story, and takes at most three elements on each side.

Only a card that shows nothing but its title looks beside itself (`is_bare`): a card box
that holds its own teaser is whole, and its neighbours are other stories' parts. Except in a
definition list: a `<dd>` card's `<dt>` (`term_of`) is its own by the markup's meaning, the
date or rubric of the entry (`<dt>01.11.2026</dt><dd><a>Headline</a> Teaser</dd>`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["is_bare", "story_siblings", "term_of"]

_MAX_SIBLINGS = 3
_HEADLINE_CHARS = 20
_HEADINGS = "h1, h2, h3, h4, h5, h6"


def is_bare(root: LexborNode, title: str) -> bool:
    """Whether the card shows only its title (a heading or link found as the whole card)."""
    shown = "".join(root.text().split())
    return len(shown) <= len("".join(title.split())) + 2


def story_siblings(
    root: LexborNode,
    *,
    url: str,
    cards: Collection[int],
    links: Mapping[int, tuple[str, str]],
) -> tuple[list[LexborNode], list[LexborNode]]:
    """The elements before (nearest first) and after `root` that belong to its story.

    `cards` are the `mem_id`s of every card root on the page; `links` maps every usable link's
    `mem_id` to its URL and text (`anchors.collect_anchors`).
    """
    before = _walk(root.prev, url, cards, links, forward=False)
    after = _walk(root.next, url, cards, links, forward=True)
    return before, after


def _walk(
    node: LexborNode | None,
    url: str,
    cards: Collection[int],
    links: Mapping[int, tuple[str, str]],
    *,
    forward: bool,
) -> list[LexborNode]:
    found: list[LexborNode] = []
    while node is not None and len(found) < _MAX_SIBLINGS:
        if node.tag in {"-text", "-comment"}:
            node = node.next if forward else node.prev
            continue
        if node.mem_id in cards or _starts_another(node, url, links):
            break
        found.append(node)
        node = node.next if forward else node.prev
    return found


def _starts_another(node: LexborNode, url: str, links: Mapping[int, tuple[str, str]]) -> bool:
    if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6") or node.css_first(_HEADINGS) is not None:
        return True
    candidates = [node] if node.tag == "a" else node.css("a[href]")
    for link in candidates:
        known = links.get(link.mem_id)
        if known is not None and known[0] != url and len(known[1]) >= _HEADLINE_CHARS:
            return True
    return False


def term_of(root: LexborNode) -> LexborNode | None:
    """The `<dt>` a `<dd>` card describes: the nearest element before it, if it is one."""
    if root.tag != "dd":
        return None
    node = root.prev
    while node is not None and node.tag in {"-text", "-comment"}:
        node = node.prev
    return node if node is not None and node.tag == "dt" else None
