"""Is a body a feed, whatever the source's config says? Judged by its root element.

A listing URL that serves RSS, Atom or a JSON Feed (a saved `feed.xml` given to `tidings
parse`, or a start URL that a site turned into a feed) read as HTML gives no cards, or worse,
the links inside its entries' markup as cards. So `strategy.extract` reads such a body as a
feed. Only the first markup counts: an HTML page that quotes `<rss>` in its text is HTML.
Cheap on purpose: it runs on every page and looks at the first 4 KiB only.
"""

from __future__ import annotations

import re

__all__ = ["BYTE_ORDER_MARKS", "is_feed_document"]

_HEAD_BYTES = 4096
# The byte order marks a document may open with, and their codecs (the feed reader's too).
BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# What may come before the root element: space, the XML declaration, processing instructions
# (`<?xml-stylesheet?>`), comments and a DOCTYPE (RSS 0.91's), in any order.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL)
_FEED_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]")
_JSON_FEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')


def is_feed_document(body: bytes | str) -> bool:
    """Whether `body` is an RSS (0.9x, 1.0 RDF, 2.0), Atom or JSON Feed document."""
    head = _head_text(body).lstrip("\ufeff")
    if head.lstrip().startswith("{"):
        return _JSON_FEED.search(head) is not None
    declaration = head.find("<?xml")
    if declaration > 0:  # behind junk (a PHP notice): the document starts there
        head = head[declaration:]
    start = _PROLOG.match(head)
    position = start.end() if start else 0
    return _FEED_ROOT.match(head, position) is not None


def _head_text(body: bytes | str) -> str:
    """The first few KiB as text; only ASCII markup is read, so any byte decodes."""
    if isinstance(body, str):
        return body[:_HEAD_BYTES]
    head = body[:_HEAD_BYTES]
    for bom, codec in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace")
    return head.decode("latin-1")
