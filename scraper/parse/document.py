"""What every field of a page needs: the parsed tree, its base URL, link resolution, node text.

A listing is parsed once (lexbor, the HTML Standard's tree builder, so broken markup becomes the
tree a browser would build and never an exception). Script, style and template bodies are
dropped first because their text is never card text. Links resolve the way a browser resolves
them: against the first `<base href>` (itself resolved against the page URL), else the page URL.
A link we cannot fetch (javascript:, mailto:, tel:, a bare fragment) is no link at all: None.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["base_url", "link_of", "node_text", "parse_document", "resolve_link", "same_page"]

_LINK_TAGS = frozenset({"a", "area", "link"})
_FETCHABLE_SCHEMES = frozenset({"http", "https"})
_NOT_TEXT_TAGS = ["script", "style", "template"]
# The URL parser drops ASCII tab and newline anywhere in a URL (WHATWG URL, "basic URL parser").
_URL_NOISE = str.maketrans("", "", "\t\n\r")


def parse_document(html: str) -> LexborHTMLParser:
    """The page's tree, without script, style and template elements (their text is not content)."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(_NOT_TEXT_TAGS, recursive=True)
    return tree


def base_url(tree: LexborHTMLParser, page_url: str) -> str:
    """The URL relative links resolve against: the first `<base href>`, else the page URL.

    A base that is not http(s) (say `javascript:`) is ignored, as a crawler cannot use it.
    """
    # `base[href]` as a tag lookup: the same first node, without a CSS parse for every page
    node = next((base for base in tree.tags("base") if "href" in base.attrs), None)
    if node is None:
        return page_url
    href = node.attrs.get("href")
    resolved = resolve_link(href, page_url) if href else None
    return resolved or page_url


def resolve_link(href: str, base: str) -> str | None:
    """`href` made absolute against `base`; None when it is empty, a fragment or not http(s).

    Entities are already decoded by the parser; surrounding whitespace and embedded tabs or
    newlines are removed as a browser would. A malformed URL (an unclosed IPv6 bracket) is None.
    """
    value = href.strip()
    if "\t" in value or "\n" in value or "\r" in value:  # rare; translate is slow on every link
        value = value.translate(_URL_NOISE)
    if not value or value.startswith("#"):
        return None
    if value.startswith("/") and not value.startswith("//"):
        joined = _join_absolute_path(value, base)  # the common case, without urljoin's parses
        if joined is not None:
            return joined
    try:
        url = urljoin(base, value)
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in _FETCHABLE_SCHEMES or not host:
        return None
    return url


def _join_absolute_path(value: str, base: str) -> str | None:
    """`urljoin(base, value)` for a "/path?query#fragment" without dot segments, else None.

    Like urljoin, an empty query or fragment is dropped.
    """
    origin = _origin(base)
    rest, _, fragment = value.partition("#")
    path, _, query = rest.partition("?")
    if origin is None or "/." in path:
        return None
    return origin + path + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """`scheme://netloc` of an http(s) base URL, the prefix of every absolute-path link."""
    try:
        parts = urlsplit(base)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in _FETCHABLE_SCHEMES or not host:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def same_page(url: str, page_url: str) -> bool:
    """Whether `url` names the page itself (fragments aside), as some "next" links do."""
    return urldefrag(url).url == urldefrag(page_url).url


def node_text(node: LexborNode) -> str:
    """All text under `node`, text nodes joined with spaces and whitespace runs collapsed."""
    return " ".join(node.text(separator=" ").split())


def link_of(node: LexborNode) -> str | None:
    """The href a node stands for: its own (a, area, link), else its first descendant link's."""
    if node.tag in _LINK_TAGS:
        return node.attrs.get("href")
    inner = node.css_first("a[href]")
    return None if inner is None else inner.attrs.get("href")
