"""Listing page -> RawItems with the CSS selectors a source's config names.

`items` selects the cards; each field selector then runs inside one card, and the first node
that yields a non-empty value wins (a card may carry its title twice, as an image's alt text and
as a heading, and the config picks which). A selector may end in `@attr` to read an attribute
instead of the text (`h3 a@href`); an empty selector before it (`@href`) reads the card itself.
Without `@attr`, a url field reads the href of a link, and a `<time datetime>` gives its
datetime attribute: the machine-readable value beats the visible text.

The page is parsed once; cards and fields are lookups in that one tree, never a reparse. A spec
is checked once and kept as a plan (cached), so a bad selector fails even on a page with no
cards, and fields that share a CSS selector (title and url from one link) share its lookup:
each lookup parses its selector anew in lexbor, and that is most of a field's cost. Values
stay as found (entities decoded, whitespace collapsed): cleaning is pipelines'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines import RawItem
from scraper.errors import ParseError
from scraper.parse.css import FIELD_NAMES, PAGE_SLOT, REQUIRED_FIELDS, css_problem, split_selector
from scraper.parse.document import base_url, link_of, node_text, parse_document, resolve_link
from scraper.parse.language import page_language
from scraper.parse.pagination import detect_next_page, follow_link, from_template

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "FIELD_NAMES",
    "REQUIRED_FIELDS",
    "ParsedPage",
    "SelectorSpec",
    "extract_page",
    "split_selector",
]


@dataclass(frozen=True, slots=True)
class SelectorSpec:
    """A source's selectors: `items` for the cards, `fields` inside each card, pagination.

    `fields` maps title and url (required) and optionally summary, date, category to a selector
    with an optional `@attr` suffix. `next_page` wins over `page_template` when both are set.
    """

    items: str
    fields: Mapping[str, str]
    next_page: str | None = None
    page_template: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """The cards of one page in document order, and the page that follows (None at the end).

    `language` is the page's `<html lang>` (for reading its dates); `strategy` says how the
    items were found: "selectors", "auto", "structured" or "feed".
    """

    items: list[RawItem]
    next_url: str | None
    language: str | None = None
    strategy: str = "selectors"


@dataclass(frozen=True, slots=True)
class _Selector:
    css: str  # "" selects the card itself
    attr: str | None


# Reads one node: (node, attr, base URL) -> value; `_url_value` for url, else `_text_value`.
_Reader = Callable[["LexborNode", str | None, str], str | None]
# The fields that share one CSS, each as (index in FIELD_NAMES, attr, reader).
_Group = tuple[str, tuple[tuple[int, str | None, _Reader], ...]]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A spec, checked: the items CSS, the fields grouped by CSS, the next-page selector.

    A group is one lookup per card whatever the number of fields it serves.
    """

    items: str
    groups: tuple[_Group, ...]
    next_page: _Selector | None


def extract_page(
    html: str,
    *,
    page_url: str,
    spec: SelectorSpec,
    page_number: int = 1,
    start_url: str | None = None,
) -> ParsedPage:
    """The cards on one listing page and the URL of the next page.

    `page_url` is where the page was fetched from (after redirects): links resolve against its
    `<base href>` or itself. `page_number` (1-based) and `start_url` (default: `page_url`) feed
    `page_template`, which yields a next page only when this page had cards; with neither
    configured, the next page is detected (`pagination.detect_next_page`). Raises ParseError
    for an invalid selector or a spec without a title or url field; malformed HTML never raises.
    """
    plan = _plan(spec, page_url)
    tree = parse_document(html)
    base = base_url(tree, page_url)
    cards = [_read_card(card, plan.groups, base) for card in tree.css(plan.items)]
    next_sel = plan.next_page
    if next_sel is not None:
        next_url = follow_link(tree, next_sel.css, next_sel.attr, base=base, page_url=page_url)
    elif spec.page_template is not None and cards:
        next_url = from_template(
            spec.page_template,
            start_url=start_url or page_url,
            page_number=page_number,
            page_url=page_url,
        )
    elif cards:  # nothing configured: detect rel=next, "next"/"older" links, page numbers
        next_url = detect_next_page(tree, page_url=page_url)
    else:
        next_url = None
    return ParsedPage(items=cards, next_url=next_url, language=page_language(tree))


