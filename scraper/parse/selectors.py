"""Listing page -> RawItems with the CSS selectors a source's config names.

`items` selects the cards; each field selector then runs inside one card, and the first node
that yields a non-empty value wins (a card may carry its title twice, as an image's alt text and
as a heading, and the config picks which). A selector may end in `@attr` to read an attribute
instead of the text (`h3 a@href`); an empty selector before it (`@href`) reads the card itself.
Without `@attr`, a url field reads the href of a link, and a `<time datetime>` gives its
datetime attribute: the machine-readable value beats the visible text.

The page is parsed once; cards and fields are lookups in that one tree, never a reparse.
Selectors are checked once per distinct string (cached), so a bad one fails even on a page with
no cards. Values stay as found (entities decoded, whitespace collapsed): cleaning is pipelines'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipelines import RawItem
from scraper.css import css_problem, split_selector
from scraper.errors import ParseError
from scraper.parse.document import base_url, link_of, node_text, parse_document, resolve_link
from scraper.parse.language import page_language
from scraper.parse.nextpage import detect_next_page
from scraper.parse.pagination import PAGE_SLOT, follow_link, from_template

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

FIELD_NAMES = ("title", "url", "summary", "date", "category")
REQUIRED_FIELDS = frozenset({"title", "url"})


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
    configured, the next page is detected (`nextpage`). Raises ParseError
    for an invalid selector or a spec without a title or url field; malformed HTML never raises.
    """
    items_css, fields, next_sel = _compile_spec(spec, page_url)
    tree = parse_document(html)
    base = base_url(tree, page_url)
    cards = [_read_card(card, fields, base) for card in tree.css(items_css)]
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


def _compile_spec(
    spec: SelectorSpec, page_url: str
) -> tuple[str, tuple[tuple[str, _Selector], ...], _Selector | None]:
    items = _compile(spec.items, page_url)
    if items.attr is not None or not items.css:
        raise ParseError(page_url, f"invalid selector {spec.items!r}: items must select elements")
    for name in spec.fields:
        if name not in FIELD_NAMES:
            raise ParseError(page_url, f"unknown field {name!r} (known: {', '.join(FIELD_NAMES)})")
    missing = sorted(REQUIRED_FIELDS - set(spec.fields))
    if missing:
        raise ParseError(page_url, f"fields need a {missing[0]!r} selector")
    fields = tuple(
        (name, _compile(spec.fields[name], page_url)) for name in FIELD_NAMES if name in spec.fields
    )
    next_sel = None if spec.next_page is None else _compile(spec.next_page, page_url)
    if next_sel is not None and not next_sel.css:
        raise ParseError(page_url, f"invalid selector {spec.next_page!r}: empty")
    if spec.page_template is not None and PAGE_SLOT not in spec.page_template:
        raise ParseError(page_url, f"page_template {spec.page_template!r} has no {PAGE_SLOT}")
    return items.css, fields, next_sel


def _compile(selector: str, page_url: str) -> _Selector:
    compiled, problem = _checked(selector)
    if problem is not None:
        raise ParseError(page_url, f"invalid selector {selector!r}: {problem}")
    return compiled


def _checked(selector: str) -> tuple[_Selector, str | None]:
    """The split selector and, if lexbor cannot parse its CSS, why (cached by `css_problem`)."""
    css, attr = split_selector(selector)
    return _Selector(css, attr), css_problem(selector)


def _read_card(card: LexborNode, fields: tuple[tuple[str, _Selector], ...], base: str) -> RawItem:
    values = {name: _field_value(card, name, sel, base) for name, sel in fields}
    return RawItem(
        title=values.get("title"),
        url=values.get("url"),
        summary=values.get("summary"),
        date=values.get("date"),
        category=values.get("category"),
    )


def _field_value(card: LexborNode, name: str, sel: _Selector, base: str) -> str | None:
    read = _url_value if name == "url" else _text_value
    if not sel.css:
        return read(card, sel.attr, base)
    first = card.css_first(sel.css)  # one match is the common case: skip building the list
    if first is None:
        return None
    value = read(first, sel.attr, base)
    if value:
        return value
    for node in card.css(sel.css)[1:]:
        value = read(node, sel.attr, base)
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
