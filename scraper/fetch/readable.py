"""Is a 2xx body something a listing reader can use: HTML, XML or (for a feed) JSON?

A server that answers a listing URL with a PNG, a PDF, a JSON error object or nothing at all
still says 200, and parsing that gives no cards and no hint. Such a page fails with its reason
("not HTML or a feed: image/png", "empty body") so the run, the summary and `tidings runs`
show what the server sent. The Content-Type decides when it names a kind we know we cannot
read; a missing or vague one (`application/octet-stream`) is judged by the body's first bytes.
Text of any kind passes: servers label HTML `text/plain` often enough.
"""

from __future__ import annotations

__all__ = ["looks_binary", "unreadable_reason"]

_TEXT_PREFIXES = ("text/",)
_MARKUP_SUFFIXES = ("html", "xml")  # text/html, application/xhtml+xml, application/rss+xml
_JSON = ("application/json", "application/feed+json")  # JSON Feed
_VAGUE = frozenset({"", "application/octet-stream", "binary/octet-stream", "unknown/unknown"})
# What the first bytes of a body say it is, for vague or missing Content-Types.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
)


def unreadable_reason(body: bytes, content_type: str | None, *, is_feed: bool) -> str | None:
    """Why `body` is no page to read, or None when it may be one."""
    if not body.strip():
        return "empty body"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _VAGUE:
        sniffed = _sniffed(body)
        return f"not HTML or a feed: {sniffed}" if sniffed else None
    if mime.startswith(_TEXT_PREFIXES) or mime.endswith(_MARKUP_SUFFIXES):
        return None
    if is_feed and (mime in _JSON or mime.endswith("+json")):
        return None
    return f"not HTML or a feed: {mime}"


_CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F, 0xFFFD)) - frozenset("\t\n\r\f")
_BINARY_SHARE = 0.05  # random bytes decode to ~12% controls; an HTML page with stray NULs, ~0%


def looks_binary(text: str) -> bool:
    """Whether decoded text is really binary data: many control or replacement characters in
    its first 4,096 characters."""
    head = text[:4096]
    return bool(head) and sum(c in _CONTROL for c in head) > len(head) * _BINARY_SHARE


def _sniffed(body: bytes) -> str | None:
    head = body[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None
