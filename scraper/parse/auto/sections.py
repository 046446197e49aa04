"""Which of a page's candidate card lists are its sections: the best one and those like it.

The best list is the main listing; every other list whose headline quality comes within
`SECTION_RATIO` of it, or whose cards are all full teasers (`teasers`: promo tiles headed
"Sea change" or "Hard landing"), is another section of the same page (news front pages),
as long as it overlaps no list already taken. A list whose cards climbed up around a taken
list's cards (a department's lead teaser whose card became the whole department box) is cut
down to its own stories first. Below the score floor, where pairs of links and short lists
lie, a list still counts when its cards are printed like a chosen section's (`shapes`): the
next department box's two headlines. The site's own downloads are no stories
(`scoring.is_download`), and a card that holds another chosen list's cards is cut down to
its own story.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scraper.parse.auto.anchors import Anchor
from scraper.parse.auto.blocks import BLOCK_TAGS, has_descendant, read_text
from scraper.parse.auto.cardlist import Card, CardList
from scraper.parse.auto.scoring import (
    TEASER_CHARS,
    is_download,
    looks_like_article,
    near_heading,
    region_factor,
)
from scraper.parse.auto.shapes import list_shape

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["SECTION_RATIO", "select_sections"]

# Another section must reach this share of the best list's headline quality (front-page
# sections of one site have alike headlines, rich or bare; menus and tag rows score far less),
# and in total at least `_MIN_SHARE` of its score (a pair of stray links is no section).
SECTION_RATIO = 0.4
_MIN_SHARE = 0.02
_MIN_FITTED = 2
_TEASER_TAGS = BLOCK_TAGS | {"img", "picture"}


def select_sections(lists: list[CardList], *, page_host: str) -> list[CardList]:
    """The page's sections among `lists` (sorted best first), each card its own story."""
    return _fit_around_nested(_without_downloads(_best_and_alike(lists, page_host), page_host))


def _best_and_alike(lists: list[CardList], page_host: str) -> list[CardList]:
    """The best list, then every list like it (see `SECTION_RATIO`) that overlaps none taken,
    then the lists below the score floor that repeat a chosen section's template (`shapes`):
    a department box's two headline links printed like the three of the box before. Such a
    list stands on its template alone, so it keeps only its links to stories (a call to send
    in photos beside a video is not one)."""
    if not lists or lists[0].score <= 0:
        return []
    best = lists[0]
    floor = best.score / best.dating * _MIN_SHARE  # the best's dates raise no bar for others
    quality_floor = best.headline_quality * SECTION_RATIO

    def is_alike(candidate: CardList) -> bool:
        return candidate.headline_quality >= quality_floor or candidate.teasers

    taken = _Taken({}, set(), set(), set())
    chosen: list[CardList] = []
    below = len(lists)
    for index, candidate in enumerate(lists):
        if candidate.score < floor or candidate.score <= 0:
            below = index
            break
        if is_alike(candidate):
            _take(candidate, taken, chosen)
    templates = [shape for found in chosen if (shape := list_shape(found)) is not None]
    for candidate in lists[below:]:
        if len(candidate.cards) < _MIN_FITTED:
            continue
        if not is_alike(candidate):
            continue
        shape = list_shape(candidate)
        if shape is None or not any(shape.is_alike(template) for template in templates):
            continue
        pairs = zip(candidate.cards, candidate.anchors, strict=True)
        stories = [(c, a) for c, a in pairs if looks_like_article(a.url, page_host)]
        if stories:
            cards, anchors = zip(*stories, strict=True)
            _take(replace(candidate, cards=tuple(cards), anchors=tuple(anchors)), taken, chosen)
    return chosen


@dataclass(frozen=True, slots=True)
class _Taken:
    """What the lists chosen so far hold, by element id (and URL)."""

    roots: dict[int, tuple[LexborNode, Anchor]]  # card roots by id: the root, its headline
    above: set[int]  # ancestors of card roots
    boxes: set[int]  # elements around a card's headline: the link, its ancestors
    urls: set[str]


