"""The `items` selector of a pinned spec: CSS that selects exactly the cards found, no others.

Candidates run from short (`article.post`) to anchored (`div.posts > article.post`, then one
more ancestor at a time, stopping at an id), and the first whose matches are exactly the cards
wins. One that also selects a few non-cards (an ad slot among the list items) is narrowed with
`:has(a[href])` or `:not(.their-class)`. When no class or ancestor tells the cards apart (a run
of siblings among others, or a copy of another section's markup), the run is pinned with
`:nth-child(n+a):nth-child(-n+b)` (or one `:nth-child` per card when they alternate with
others) and each ancestor with its own `:nth-child(k)`. Classes that are not plain CSS
identifiers (`md:w-1/2`) are left out rather than escaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selectolax.lexbor import SelectolaxError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["MAX_ANCESTORS", "Select", "class_signature", "items_selector", "tag_name"]

_IDENT = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")
MAX_ANCESTORS = 6
_MAX_EXCLUDED = 3  # non-cards a candidate may select and still be narrowed
_MAX_PLACES = 12  # cards listed one `:nth-child` each when they alternate with others


class Select:
    """`tree.css` remembered per selector: sections try the same candidates over and over."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._found: dict[str, tuple[list[LexborNode], frozenset[int]]] = {}

    def nodes(self, css: str) -> list[LexborNode]:
        """The nodes `css` selects, in page order."""
        return self._lookup(css)[0]

    def ids(self, css: str) -> frozenset[int]:
        """The `mem_id`s of the nodes `css` selects."""
        return self._lookup(css)[1]

    def _lookup(self, css: str) -> tuple[list[LexborNode], frozenset[int]]:
        if css not in self._found:
            try:
                nodes = self._tree.css(css)
            except SelectolaxError:  # a tag name on broken markup that CSS cannot spell
                nodes = []
            self._found[css] = (nodes, frozenset(node.mem_id for node in nodes))
        return self._found[css]


def items_selector(select: Select, roots: list[LexborNode]) -> str | None:
    """The shortest candidate selecting exactly `roots` (all share a tag and a parent)."""
    wanted = {root.mem_id for root in roots}
    common = set.intersection(*(set(_classes(root)) for root in roots))
    own = tag_name(roots[0]) + "".join(f".{name}" for name in sorted(common))
    chain = own
    candidates = [own]
    parent = roots[0].parent
    for _ in range(MAX_ANCESTORS):
        if parent is None or parent.tag in ("html", "-document"):
            break
        chain = f"{_signature(parent)} > {chain}"
        candidates.append(chain)
        if _ident(parent.attrs.get("id")):
            break
        parent = parent.parent
    for css in candidates:
        selected = select.nodes(css)
        got = select.ids(css)
        if got == wanted:
            return css
        if not wanted <= got:
            break  # each next candidate only narrows this one
        if len(got) - len(wanted) > _MAX_EXCLUDED:
            continue
        for narrowed in _narrowed(css, [node for node in selected if node.mem_id not in wanted]):
            if select.ids(narrowed) == wanted:
                return narrowed
    return _positional(select, roots, own)


def _positional(select: Select, roots: list[LexborNode], own: str) -> str | None:
    """`own` pinned by position: the cards' run of siblings, then each ancestor's place.

    For a section that shares its parent with other cards, or sits in a copy of another
    section's markup (two `section.col > ul > li` side by side). Only used when the class
    and ancestor candidates cannot tell the cards apart.
    """
    places = [_place(root) for root in roots]
    leaves = [f"{own}:nth-child(n+{min(places)}):nth-child(-n+{max(places)})"]
    if min(places) == 1 and len(_elements(roots[0].parent)) == max(places):
        leaves = [own]  # every sibling: the ancestors' places alone tell the cards apart
    elif max(places) - min(places) + 1 > len(places) and len(places) <= _MAX_PLACES:
        listed = ", ".join(f":nth-child({place})" for place in places)
        leaves.append(f"{own}:is({listed})")  # the cards alternate with others
    for leaf in leaves:
        found = _placed_chain(select, roots, leaf)
        if found is not None:
            return found
    return None


def _placed_chain(select: Select, roots: list[LexborNode], leaf: str) -> str | None:
    """`leaf` under its ancestors, each pinned by its place, until it selects just `roots`."""
    wanted = {root.mem_id for root in roots}
    chain = leaf
    parent = roots[0].parent
    for _ in range(MAX_ANCESTORS + 1):
        got = select.ids(chain)
        if got == wanted:
            return chain
        if not wanted <= got or parent is None or parent.tag in ("html", "-document"):
            return None
        if _ident(parent.attrs.get("id")):
            chain = f"{_signature(parent)} > {chain}"
        else:
            chain = f"{_signature(parent)}:nth-child({_place(parent)}) > {chain}"
        parent = parent.parent
    return None


def _place(node: LexborNode) -> int:
    """The node's 1-based `:nth-child` index among its parent's elements."""
    elements = _elements(node.parent)
    return next((i for i, child in enumerate(elements, 1) if child.mem_id == node.mem_id), 1)


def _elements(parent: LexborNode | None) -> list[LexborNode]:
    """The element children of `parent` (what `:nth-child` counts)."""
    if parent is None:
        return []
    return [
        child for child in parent.iter(include_text=False) if not (child.tag or "-").startswith("-")
    ]


def _narrowed(css: str, extras: list[LexborNode]) -> list[str]:
    """`css` restricted to cards with a link, or without the classes only the extras have."""
    extra_classes = sorted({name for node in extras for name in _classes(node)})
    found = [f"{css}:has(a[href])"]
    if extra_classes and len(extra_classes) <= _MAX_EXCLUDED:
        found.append(css + "".join(f":not(.{name})" for name in extra_classes))
    return found


def _signature(node: LexborNode) -> str:
    node_id = node.attrs.get("id")
    if _ident(node_id):
        return f"{tag_name(node)}#{node_id}"
    return class_signature(node)


def class_signature(node: LexborNode) -> str:
    return tag_name(node) + "".join(f".{name}" for name in _classes(node))


def tag_name(node: LexborNode) -> str:
    """The node's tag for a selector; `*` for one that is no CSS name (`a<rticle` in broken
    markup), which the parent, class and position parts of the selector then pin down."""
    tag = node.tag or "*"
    return tag if _ident(tag) else "*"


def _classes(node: LexborNode) -> list[str]:
    return [name for name in (node.attrs.get("class") or "").split() if _ident(name)]


def _ident(value: str | None) -> bool:
    return bool(value) and _IDENT.fullmatch(value or "") is not None
