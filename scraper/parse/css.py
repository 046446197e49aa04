"""The selector syntax of config.yaml: CSS plus an optional `@attr` suffix (`h3 a@href`).

A leaf module so that config (checking a file) and parse (running selectors) read the syntax
the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

__all__ = ["FIELD_NAMES", "PAGE_SLOT", "REQUIRED_FIELDS", "css_problem", "split_selector"]

# What a selector spec can name, in RawItem's field order; one copy, read by config and parse.
FIELD_NAMES = ("title", "url", "summary", "date", "category")
REQUIRED_FIELDS = frozenset({"title", "url"})
PAGE_SLOT = "{n}"  # where a page_template puts the page number

_ATTR_NAME = re.compile(r"[A-Za-z_:][-A-Za-z0-9_:.]*")
_OPENERS = {"[": "]", "(": ")"}


@lru_cache(maxsize=4096)
def split_selector(selector: str) -> tuple[str, str | None]:
    """Split a trailing `@attr` off a selector: `"h3 a@href"` -> `("h3 a", "href")`.

    An `@` inside brackets, parentheses or quotes belongs to the CSS (`a[href^='mailto:x@y']`),
    and a suffix that is not an attribute name is left in place for the CSS check to report.
    """
    at = _last_top_level_at(selector)
    if at < 0:
        return selector.strip(), None
    attr = selector[at + 1 :].strip()
    if not _ATTR_NAME.fullmatch(attr):
        return selector.strip(), None
    return selector[:at].strip(), attr


@lru_cache(maxsize=1024)
def css_problem(selector: str) -> str | None:
    """Why lexbor cannot use `selector` (with its `@attr` split off), or None if it can."""
    css, attr = split_selector(selector)
    if not css and attr is None:
        return "empty"
    if css:
        try:
            LexborHTMLParser("<p></p>").css(css)
        except (SelectolaxError, ValueError) as exc:  # ValueError: lone surrogates
            return str(exc) or type(exc).__name__
    return None


def _last_top_level_at(selector: str) -> int:
    """Index of the last `@` outside quotes, brackets and parentheses, or -1."""
    at = selector.rfind("@")
    if at < 0 or not any(char in selector for char in "[(\"'\\"):
        return at  # nothing can hide an `@`: the common case, without the walk
    closers: list[str] = []
    quote = ""
    found = -1
    chars = iter(enumerate(selector))
    for index, char in chars:
        if char == "\\":
            next(chars, None)
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in _OPENERS:
            closers.append(_OPENERS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char == "@" and not closers:
            found = index
    return found
