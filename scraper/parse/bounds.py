"""How much tree a page may ask the parser to build: bounded depth and element count.

An HTML tree builder checks the stack of open elements on every start tag, so its work grows
with depth times elements: lexbor took 18 s for 120,000 nested `<div>` (6 MB would take
twenty minutes), holding the thread, the event loop and the signal handler with it. A million
flat `<i></i>` parse fast but take 400 MB of nodes, and automatic extraction costs ~40 us per
element (a 3 MB page of 40,000 cards: 7 s). No listing needs either, so a page past
`MAX_DEPTH` or `MAX_ELEMENTS` fails with PageTooComplex before it is parsed; what is left is
bounded to a few seconds, which a stop signal can wait for (the page in hand is finished).

Depth is estimated from the tags alone, one regex pass that stops at the first depth past the
bound: void elements and those the tree builder closes by itself (`p`, `li`, `td`, ...) are
not counted, and a stray end tag never takes the count below zero. The estimate can only run
high on misnested markup, and the bound is far above any real page's depth (tens).
"""

from __future__ import annotations

import re

from scraper.errors import PageTooComplex

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "check_bounds", "estimated_depth"]

MAX_DEPTH = 4096  # lexbor: about 12 ms of stack checks at this depth
MAX_ELEMENTS = 100_000  # ~4 s of automatic extraction here; a large real listing has 10,000-30,000

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source")
_SELF_CLOSING = ("p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp")
_SECTIONS = ("tbody", "thead", "tfoot", "colgroup", "caption", "track", "wbr")
# void elements (HTML Standard §13.1.2) and ones closed implicitly by their siblings
_NOT_NESTING = frozenset(_VOID + _SELF_CLOSING + _SECTIONS)


def estimated_depth(html: str, *, stop_above: int | None = None) -> int:
    """The deepest nesting the tags alone tell, or the first depth past `stop_above`; a lazy
    scan, so a page of a million tags costs no list of them."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        close, name = match.groups()
        if name.lower() in _NOT_NESTING:
            continue
        if close:
            depth -= 1 if depth else 0
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


def check_bounds(html: str, *, url: str) -> None:
    """PageTooComplex when `html` has over MAX_ELEMENTS tags or nests deeper than MAX_DEPTH.

    The element count is taken from `<` characters, in C: a page of millions of tags is
    refused before the per-tag depth scan, which so walks a bounded number of them and stops
    as soon as the depth bound is passed.
    """
    opening = html.count("<")
    if opening <= MAX_DEPTH:  # too few tags to break either bound: skip the scan
        return
    tags = opening - html.count("</")  # start tags, plus any stray "<" in text
    if tags > MAX_ELEMENTS:
        raise PageTooComplex(url, f"{tags} elements, more than the {MAX_ELEMENTS} we parse")
    if estimated_depth(html, stop_above=MAX_DEPTH) > MAX_DEPTH:
        raise PageTooComplex(url, f"elements nested more than {MAX_DEPTH} deep, past what we parse")
