"""Turn what automatic extraction found into CSS selectors a user can pin in config.yaml.

`tidings discover` prints these, and `extract_page` with them must give the automatic items.
The `items` selector selects exactly the cards found (`selectors_items` derives it). Cards are
grouped by parent (lists under one parent count as one section, as a class selects their
union) and each group gets its own selector; the groups join as a selector list
(`ul.news > li, div.more > article`), which lexbor matches in page order, so the pinned items
keep the automatic order. A section whose cards read with other title/url selectors widens
those to selector lists (`selectors_join`); a section that cannot be read or selected exactly
is left out. The main list must have three cards; a later section may have one.

Field selectors are relative to a card and are checked on every card: the first candidate
(the node's `tag.class`, its bare tag, then with its ancestors inside the card) whose first
match gives the same value on all cards wins. `url` ends in `@href` and a date read from a
`<time datetime>` in `@datetime`, so `extract_page` with the spec returns the same URLs.
Classes that are not plain CSS identifiers (`md:w-1/2`) are left out rather than escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from scraper.parse.auto.cardlist import CardList
from scraper.parse.auto.cardtext import Found, holds
from scraper.parse.auto.fields import CardFields
from scraper.parse.auto.selectors_items import (
    MAX_ANCESTORS,
    Select,
    class_signature,
    items_selector,
    tag_name,
)
from scraper.parse.auto.selectors_join import FieldParts, Part, joined_parts, render
from scraper.parse.css import split_selector
from scraper.parse.document import resolve_link
from scraper.parse.selectors import SelectorSpec

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["derive_selectors"]

_MIN_SHARE = 0.8  # an optional field's selector must reproduce it on this share of cards
_MIN_CARDS = 3
_JOINED = ("title", "url")  # the fields every section must read
# Sections tried, best first: each one joined widens the selector lists that every later one
# is checked against, so a front page of forty small sections would cost quadratic time. The
# rest are left out of the spec (`tidings discover` says how many cards it leaves out).
_MAX_SECTIONS = 16

_Check = Callable[[CardFields, "LexborNode"], bool]


def derive_selectors(
    tree: LexborHTMLParser,
    lists: Sequence[CardList],
    cards: Sequence[CardFields],
    *,
    base: str,
) -> SelectorSpec | None:
    """A spec whose `extract_page` gives the URLs of the cards of `lists` it can cover.

    The first list (best first) of three or more cards that can be reproduced sets the field
    selectors. Another section, of any size, joins when its own items selector is exact and
    the title and url selectors, widened to selector lists by its own if need be, still read
    every card taken so far. None when no list of three or more cards can be reproduced.
    Only the best `_MAX_SECTIONS` sections are tried.
    """
    by_root = {fields.root.mem_id: fields for fields in cards}
    select = Select(tree)
    main: SelectorSpec | None = None
    parts: FieldParts = {}
    taken: list[CardFields] = []
    groups: dict[int, list[LexborNode]] = {}  # the taken cards by parent, and their selectors
    chosen: dict[int, str] = {}
    for section in _sections(lists, by_root)[:_MAX_SECTIONS]:
        if not section or (main is None and len(section) < _MIN_CARDS):
            continue
        as_is = main is not None and _reads(main, section, base)
        own = None if as_is else _spec("", section, base)
        if own is None and not as_is:
            continue  # checked before the costlier items selectors
        grown = _grown(groups, section)
        found_css = {key: items_selector(select, roots) for key, roots in grown.items()}
        if None in found_css.values():
            continue
        scopes = tuple(dict.fromkeys(css for css in found_css.values() if css is not None))
        read = _read_by(main, parts, own, section, taken=taken, scopes=scopes, base=base)
        if read is None:
            continue
        main, parts = read
        taken.extend(section)
        groups.update(grown)
        chosen.update({key: css for key, css in found_css.items() if css is not None})
    if main is None:
        return None
    return replace(main, items=", ".join(dict.fromkeys(chosen.values())))


def _sections(lists: Sequence[CardList], by_root: dict[int, CardFields]) -> list[list[CardFields]]:
    """The read cards of each list, best first; lists under one parent join the first of them.

    Two lists sharing a parent (cards told apart by their links) are usually one section to
    a selector: their union is what a class selects.
    """
    merged: dict[int, list[tuple[int, CardFields]]] = {}
    for found in lists:
        section = [
            (c.order, by_root[c.root.mem_id]) for c in found.cards if c.root.mem_id in by_root
        ]
        merged.setdefault(found.parent.mem_id, []).extend(section)
    return [
        [fields for _, fields in sorted(pairs, key=lambda pair: pair[0])]
        for pairs in merged.values()
    ]


def _read_by(
    main: SelectorSpec | None,
    parts: FieldParts,
    own: SelectorSpec | None,
    section: list[CardFields],
    *,
    taken: list[CardFields],
    scopes: tuple[str, ...],
    base: str,
) -> tuple[SelectorSpec, FieldParts] | None:
    """The spec and title/url parts once `section` joins: `own` sets them, widens them, or
    (None: the spec reads the section as is) the section's own selectors are kept out of sight
    in case other sections later need every part scoped."""
    if own is None:
        mine = _own_fields(section, base)
        if main is None:
            return None
        if mine is None or not all(mine.values()):
            return main, parts  # "" (the card itself) could never be scoped
        latent = {name: (*parts[name], Part(scopes, mine[name], latent=True)) for name in _JOINED}
        return main, latent
    mine = {name: split_selector(own.fields[name])[0] for name in _JOINED}
    if main is None:
        return own, {name: (Part(scopes, mine[name]),) for name in _JOINED}
    widened = joined_parts(parts, mine, scopes, _reader(main, parts, section, taken, base))
    return None if widened is None else (_with_parts(main, widened), widened)


def _own_fields(section: list[CardFields], base: str) -> dict[str, str] | None:
    """The section's own title and url selectors (without `@href`), if it has them."""
    url = _field_selector(section, lambda f: f.url_node, _same_url(base), required=True)
    same_title = _same_node(lambda f: f.title_node)
    title = _field_selector(section, lambda f: f.title_node, same_title)
    return None if url is None or title is None else {"title": title, "url": url}