def _take(candidate: CardList, taken: _Taken, chosen: list[CardList]) -> None:
    """Add `candidate` to `chosen` (cut down to its own stories if it overlaps), or not."""
    found = _fitted_below(candidate, taken) if _overlaps(candidate, taken) else candidate
    if found is None:
        return
    chosen.append(found)
    for card, anchor in zip(found.cards, found.anchors, strict=True):
        taken.roots[card.root.mem_id] = (card.root, anchor)
        taken.above.update(_ancestor_ids(card.root, anchor))
        taken.urls.add(anchor.url)
        taken.boxes.add(anchor.node.mem_id)
        taken.boxes.update(anchor.chain_ids)


def _fitted_below(found: CardList, taken: _Taken) -> CardList | None:
    """`found` with each card that holds taken cards, or is one, cut down to the highest
    element around its own headline that holds no taken card or headline (a department's
    lead teaser whose card became the whole department box), without the stories already
    taken. None when no card needed cutting (the overlap is of another kind), a card cannot
    be cut (its headline sits in a taken card's headline box), a card inside a taken one is
    a link in its running text, or fewer than two stories are left."""
    pairs = []
    cut = False
    for card, anchor in zip(found.cards, found.anchors, strict=True):
        if anchor.url in taken.urls:
            continue
        root: LexborNode | None = card.root
        inside = any(node_id in taken.roots for node_id in anchor.chain_ids)
        if card.root.mem_id in taken.above or card.root.mem_id in taken.roots:
            root = _cut_down(card, anchor, taken)
            cut = True
        if root is None or (inside and not _is_story_entry(root, anchor)):
            return None  # links in a taken card's running text are no stories of their own
        pairs.append((Card(root=root, order=card.order), anchor))
    if not cut or len(pairs) < _MIN_FITTED:
        return None
    cards, anchors = zip(*pairs, strict=True)
    return replace(found, cards=tuple(cards), anchors=tuple(anchors))


def _cut_down(card: Card, anchor: Anchor, taken: _Taken) -> LexborNode | None:
    """The highest element from `anchor` up to `card.root` that holds no taken card or
    taken headline, or None."""
    root = None
    nodes = (anchor.node, *anchor.chain)
    for node, node_id in zip(nodes, (anchor.node.mem_id, *anchor.chain_ids), strict=True):
        if node_id in taken.boxes or node_id in taken.roots:
            break
        root = node
        if node_id == card.root.mem_id:
            break
    return root


def _is_story_entry(root: LexborNode, anchor: Anchor) -> bool:
    """Whether a card inside a taken one is a story of its own, not a link in its text or a
    share bar: outside any navigation-like element of the card, a headline entry, a link in
    a heading, or a link that wraps blocks or a picture (a teaser)."""
    within = (
        anchor.chain[: anchor.chain_ids.index(root.mem_id) + 1]
        if root is not anchor.node and root.mem_id in anchor.chain_ids
        else ()
    )
    if region_factor(within) < 1:
        return False
    if near_heading(anchor) or has_descendant(anchor.node, _TEASER_TAGS):
        return True
    return _is_headline_entry(root, anchor)


def _without_downloads(chosen: list[CardList], page_host: str) -> list[CardList]:
    """The lists without their download cards (a new tool's page amid news teasers); a best
    list of downloads only is the page's listing (a publications page) and stays whole."""
    kept = []
    for rank, found in enumerate(chosen):
        pairs = list(zip(found.cards, found.anchors, strict=True))
        stories = [pair for pair in pairs if not is_download(pair[1].url, page_host)]
        if len(stories) == len(pairs) or (rank == 0 and not stories):
            kept.append(found)
        elif stories:
            cards, anchors = zip(*stories, strict=True)
            kept.append(replace(found, cards=tuple(cards), anchors=tuple(anchors)))
    return kept


