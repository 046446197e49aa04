"""Turn what automatic extraction found into CSS selectors a user can pin in config.yaml.

`tidings discover` prints these. The `items` selector must select exactly the cards found, in
page order: candidates run from short (`article.post`) to anchored (`div.posts > article.post`,
then one more ancestor at a time, stopping at an id), and the first whose matches are exactly
the cards wins. Several sections join as a selector list (`ul.news > li, div.more > article`)
when the same field selectors read them; a section that needs others is left out.

A candidate that also selects a few non-cards (an ad slot among the list items) is narrowed
with `:has(a[href])` or `:not(.their-class)`.

Field selectors are relative to a card and are checked on every card: the first candidate
(the node's `tag.class`, its bare tag, then with its ancestors inside the card) whose first
match gives the same value on all cards wins. `url` ends in `@href` and a date read from a
`<time datetime>` in `@datetime`, so `extract_page` with the spec returns the same URLs.
Classes that are not plain CSS identifiers (`md:w-1/2`) are left out rather than escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from scraper.parse.auto.cards import CardList
from scraper.parse.auto.fields import CardFields
from scraper.parse.document import resolve_link
from scraper.parse.selectors import SelectorSpec

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["derive_selectors"]

_IDENT = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")
_MAX_ANCESTORS = 6
_MIN_SHARE = 0.8  # an optional field's selector must reproduce it on this share of cards
_MIN_CARDS = 3
_MAX_EXCLUDED = 3  # non-cards a candidate may select and still be narrowed

_Check = Callable[[CardFields, "LexborNode"], bool]


def derive_selectors(
    tree: LexborHTMLParser,
    lists: Sequence[CardList],
    cards: Sequence[CardFields],
    *,
    base: str,
) -> SelectorSpec | None:
    """A spec whose `extract_page` gives the URLs of the cards of `lists` it can cover.

    The first list (best first) that can be reproduced sets the field selectors; another
    section joins when its own items selector is exact and its title and url selectors are the
    same. None when no list of three or more cards can be reproduced.
    """
    by_root = {fields.root.mem_id: fields for fields in cards}
    main: SelectorSpec | None = None
    items: list[str] = []
    for found in lists:
        section = [by_root[c.root.mem_id] for c in found.cards if c.root.mem_id in by_root]
        if len(section) < len(found.cards) or len(section) < _MIN_CARDS:
            continue
        if main is not None and not _reads(main, section, base):
            continue  # checked before the costlier items selector
        css = _items_selector(tree, [fields.root for fields in section])
        if css is None:
            continue
        if main is None:
            main = _spec(css, section, base)
            if main is None:
                continue
        items.append(css)
    return None if main is None else replace(main, items=", ".join(items))


def _reads(spec: SelectorSpec, cards: list[CardFields], base: str) -> bool:
    """Whether the spec's title and url selectors give these cards' title and URL."""
    url_css = spec.fields["url"].removesuffix("@href")
    same_url, same_title = _same_url(base), _same_node(lambda f: f.title_node)
    return all(
        _hits(fields, url_css, same_url) and _hits(fields, spec.fields["title"], same_title)
        for fields in cards
    )


def _spec(css: str, cards: list[CardFields], base: str) -> SelectorSpec | None:
    url = _field_selector(cards, lambda f: f.url_node, _same_url(base), required=True)
    title = _field_selector(cards, lambda f: f.title_node, _same_node(lambda f: f.title_node))
    if url is None or title is None:
        return None
    fields = {"title": title, "url": _with_attr(url, "href")}
    for name in ("summary", "date", "category"):
        selector = _optional_selector(cards, name)
        if selector is not None:
            fields[name] = selector
    return SelectorSpec(items=css, fields=fields)


def _optional_selector(cards: list[CardFields], name: str) -> str | None:
    def found_of(fields: CardFields) -> LexborNode | None:
        found = getattr(fields, name)
        return None if found is None else found.node

    nodes = [(fields, found_of(fields)) for fields in cards]
    having = [fields for fields, node in nodes if node is not None]
    if any(node is not None and node.mem_id == fields.root.mem_id for fields, node in nodes):
        return None  # text straight in the card: no selector isolates it
    if len(having) < _MIN_SHARE * len(cards):
        return None
    css = _field_selector(having, found_of, _same_node(found_of))
    if css is None:
        return None
    attrs = {getattr(fields, name).attr for fields in having}
    attr = attrs.pop() if len(attrs) == 1 else None
    return _with_attr(css, attr) if attr else css


def _with_attr(css: str, attr: str | None) -> str:
    return f"{css}@{attr}" if attr else css


def _same_url(base: str) -> _Check:
    def check(fields: CardFields, node: LexborNode) -> bool:
        url = resolve_link(node.attrs.get("href") or "", base)
        return url is not None and url.partition("#")[0] == fields.item.url

    return check


def _same_node(node_of: Callable[[CardFields], LexborNode | None]) -> _Check:
    def check(fields: CardFields, node: LexborNode) -> bool:
        wanted = node_of(fields)
        return wanted is not None and node.mem_id == wanted.mem_id

    return check


def _field_selector(
    cards: list[CardFields],
    node_of: Callable[[CardFields], LexborNode | None],
    check: _Check,
    *,
    required: bool = False,
) -> str | None:
    """The first candidate that reproduces the field on every card ("" = the card itself)."""
    first = cards[0]
    node = node_of(first)
    if node is None:
        return None
    for css in _relative_candidates(node, first.root):
        hits = sum(1 for fields in cards if _hits(fields, css, check))
        if hits == len(cards) or (not required and hits >= _MIN_SHARE * len(cards)):
            return css
    return None


def _hits(fields: CardFields, css: str, check: _Check) -> bool:
    node = fields.root if not css else fields.root.css_first(css)
    return node is not None and check(fields, node)


def _relative_candidates(node: LexborNode, root: LexborNode) -> list[str]:
    if node.mem_id == root.mem_id:
        return [""]
    path: list[LexborNode] = []
    current: LexborNode | None = node
    while current is not None and current.mem_id != root.mem_id:
        path.append(current)
        current = current.parent
    # Ids inside a card are per card (`h2#post-12`): only tags and classes carry over.
    own = _class_signature(node)
    candidates = [own, _tag(node)]
    for depth in range(2, min(len(path), _MAX_ANCESTORS) + 1):
        steps = list(reversed(path[:depth]))
        candidates.append(" > ".join(_tag(step) for step in steps))
        candidates.append(" > ".join(_class_signature(step) for step in steps))
    return list(dict.fromkeys(candidates))


def _items_selector(tree: LexborHTMLParser, roots: list[LexborNode]) -> str | None:
    """The shortest candidate selecting exactly `roots` (all share a tag and a parent)."""
    wanted = {root.mem_id for root in roots}
    common = set.intersection(*(set(_classes(root)) for root in roots))
    own = _tag(roots[0]) + "".join(f".{name}" for name in sorted(common))
    chain = own
    candidates = [own]
    parent = roots[0].parent
    for _ in range(_MAX_ANCESTORS):
        if parent is None or parent.tag in ("html", "-document"):
            break
        chain = f"{_signature(parent)} > {chain}"
        candidates.append(chain)
        if _ident(parent.attrs.get("id")):
            break
        parent = parent.parent
    for css in candidates:
        selected = tree.css(css)
        got = {node.mem_id for node in selected}
        if got == wanted:
            return css
        if not wanted <= got:
            break  # each next candidate only narrows this one
        if len(got) - len(wanted) > _MAX_EXCLUDED:
            continue
        for narrowed in _narrowed(css, [node for node in selected if node.mem_id not in wanted]):
            if {node.mem_id for node in tree.css(narrowed)} == wanted:
                return narrowed
    return None


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
        return f"{_tag(node)}#{node_id}"
    return _class_signature(node)


def _class_signature(node: LexborNode) -> str:
    return _tag(node) + "".join(f".{name}" for name in _classes(node))


def _tag(node: LexborNode) -> str:
    return node.tag or "*"


def _classes(node: LexborNode) -> list[str]:
    return [name for name in (node.attrs.get("class") or "").split() if _ident(name)]


def _ident(value: str | None) -> bool:
    return bool(value) and _IDENT.fullmatch(value or "") is not None
