"""Find the repeated cards of a listing's main content, with no selectors from the user.

A listing repeats one structure per story: the headline links of its cards sit at the same tag
path from the root (`body div ul li h3 a`). So links are grouped by that path, and each link's
card is the highest ancestor that holds only its own share of the group (one link, or the `k`
a card repeats, such as a title and a byline link side by side): climbing from a headline
stops just below the element that also holds the next card's headline. A card that is one
cell of a table-like row (topic cell, last-post cell) becomes the row. Cards whose roots share
a parent, a tag and `k` form a `CardList`, one list per section of the page; rows lacking
every class most of their list shares (a job ad's bare row) are dropped as strays.

`scoring` rates every list and `sections` chooses the page's sections among them. Lone
headline links in the main content
that no list holds (a front page's lead story) become cards of their own, once a page has a
listing at all. All of it is linear in the number of links times the tree depth.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scraper.parse.auto.anchors import Anchor
from scraper.parse.auto.blocks import BLOCK_TAGS
from scraper.parse.auto.cardlist import Card, CardList
from scraper.parse.auto.scoring import (
    PageContext,
    is_story_link,
    near_heading,
    region_factor,
    score_list,
)
from scraper.parse.auto.sections import select_sections
from scraper.parse.auto.teasers import is_teaser_list

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["find_card_lists"]
_STRAY_MIN_CARDS = 5
_STRAY_SHARE = 0.8
_MIN_ROWS = 3
_MAX_LINES = 3  # the group's links one card may hold in lines of their own (title, byline)
_MAX_CELLS = 6
_LONE_MIN_CHARS = 20  # a lone heading link shorter than this is a section title
_LONE_MAX_LINKS = 4  # links to the same story a lone card may hold (title, image, "more")
_PLACE_WORDS = frozenset(
    {"left", "right", "center", "first", "last", "odd", "even", "alt", "top", "bottom"}
)


def find_card_lists(anchors: list[Anchor], *, page_host: str, page_url: str = "") -> list[CardList]:
    """The page's listing sections, best first; empty when nothing repeats."""
    groups: defaultdict[tuple[str, ...], list[Anchor]] = defaultdict(list)
    links_under: Counter[int] = Counter()
    headlines_under: Counter[int] = Counter()
    for anchor in anchors:
        groups[anchor.path].append(anchor)
        links_under.update(anchor.chain_ids)
        if near_heading(anchor):
            headlines_under.update(anchor.chain_ids)
    context = PageContext(page_host, links_under, headlines_under, page_url=page_url)
    stories = 0
    for anchor in anchors:
        if is_story_link(anchor, context):
            context.stories_under.update(anchor.chain_ids)
            stories += 1
    context = replace(context, stories=stories)  # the counters and memo are shared, not copied
    lists: list[CardList] = []
    for members in groups.values():
        if len(members) > 1:
            lists.extend(_lists_of_group(members, context))
    lists.sort(key=lambda found: -found.score)
    chosen = select_sections(lists, page_host=page_host)
    return [*chosen, *_lone_headlines(anchors, chosen, context)] if chosen else []