def _overlaps(found: CardList, taken: _Taken) -> bool:
    """Whether `found` shares cards with the lists taken, or is only a part of their cards.

    A list that lies wholly inside taken cards is a section of its own, not a part of them,
    when it links none of those cards' stories, its cards are entries made of their headline
    link, not links in running text, and it lies beside the card's teaser, not in it
    (`_in_teaser`): the "more from this department" headline list under a department's lead
    teaser, whose card climbed up to the whole department box. A story it shares with a card
    elsewhere (a highlights box repeating an opinion piece) is listed twice, no more.
    """
    inside = 0
    around: dict[int, tuple[LexborNode, Anchor]] = {}  # the taken cards around `found`'s
    for card, anchor in zip(found.cards, found.anchors, strict=True):
        root_id = card.root.mem_id
        if root_id in taken.roots or root_id in taken.above:
            return True
        holders = [i for i in _ancestor_ids(card.root, anchor) if i in taken.roots]
        if holders:
            inside += 1
            around.update((i, taken.roots[i]) for i in holders)
    if inside == 0:
        return False
    pairs = zip(found.cards, found.anchors, strict=True)
    if not all(_is_headline_entry(card.root, anchor) for card, anchor in pairs):
        return True  # links in a card's running text, not a list of stories
    stories = {anchor.url for _, anchor in around.values()}
    if inside < len(found.cards) or any(anchor.url in stories for anchor in found.anchors):
        return True
    return any(_in_teaser(found, root, anchor) for root, anchor in around.values())


def _in_teaser(found: CardList, root: LexborNode, anchor: Anchor) -> bool:
    """Whether `found` lies in the teaser of the card (`root`, headline `anchor`) around it.

    Cut down to the highest element around its headline that holds none of `found`, the
    card would keep less than a teaser's worth of text besides links while it held more: the
    story's summary that its related links sit under is lost with them. A department box
    around its lead teaser and its headline lists keeps the lead teaser whole.
    """
    holding = {node_id for other in found.anchors for node_id in other.chain_ids}
    cut = anchor.node
    for node in anchor.chain:
        if node.mem_id in holding:
            break
        cut = node
        if node.mem_id == root.mem_id:
            break
    if _plain_chars(cut) >= TEASER_CHARS:
        return False
    listed = sum(_plain_chars(card.root) for card in found.cards)
    return _plain_chars(root) - listed >= TEASER_CHARS


def _plain_chars(node: LexborNode) -> int:
    """Characters of `node`'s text outside links."""
    return sum(len(block.text) - block.link_chars for block in read_text(node).blocks)


def _is_headline_entry(root: LexborNode, anchor: Anchor) -> bool:
    """Whether a card is a list entry made of its headline link: mostly link text, not a link
    in a paragraph (and not the bare link itself, which is what running text gives)."""
    if root.mem_id == anchor.node.mem_id:
        return False
    shown = len("".join(root.text().split()))
    return len("".join(anchor.text.split())) * 2 >= shown


def _fit_around_nested(chosen: list[CardList]) -> list[CardList]:
    """The lists, with each card that holds another list's cards cut down to its own story.

    A department's lead teaser climbs up to the whole department box when the box holds no
    other headline of its group; once the box's headline list is a section of its own
    (`_overlaps`), the lead card is the highest element around its headline that holds none
    of that list, so its category and teaser are its own.
    """
    roots = {card.root.mem_id for found in chosen for card in found.cards}
    holding: set[int] = set()  # elements that hold a card of another chosen list
    for found in chosen:
        for card, anchor in zip(found.cards, found.anchors, strict=True):
            above = _ancestor_ids(card.root, anchor)
            if not roots.isdisjoint(above):
                holding.update(above)
    if not holding:
        return chosen
    fitted = []
    for found in chosen:
        pairs = zip(found.cards, found.anchors, strict=True)
        cards = tuple(_fitted(card, anchor, holding) for card, anchor in pairs)
        fitted.append(replace(found, cards=cards))
    return fitted


def _fitted(card: Card, anchor: Anchor, holding: set[int]) -> Card:
    root_id = card.root.mem_id
    if root_id not in holding:
        return card
    root = anchor.node
    for node in anchor.chain:
        if node.mem_id == root_id or node.mem_id in holding:
            break
        root = node
    return Card(root=root, order=card.order)


def _ancestor_ids(root: LexborNode, anchor: Anchor) -> tuple[int, ...]:
    """The ids of `root`'s ancestors, read off the chain of the anchor that found it."""
    root_id = root.mem_id
    for index, node_id in enumerate(anchor.chain_ids):
        if node_id == root_id:
            return anchor.chain_ids[index + 1 :]
    return anchor.chain_ids
