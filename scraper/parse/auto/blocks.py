"""The visible text of a subtree as a reader sees it: runs of text split at block boundaries.

`node.text(separator=" ")` puts a space between every two text nodes, so "<mark>map</mark>()"
reads "map ()"; `separator=""` glues paragraphs together. A browser does neither: inline
elements join without a gap, block elements start a new line and `<br>` is a space.
`read_text` walks a card once (lexbor's own traversal; each node's facts come from its
parent's, so nothing climbs the tree) and returns one `Block` per block-level run, with how
much of it is link text, which is what tells a teaser from a row of tag links.

The walk also answers the other questions a card asks of its text in the same pass: where a
skipped subtree (the title) sat among the blocks, which text lies inside bylines (`mark`), and
which elements carry a telling class (`label`). An element that holds the title is a wrapper
of the whole card, whatever its class says ("post-meta"), so it marks no byline or meta line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "BLOCK_TAGS",
    "LABELLED",
    "MARKED",
    "META",
    "Block",
    "CardText",
    "has_descendant",
    "inline_text",
    "read_text",
]

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"noscript", "select", "option", "button", "svg", "iframe", "img"})
_WALK_NEEDED = BLOCK_TAGS | _SKIPPED_TAGS | {"br"}
MARKED = 1  # `classify` flag: leave this element's text out of `Block.plain`
META = 4  # `classify` flag: count this element's text in `Block.meta_chars`
LABELLED = 2  # `classify` flag: report this element in `CardText.labelled`


@dataclass(frozen=True, slots=True)
class Block:
    """One run of text between block boundaries.

    `text` is all of it; `plain` leaves out what lies inside marked elements (bylines).
    `link_chars` of `text` are inside `<a>` elements other than the `plain_links` of the walk,
    `meta_chars` inside meta-line elements (`META`).
    """

    text: str
    plain: str
    link_chars: int
    meta_chars: int
    node: LexborNode  # the nearest block-level element around the run

    @property
    def link_density(self) -> float:
        """Share of the text that is link text: 1.0 for a row of tag links, ~0 for a teaser."""
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True, slots=True)
class CardText:
    """What one walk of a card found (see `read_text`)."""

    blocks: list[Block]
    skipped_at: int | None  # blocks before the first skipped subtree (the title), or None
    labelled: list[LexborNode]  # elements `label` accepted, in document order


@dataclass(slots=True)
class _Run:
    block: LexborNode
    parts: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    link_chars: int = 0
    meta_chars: int = 0


def read_text(
    root: LexborNode,
    *,
    skip: Collection[LexborNode] = (),
    plain_links: Collection[LexborNode] = (),
    classify: Callable[[LexborNode], int] | None = None,
) -> CardText:
    """Walk `root` once: its text blocks (whitespace collapsed, empties dropped) and more.

    Subtrees in `skip` are left out; `plain_links` (a link wrapping the whole card, a teaser
    linked to the story itself) do not count as link text. `classify` returns flags per
    element: with `MARKED` its text is left out of `Block.plain` (bylines), with `META` it
    counts in `Block.meta_chars` (meta lines), with `LABELLED` it is reported in
    `CardText.labelled`.
    """
    walk = _Walk(root, skip, plain_links, classify)
    nodes = root.traverse(include_text=True)
    next(nodes)  # root itself
    for node in nodes:
        tag = node.tag
        if tag == "-text":
            walk.text(node)
        elif tag != "-comment":
            walk.element(node, tag or "")
    return walk.finish()


class _Walk:
    """The state of one `read_text` walk; each node's facts derive from its parent's."""

    def __init__(
        self,
        root: LexborNode,
        skip: Collection[LexborNode],
        plain_links: Collection[LexborNode],
        classify: Callable[[LexborNode], int] | None,
    ) -> None:
        self.root = root
        self.skip_ids = {node.mem_id for node in skip}  # ids: comparing nodes serialises them
        self.around_skip = _ancestor_ids(skip, root)
        self.plain_ids = {node.mem_id for node in plain_links}
        self.classify = classify
        # mem_id -> (nearest block, inside a link, skipped, flags), parents before children
        in_link = root.tag == "a" and root.mem_id not in self.plain_ids
        self.facts: dict[int, tuple[LexborNode, bool, bool, int]] = {
            root.mem_id: (root, in_link, False, 0)
        }
        self.blocks: list[Block] = []
        self.labelled: list[LexborNode] = []
        self.skipped_at: int | None = None
        self.run = _Run(root)

    def text(self, node: LexborNode) -> None:
        block, in_link, skipped, flags = self.facts[_parent_id(node, self.root)]
        if skipped:
            return
        if block.mem_id != self.run.block.mem_id:
            self.run = _flush(self.run, self.blocks, block)
        _add_text(self.run, node.text_content or "", in_link=in_link, flags=flags)

    def element(self, node: LexborNode, tag: str) -> None:
        block, in_link, skipped, flags = self.facts[_parent_id(node, self.root)]
        node_id = node.mem_id
        if not skipped and node_id in self.skip_ids:
            self.run = _flush(self.run, self.blocks, block)
            if self.skipped_at is None:
                self.skipped_at = len(self.blocks)
        skipped = skipped or node_id in self.skip_ids or tag in _SKIPPED_TAGS
        if tag in BLOCK_TAGS:
            block = node
            if not skipped:
                self.run = _flush(self.run, self.blocks, node)
        elif tag == "br" and not skipped:
            _add_text(self.run, " ", in_link=False, flags=0)
        in_link = in_link or (tag == "a" and node_id not in self.plain_ids)
        own = self.classify(node) if self.classify is not None and not skipped else 0
        if own and node_id in self.around_skip:
            own &= LABELLED  # a wrapper classed "post-meta" around the title is no meta line
        self.facts[node_id] = (block, in_link, skipped, flags | (own & ~LABELLED))
        if own & LABELLED:
            self.labelled.append(node)

    def finish(self) -> CardText:
        _flush(self.run, self.blocks, self.root)
        return CardText(blocks=self.blocks, skipped_at=self.skipped_at, labelled=self.labelled)


def _ancestor_ids(skip: Collection[LexborNode], root: LexborNode) -> set[int]:
    """Ids of the elements between `root` (excluded) and each skipped subtree (included)."""
    found: set[int] = set()
    root_id = root.mem_id
    for node in skip:
        current: LexborNode | None = node
        while current is not None and current.mem_id != root_id and current.mem_id not in found:
            found.add(current.mem_id)
            current = current.parent
    return found


def _parent_id(node: LexborNode, root: LexborNode) -> int:
    parent = node.parent  # never None below the walk's root; the root stands in if it were
    return (parent if parent is not None else root).mem_id


def _add_text(run: _Run, text: str, *, in_link: bool, flags: int) -> None:
    run.parts.append(text)
    if not flags & MARKED:
        run.plain.append(text)
    if in_link:
        run.link_chars += len(text.strip())
    if flags & META:
        run.meta_chars += len(text.strip())


def _flush(run: _Run, blocks: list[Block], next_block: LexborNode) -> _Run:
    text = " ".join("".join(run.parts).split())
    if text:
        plain = " ".join("".join(run.plain).split())
        links, meta = min(run.link_chars, len(text)), min(run.meta_chars, len(text))
        blocks.append(Block(text, plain, links, meta, run.block))
    return _Run(next_block)


def has_descendant(node: LexborNode, tags: Collection[str]) -> bool:
    """Whether an element below `node` has one of `tags` (a Python walk beats compiling CSS)."""
    walk = node.traverse()
    next(walk, None)  # the node itself
    return any(child.tag in tags for child in walk)


def inline_text(node: LexborNode) -> str:
    """All visible text under `node` as one line: blocks joined by a space, inline glued.

    Most links and headings hold only inline elements; lexbor joins their text in C, and only
    a subtree with a block, a `<br>` or something to skip takes the walk.
    """
    if not has_descendant(node, _WALK_NEEDED):
        return " ".join(node.text().split())
    return " ".join(block.text for block in read_text(node).blocks)
