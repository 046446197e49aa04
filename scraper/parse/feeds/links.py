"""Feed autodiscovery: the RSS, Atom and JSON feeds a page announces in its `<link>` elements.

`tidings discover` offers a page's feeds before its selectors, since a feed needs none. The
rule is the one browsers and feed readers follow (RSS Autodiscovery, Atom RFC 4287 §7.1):
a `<link>` whose `rel` tokens include "alternate" (ASCII case-insensitive) and whose `type`,
without parameters, is a feed media type. Links in `<a>` elements and guessed paths
(`/feed`, `/rss.xml`) are left out on purpose: they are guesses, and the page states its feeds.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.parse.document import base_url, resolve_link

__all__ = ["FEED_MEDIA_TYPES", "feed_links"]

FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json"}
)


def feed_links(html: str, *, page_url: str) -> list[str]:
    """Absolute feed URLs in document order, each once; resolved against `<base href>`."""
    tree = LexborHTMLParser(html)
    base = base_url(tree, page_url)
    found: dict[str, None] = {}
    for node in tree.css("link[href]"):
        rels = (node.attrs.get("rel") or "").lower().split()
        media_type = (node.attrs.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rels or media_type not in FEED_MEDIA_TYPES:
            continue
        url = resolve_link(node.attrs.get("href") or "", base)
        if url is not None:
            found.setdefault(url, None)
    return list(found)