def _reader(
    spec: SelectorSpec,
    before: FieldParts,
    section: list[CardFields],
    taken: list[CardFields],
    base: str,
) -> Callable[[FieldParts], bool]:
    """Whether `spec` with the given parts reads `section` and still reads `taken`.

    `taken` read with `before`; when a way only appends a part, a taken card in which that part
    matches nothing reads the same as before, so only the others are checked again.
    """

    def reads(way: FieldParts) -> bool:
        wider = _with_parts(spec, way)
        if not _reads(wider, section, base):
            return False
        if any(way[name][:-1] != before[name] for name in _JOINED):
            return _reads(wider, taken, base)
        added = [css for css in (way[name][-1].render() for name in _JOINED) if css]
        touched = [f for f in taken if any(f.root.css_first(css) is not None for css in added)]
        return _reads(wider, touched, base)

    return reads


def _with_parts(spec: SelectorSpec, parts: FieldParts) -> SelectorSpec:
    fields = dict(spec.fields)
    fields["title"] = render(parts["title"])
    fields["url"] = _with_attr(render(parts["url"]), "href")
    return replace(spec, fields=fields)


def _grown(
    groups: dict[int, list[LexborNode]], section: list[CardFields]
) -> dict[int, list[LexborNode]]:
    """The parent groups `section` adds to: siblings of taken cards share one selector."""
    grown: dict[int, list[LexborNode]] = {}
    for fields in section:
        parent = fields.root.parent
        key = -1 if parent is None else parent.mem_id
        if key not in grown:
            grown[key] = list(groups.get(key, []))
        grown[key].append(fields.root)
    return grown


def _reads(spec: SelectorSpec, cards: list[CardFields], base: str) -> bool:
    """Whether the spec's title and url selectors give these cards' title and URL."""
    url_css = split_selector(spec.fields["url"])[0]
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
        found: Found | None = getattr(fields, name)
        if found is None or not holds(fields.root, found.node):
            return None  # read beside the card (`beside`): no card-relative selector reaches it
        return found.node

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
    own = class_signature(node)
    candidates = [own, tag_name(node)]
    for depth in range(2, min(len(path), MAX_ANCESTORS) + 1):
        steps = list(reversed(path[:depth]))
        candidates.append(" > ".join(tag_name(step) for step in steps))
        candidates.append(" > ".join(class_signature(step) for step in steps))
    return list(dict.fromkeys(candidates))
