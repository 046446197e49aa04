"""What a reader does not see: hidden panels and screen-reader-only text, found before parsing.

A listing page carries more than it shows. Tab panels and collapsed menus wait behind
`display:none`, `visibility:hidden` or the `hidden` attribute until a script reveals them, and
headline links carry text meant for screen readers only ("Video, duration 8:13"), clipped to a
1px box by a class. Neither is what a person reads as the page's listing, so:

- `drop_unseen` removes, once per page, the elements hidden by the `hidden` attribute or an
  inline style, and the elements whose class the page's own style sheet (or a well-known
  convention such as `sr-only`) clips out of sight. What remains is the text a reader sees.
- `is_unseen_chain` tells the anchor reader that a link sits under `aria-hidden="true"`: such
  links are duplicates for pointer users (an image link beside the headline) or blocks taken out
  of the reading order, never a card's headline. Their text stays in place: `aria-hidden` on a
  visible headline span only hides it from screen readers.

- `reveal_noscript` reads a `<noscript>` that is all its element holds once the scripts are
  gone: the no-script copy of content a script renders from a template (Blogger's post bodies),
  which is the text a reader sees either way. A `<noscript>` beside other text (a page's
  "enable JavaScript" notice) stays out of the card text.

Style sheets are read in one pass over their braces per `<style>` element (the first
`_MAX_STYLE_CHARS` of each), before the parse strips them; rules inside `@media` and other
at-rule blocks are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["aria_hidden_ids", "drop_unseen", "hidden_style_classes", "reveal_noscript"]

# Class names that by common convention mean "for screen readers only" (Bootstrap, WordPress,
# Drupal, HTML5 Boilerplate, Foundation, GOV.UK ...), folded to lower case.
_READER_ONLY = frozenset(
    {
        "sr-only", "screen-reader-text", "screen-reader-only", "visually-hidden",
        "visuallyhidden", "element-invisible", "show-for-sr", "a11y-hidden", "u-hidden",
        "hidden-visually", "govuk-visually-hidden", "offscreen", "assistive-text",
        "is-hidden", "hidden", "d-none", "invisible", "sr-text",
    }
)  # fmt: skip
_INLINE_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A rule that takes its element out of sight: clipped to nothing, shrunk to 1px and clipped,
# pushed far off-screen, or not displayed at all.
_HIDING_RULE = re.compile(
    r"clip\s*:\s*rect\(\s*(?:0|1px)[\s,]+(?:0|1px)|clip-path\s*:\s*inset\(\s*(?:50|100)%"
    r"|display\s*:\s*none|visibility\s*:\s*hidden|(?:left|text-indent)\s*:\s*-\d{4,}px",
    re.IGNORECASE,
)
_BRACES = re.compile(r"[{}]")
_MAX_SELECTOR_CHARS = 300
_FEW_LINKS = 10  # on a page this small, half of its links is no evidence of its body
_SIMPLE_CLASS = re.compile(r"^\s*\.([A-Za-z_][\w-]*)\s*$")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MAX_STYLE_CHARS = 200_000
_UNSEEN_SELECTOR = "[hidden], [style*='none' i], [style*='hidden' i]"


def hidden_style_classes(tree: LexborHTMLParser) -> frozenset[str]:
    """Class names that a `<style>` rule of the page hides, selected by the class alone.

    Only top-level rules whose selector is one bare class (`.bbc-m04vo2`, `.sr-only`) count:
    a rule for `.menu .sub` hides a menu's submenu in one state, and a rule inside `@media`
    hides a column on small screens only, not for every reader.
    """
    found: set[str] = set()
    for node in tree.css("style"):
        sheet = (node.text() or "")[:_MAX_STYLE_CHARS]
        for selectors, body in _top_level_rules(sheet):
            if _HIDING_RULE.search(body) is None:
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_CLASS.match(selector)
                if match is not None:
                    found.add(match.group(1))
    return frozenset(found)


def _top_level_rules(sheet: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of the rules outside any at-rule block, in one pass."""
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0  # where the current top-level selector text begins
    opened = 0  # where the current top-level block's declarations begin
    for brace in _BRACES.finditer(sheet):
        at = brace.start()
        if brace.group() == "{":
            if depth == 0:
                opened = at + 1
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                selectors = sheet[start : opened - 1]
                if "@" not in selectors and "{" not in sheet[opened:at]:
                    rules.append((selectors[-_MAX_SELECTOR_CHARS:], sheet[opened:at]))
                start = at + 1
    return rules


def drop_unseen(tree: LexborHTMLParser, hidden_classes: frozenset[str]) -> None:
    """Remove the elements a reader never sees (see the module docstring) from `tree`.

    `hidden_classes` are the page's own hiding classes (`hidden_style_classes`, read before
    `<style>` bodies are stripped). The `body` and `html` elements are never removed, nor an
    element that holds half the page's links: a page that hides its content until a script
    runs still has a listing.
    """
    classes = _READER_ONLY | hidden_classes
    names = [f".{name}" for name in sorted(classes) if _IDENT.fullmatch(name)]
    # One query, so the hits come in document order: an outer element before its insides.
    inside: set[int] = set()
    outermost: list[LexborNode] = []
    for node in tree.css(", ".join([_UNSEEN_SELECTOR, *names])):
        if node.mem_id in inside or node.tag in ("html", "body", "input"):
            continue
        if _is_hidden(node) or not classes.isdisjoint(_classes(node)):
            inside.update(child.mem_id for child in node.traverse())  # each node once
            outermost.append(node)
    if not outermost:
        return
    # A page that hides its whole content until a script runs ("loading") still shows it to
    # every reader once loaded: an element holding half the page's links stays.
    links = len(tree.css("a[href]"))
    for node in outermost:  # disjoint subtrees: counting their links reads each node once
        if len(node.css("a[href]")) * 2 < links or links < _FEW_LINKS:
            node.decompose()  # outermost only: removing an element frees its subtree


def _classes(node: LexborNode) -> list[str]:
    return (node.attrs.get("class") or "").split()


def _is_hidden(node: LexborNode) -> bool:
    attrs = node.attrs
    if "hidden" in attrs:
        return True
    return _INLINE_HIDDEN.search(attrs.get("style") or "") is not None


def aria_hidden_ids(tree: LexborHTMLParser) -> frozenset[int]:
    """The `mem_id`s of elements marked `aria-hidden="true"` (links under one are no headline)."""
    return frozenset(node.mem_id for node in tree.css("[aria-hidden='true' i]"))


def reveal_noscript(tree: LexborHTMLParser) -> None:
    """Unwrap each `<noscript>` with text whose element holds no other text (module docs)."""
    for node in tree.tags("noscript"):
        parent = node.parent
        if parent is None or not (node.text(deep=True) or "").strip():
            continue
        others = (
            child.text(deep=True) or ""
            for child in parent.iter(include_text=True)
            if child.mem_id != node.mem_id
        )
        if not any(text.strip() for text in others):
            node.unwrap()
