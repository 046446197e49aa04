"""Which 2xx bodies are pages: HTML, XML, text, JSON for a feed; not images, PDFs or nothing."""

from __future__ import annotations

import pytest

from scraper.fetch.readable import looks_binary, unreadable_reason

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><body>hi</body></html>"

CASES = {
    "html": (HTML, "text/html; charset=utf-8", False, None),
    "xhtml": (HTML, "application/xhtml+xml", False, None),
    "rss": (b"<rss/>", "application/rss+xml", False, None),
    "text-plain-html": (HTML, "text/plain", False, None),
    "no-type": (HTML, None, False, None),
    "octet-stream-html": (HTML, "application/octet-stream", False, None),
    "json-feed": (b'{"version": "x"}', "application/feed+json", True, None),
    "json-for-a-feed": (b"{}", "application/json", True, None),
    "png": (PNG, "image/png", False, "not HTML or a feed: image/png"),
    "png-untyped": (PNG, None, False, "not HTML or a feed: image/png"),
    "pdf-as-octets": (b"%PDF-1.7 ...", "application/octet-stream", False, "application/pdf"),
    "pdf": (b"%PDF-1.7 ...", "application/pdf", False, "not HTML or a feed: application/pdf"),
    "json-error": (b'{"error": 1}', "application/json", False, "application/json"),
    "empty": (b"", "text/html", False, "empty body"),
    "whitespace": (b" \r\n\t ", "text/html", False, "empty body"),
}


@pytest.mark.parametrize(("body", "content_type", "feed", "reason"), CASES.values(), ids=CASES)
def test_unreadable_reason(
    body: bytes, content_type: str | None, feed: bool, reason: str | None
) -> None:
    got = unreadable_reason(body, content_type, is_feed=feed)
    if reason is None:
        assert got is None
    else:
        assert got is not None and reason in got


def test_looks_binary() -> None:
    assert looks_binary(bytes(range(256)).decode("latin-1") * 4)
    assert not looks_binary("<html>\x00<body>a page with a stray NUL</body></html>" * 20)
    assert not looks_binary("")