def _lists_of_group(members: list[Anchor], context: PageContext) -> list[CardList]:
    counts: Counter[int] = Counter(node_id for anchor in members for node_id in anchor.chain_ids)
    stories = context.stories_under
    depths = [_card_depth(a, counts, len(members), stories) for a in members]
    depths = _split_boxes(members, depths, counts)
    shape = _Shape.of(members, [depth for depth, _ in depths])
    by_parent: defaultdict[tuple[int, int, str, int], dict[int, tuple[Card, Anchor]]]
    by_parent = defaultdict(dict)
    for anchor, (found_depth, found_per_card) in zip(members, depths, strict=True):
        depth, per_card = found_depth, found_per_card
        if shape.is_cell(anchor, depth):
            depth += 1
            per_card = counts[anchor.chain_ids[depth]]
        if depth + 1 >= len(anchor.chain):
            continue
        root = anchor.node if depth < 0 else anchor.chain[depth]
        # Rows holding one link of the group and rows holding four are different lists (a
        # story row and its byline row share a tag path on table layouts).
        key = (anchor.chain_ids[depth + 1], depth + 1, root.tag or "", per_card)
        # The first link of the group in a card speaks for it (a title precedes its byline).
        by_parent[key].setdefault(root.mem_id, (Card(root=root, order=anchor.order), anchor))
    found = []
    for (_parent, parent_depth, _tag, _per_card), by_root in by_parent.items():
        pairs = _drop_strays(list(by_root.values()))
        cards = tuple(card for card, _ in pairs)
        chosen = tuple(anchor for _, anchor in pairs)
        parent = chosen[0].chain[parent_depth]
        roots = tuple(card.root for card in cards)
        score, quality, dating = score_list(roots, chosen, parent_depth, context)
        teasers = is_teaser_list(roots, chosen, parent_depth, context)
        found.append(CardList(parent, cards, chosen, score, quality, dating, teasers))
    return found


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which elements hold which, for the links of one group (ids; nodes by id)."""

    children: dict[int, set[int]]
    nodes: dict[int, LexborNode]
    rows: dict[int, bool]  # memo of `_is_row` by row id

    @classmethod
    def of(cls, members: list[Anchor], depths: list[int]) -> _Shape:
        """The two levels above each card root: its row's cells and the row's siblings."""
        children: defaultdict[int, set[int]] = defaultdict(set)
        nodes: dict[int, LexborNode] = {}
        for anchor, depth in zip(members, depths, strict=True):
            ids, chain = anchor.chain_ids, anchor.chain
            for level in range(max(depth, 0), min(depth + 2, len(ids) - 1)):
                children[ids[level + 1]].add(ids[level])
                nodes[ids[level]] = chain[level]
        return cls(children=dict(children), nodes=nodes, rows={})

    def is_cell(self, anchor: Anchor, depth: int) -> bool:
        """Whether the card found is one cell of a repeated row (forum topic + last post).

        True when the card's parent holds link cells of different kinds and is itself one of
        several alike siblings: then the parent, the row, is the card.
        """
        if depth < 0 or depth + 2 >= len(anchor.chain):
            return False
        row_id = anchor.chain_ids[depth + 1]
        known = self.rows.get(row_id)
        if known is None:
            row = anchor.chain[depth + 1]
            known = self.rows[row_id] = self._is_row(row, row_id, anchor.chain_ids[depth + 2])
        return known

    def _is_row(self, row: LexborNode, row_id: int, parent_id: int) -> bool:
        cell_ids = self.children.get(row_id, set())
        if not 1 < len(cell_ids) <= _MAX_CELLS:
            return False  # a row has a few cells; many alike children make a list
        if len({_kind(self.nodes[i]) for i in cell_ids}) < 2:
            return False
        siblings = self.children.get(parent_id, set())
        return sum(1 for i in siblings if self.nodes[i].tag == row.tag) >= _MIN_ROWS


def _kind(node: LexborNode) -> tuple[str, frozenset[str]]:
    """An element's tag and classes, without the words that only place it in a layout: two
    teasers classed "teaser left" and "teaser right" are alike, not a row's two cells."""
    names = (node.attrs.get("class") or "").lower().split()
    return node.tag or "", frozenset(name for name in names if name not in _PLACE_WORDS)


def _split_boxes(
    members: list[Anchor], depths: list[tuple[int, int]], counts: Counter[int]
) -> list[tuple[int, int]]:
    """(depth, k) per link, with boxes of several stories split into one card per story.

    A card holding `k` links of its group is one story with a title and a byline link, or
    a box of `k` stories side by side (two lead teasers of one department). It is the latter
    when the `k` links lead to different URLs and each sits in its own block-level child of
    the card: then each child is a card.
    """
    urls: defaultdict[int, set[str]] = defaultdict(set)
    for anchor, (depth, per_card) in zip(members, depths, strict=True):
        if per_card > 1 and depth >= 1:
            urls[anchor.chain_ids[depth]].add(anchor.url)
    split = []
    for anchor, (depth, per_card) in zip(members, depths, strict=True):
        if per_card > 1 and depth >= 1 and len(urls[anchor.chain_ids[depth]]) == per_card:
            child_id = anchor.chain_ids[depth - 1]
            if counts[child_id] == 1 and anchor.chain[depth - 1].tag in BLOCK_TAGS:
                split.append((depth - 1, 1))
                continue
        split.append((depth, per_card))
    return split