def _plan(spec: SelectorSpec, page_url: str) -> _Plan:
    """The spec's plan, checked once per distinct spec (a crawl reads many pages per source)."""
    try:
        return _cached_plan(
            spec.items, tuple(spec.fields.items()), spec.next_page, spec.page_template
        )
    except _SpecError as exc:
        raise ParseError(page_url, str(exc)) from None


class _SpecError(ValueError):
    """A spec problem without the page it was met on (plans are shared between pages)."""


@lru_cache(maxsize=256)
def _cached_plan(
    items_selector: str,
    fields: tuple[tuple[str, str], ...],
    next_page: str | None,
    page_template: str | None,
) -> _Plan:
    items = _compile(items_selector)
    if items.attr is not None or not items.css:
        raise _SpecError(f"invalid selector {items_selector!r}: items must select elements")
    named = dict(fields)
    for name in named:
        if name not in FIELD_NAMES:
            raise _SpecError(f"unknown field {name!r} (known: {', '.join(FIELD_NAMES)})")
    missing = sorted(REQUIRED_FIELDS - set(named))
    if missing:
        raise _SpecError(f"fields need a {missing[0]!r} selector")
    groups: dict[str, list[tuple[int, str | None, _Reader]]] = {}
    for index, name in enumerate(FIELD_NAMES):
        if name in named:
            sel = _compile(named[name])
            read = _url_value if name == "url" else _text_value
            groups.setdefault(sel.css, []).append((index, sel.attr, read))
    next_sel = None if next_page is None else _compile(next_page)
    if next_sel is not None and not next_sel.css:
        raise _SpecError(f"invalid selector {next_page!r}: empty")
    if page_template is not None and PAGE_SLOT not in page_template:
        raise _SpecError(f"page_template {page_template!r} has no {PAGE_SLOT}")
    grouped = tuple((css, tuple(readers)) for css, readers in groups.items())
    return _Plan(items.css, grouped, next_sel)


def _compile(selector: str) -> _Selector:
    """The selector split at its `@attr`; _SpecError if lexbor cannot parse its CSS."""
    css, attr = split_selector(selector)
    problem = css_problem(selector)
    if problem is not None:
        raise _SpecError(f"invalid selector {selector!r}: {problem}")
    return _Selector(css, attr)


def _read_card(card: LexborNode, groups: tuple[_Group, ...], base: str) -> RawItem:
    """One card's fields: per field, the first node (in page order) with a non-empty value."""
    values: list[str | None] = [None] * len(FIELD_NAMES)
    for css, readers in groups:
        if not css:  # the card itself, its value as read (even an empty one)
            for index, attr, read in readers:
                values[index] = read(card, attr, base)
            continue
        first = card.css_first(css)  # one match is the common case: skip building the list
        if first is None:
            continue
        rest: list[LexborNode] | None = None
        for index, attr, read in readers:
            value = read(first, attr, base)
            if not value:
                if rest is None:
                    rest = card.css(css)[1:]
                value = _first_value(rest, attr, read, base)
            values[index] = value or None
    return RawItem(*values)


def _first_value(nodes: list[LexborNode], attr: str | None, read: _Reader, base: str) -> str | None:
    for node in nodes:
        value = read(node, attr, base)
        if value:
            return value
    return None


def _url_value(node: LexborNode, attr: str | None, base: str) -> str | None:
    raw = node.attrs.get(attr) if attr is not None else (link_of(node) or node_text(node))
    return resolve_link(raw, base) if raw else None


def _text_value(node: LexborNode, attr: str | None, _base: str) -> str | None:
    if attr is not None:
        raw = node.attrs.get(attr)
        return " ".join(raw.split()) if raw else None
    if node.tag == "time":
        stamp = node.attrs.get("datetime")
        if stamp and stamp.strip():
            return stamp.strip()
    return node_text(node) or None
