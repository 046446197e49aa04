"""Whether a list's cards are all full teasers: a story's headline, its summary, little else.

Headline quality (`scoring`) tells sections from menus by the length of their link texts,
and some front pages head their promo tiles with two or three words ("Sea change", "Hard
landing") above a line of teaser text. Such a tile is a story card all the same, and a list of
them is a section whatever its headlines' length: each card's link sits in a heading and
leads to a story page of its own, the card holds a teaser's worth of text besides its
headline and no more than a few links, and the list lies outside navigation.

A box of tabs (a weather box's cities) has headings and text too, but its links differ only
in their query: one page's views, not stories, so the cards' paths must differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scraper.parse.auto.anchors import Anchor
from scraper.parse.auto.scoring import (
    TEASER_CHARS,
    PageContext,
    extra_text,
    near_heading,
    region_factor,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["is_teaser_list"]

_MIN_CARDS = 2
_MAX_LINKS = 4  # links a teaser card holds: headline, picture, "more", one related story


def is_teaser_list(
    roots: tuple[LexborNode, ...],
    anchors: tuple[Anchor, ...],
    parent_depth: int,
    context: PageContext,
) -> bool:
    """Whether every card is a full teaser (see the module docstring); `anchors[i]` found
    `roots[i]` and `parent_depth` indexes the list's parent in their chains."""
    if len(roots) < _MIN_CARDS:
        return False
    pairs = list(zip(roots, anchors, strict=True))
    if not all(near_heading(anchor) and context.is_article(anchor.url) for _, anchor in pairs):
        return False  # most lists end here, before any card's text is read
    if not all(context.links_under[root.mem_id] <= _MAX_LINKS for root, _ in pairs):
        return False
    if len({urlsplit(anchor.url).path for anchor in anchors}) < len(roots):
        return False
    if region_factor(anchors[0].chain[parent_depth:], context) < 1:
        return False
    return all(extra_text(root, anchor) >= TEASER_CHARS for root, anchor in pairs)