def _drop_strays(pairs: list[tuple[Card, Anchor]]) -> list[tuple[Card, Anchor]]:
    """Without the rows that lack every class most cards share (a job ad's bare "hide" row)."""
    if len(pairs) < _STRAY_MIN_CARDS:
        return pairs
    classes = [frozenset((card.root.attrs.get("class") or "").split()) for card, _ in pairs]
    counts = Counter(name for names in classes for name in names)
    common = {name for name, n in counts.items() if n >= _STRAY_SHARE * len(pairs)}
    if not common:
        return pairs
    return [pair for pair, names in zip(pairs, classes, strict=True) if names & common]


def _card_depth(
    anchor: Anchor, counts: Counter[int], group_size: int, stories: Counter[int]
) -> tuple[int, int]:
    """Index in `anchor.chain` of its card's root (-1: the link itself is the card), and `k`.

    A card holds `k` links of the group, `k` being how many share the link's parent: 1 for a
    title, 2 when a byline link sits beside it. When one parent holds the whole group, the
    links are the items of a bare list and each is its own card. A card climbs no higher
    than a list item: above an `li` alone in its list is a box holding a list of one entry
    (a side column's "newsletter" box beside boxes of three), not a card.
    """
    if not anchor.chain_ids:
        return -1, 1
    per_card = counts[anchor.chain_ids[0]]
    if per_card == group_size and per_card > 1:
        return -1, 1
    depth = -1
    for index, node_id in enumerate(anchor.chain_ids):
        if counts[node_id] != per_card:
            if per_card == 1 and _title_and_byline(anchor, index, counts, stories):
                per_card = counts[node_id]  # one card: climb on with its links
                depth = index
                continue
            break
        depth = index
        if anchor.path[index] == "li":
            break  # an entry of a list of one
    return depth, per_card


def _title_and_byline(
    anchor: Anchor, index: int, counts: Counter[int], stories: Counter[int]
) -> bool:
    """Whether the element at `index` in the chain is one card whose lines of their own hold
    the group's links: a headline line and a byline line (`p.title`, `p.tagline`), told by
    their classes differing and only one story link among them. Alike lines (`li`, `li`) or
    two stories are cards of a short list."""
    node_id = anchor.chain_ids[index]
    held = counts[node_id]
    if not 1 < held <= _MAX_LINES or stories[node_id] != 1:
        return False
    lines = [child for child in anchor.chain[index].iter() if counts[child.mem_id]]
    classes = {child.attrs.get("class") or "" for child in lines}
    return len(lines) == held == len(classes) and "" not in classes


def _lone_headlines(
    anchors: list[Anchor], chosen: list[CardList], context: PageContext
) -> list[CardList]:
    """Headline links in the main content that no chosen list holds, each as its own card.

    A lone link qualifies when it sits in a heading, reads like a headline, points to an
    article-like URL not already listed and lies outside navigation-like regions. Its card is
    the highest ancestor whose text links all lead to the same story ("FULL STORY" included).
    """
    covered = {card.root.mem_id for found in chosen for card in found.cards}
    listed = {anchor.url for found in chosen for anchor in found.anchors}
    url_of = {anchor.node.mem_id: anchor.url for anchor in anchors}
    lone: list[CardList] = []
    for anchor in anchors:
        if len(anchor.text) < _LONE_MIN_CHARS or anchor.url in listed:
            continue
        if not near_heading(anchor):
            continue
        if any(node_id in covered for node_id in anchor.chain_ids):
            continue
        if not context.is_article(anchor.url):
            continue
        if region_factor(anchor.chain, context) < 1:
            continue
        depth = -1
        for index, node in enumerate(anchor.chain[:-1]):
            if context.links_under[node.mem_id] > _LONE_MAX_LINKS or not _one_story(
                node, anchor.url, url_of
            ):
                break
            depth = index
        root = anchor.node if depth < 0 else anchor.chain[depth]
        card = Card(root=root, order=anchor.order)
        lone.append(CardList(anchor.chain[depth + 1], (card,), (anchor,), 0.0, 0.0))
        listed.add(anchor.url)
    return lone


def _one_story(node: LexborNode, url: str, url_of: dict[int, str]) -> bool:
    """Whether every text link under `node` leads to `url`."""
    return all(url_of.get(link.mem_id, url) == url for link in node.css("a[href]"))
