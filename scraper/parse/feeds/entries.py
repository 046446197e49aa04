"""Feeds -> RawItems: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

A feed states what a listing page only shows, so a `feed:` source needs no selectors. The body
is first made fit for the strict XML parser (`body`: encoding, leading junk, HTML entities);
then each entry becomes a `RawItem` of plain text: title and summary with markup stripped and
entities decoded (the summary is the feed's summary or description, the content only when
there is nothing else), the entry's alternate web page as the URL, the first category.

feedparser options, chosen by measurement on the 7 corpus feeds (best of 3, this machine):
`sanitize_html=False` and `resolve_relative_uris=False` take feedparser from 1.57 s to 0.38 s
(1.72 s to 0.58 s without `body`, which lets 5 of the 7 feeds use the strict parser). Both
only rewrite markup inside HTML content, which we reduce to text anyway; link elements are
still resolved against `xml:base` and the feed URL (passed as Content-Location). The body
always goes in as a BytesIO, because feedparser opens a `str` or `bytes` argument as a file
path or fetches it as a URL if it can.

Dates: feedparser's `*_parsed` is UTC, so the offset written in the original string is put
back ("-0800" stays -08:00). A date-only value stays a date and a time with no zone stays
naive (the pipeline applies the source's timezone). A string feedparser cannot read is passed
through raw, for the pipeline's parser to try.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

from pipelines import RawItem
from scraper.errors import ParseError
from scraper.parse.document import resolve_link
from scraper.parse.feeds.body import feed_text

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["FeedPage", "parse_feed"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEEDPARSER_HEADERS = {"content-type": "application/xml; charset=utf-8"}
# Space before block-level tags, so "<p>a</p><p>b</p>" reads "a b" and "<b>H</b>ello" "Hello".
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|blockquote|pre|section"
    r"|article|figure|figcaption|header|footer|img|iframe)\b)",
    re.IGNORECASE,
)
_NOT_TEXT_TAGS = ["script", "style", "template", "noscript"]
_HAS_TIME = re.compile(r"\d:\d\d|T\d{4}")
_TRAILING_COMMENT = re.compile(r"\s*\([^)]*\)\s*$")  # RFC 822 "+0000 (UTC)"
_ZONE = re.compile(
    r"(?:(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?"
    r"|\s(?P<name>[A-Za-z]{1,4})|\d(?P<z>Z))\s*$"
)
# feedparser's RFC 822 zone names (datetimes/rfc822.py), so we restore what it applied.
_ZONE_HOURS = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5,
    "et": -5, "cdt": -5, "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7,
    "pst": -8, "pt": -8, "a": -1, "n": 1, "m": -12, "y": 12, "met": 1, "mest": 2,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One fetched feed: its entries in feed order, and what the feed says about itself.

    `next_url` is the RFC 5005 `rel="next"` link (absolute), for paged archives; `language`
    is the feed's declared language (`<language>`, `xml:lang`, JSON Feed `language`).
    """

    items: list[RawItem]
    title: str | None
    next_url: str | None
    language: str | None


def parse_feed(body: bytes | str, *, feed_url: str) -> FeedPage:
    """Read an RSS, RDF, Atom or JSON Feed document into items; lenient, and never fetching.

    Raises ParseError only when the body is no feed at all (empty, HTML, XML that is neither
    and has no entries); a malformed feed whose entries can be read is read.
    """
    text = feed_text(body)
    if not text:
        raise ParseError(feed_url, "not a feed: empty body")
    if text.startswith(("{", "[")):
        return _json_feed(text, feed_url)
    # Imported here: it costs ~80 ms, which commands that never read a feed should not pay.
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        response_headers={**_FEEDPARSER_HEADERS, "content-location": feed_url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries and not parsed.version:
        raise ParseError(feed_url, _unreadable_reason(parsed))
    is_atom = str(parsed.version).startswith("atom")
    feed = parsed.feed
    return FeedPage(
        items=[_entry_item(entry, feed_url, is_atom=is_atom) for entry in parsed.entries],
        title=_detail_text(feed, "title"),
        next_url=_link_with_rel(feed.get("links") or [], "next", feed_url),
        language=_clean(feed.get("language")),
    )


def _json_feed(text: str, feed_url: str) -> FeedPage:
    """A JSON Feed 1.x document (jsonfeed.org); its `next_url` is its own paging link."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise ParseError(feed_url, f"not a feed: invalid JSON: {exc}") from exc
    entries = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or "jsonfeed.org" not in str(doc.get("version")):
        raise ParseError(feed_url, "not a feed: JSON without a JSON Feed version and items")
    next_url = doc.get("next_url")
    return FeedPage(
        items=[_json_item(entry, feed_url) for entry in entries if isinstance(entry, dict)],
        title=_clean(doc.get("title")),
        next_url=resolve_link(next_url, feed_url) if isinstance(next_url, str) else None,
        language=_clean(doc.get("language")),
    )


def _json_item(entry: Mapping[str, object], feed_url: str) -> RawItem:
    """One JSON Feed item: `url` is the permalink; its dates are RFC 3339 already."""
    hrefs = [entry.get(key) for key in ("url", "external_url", "id")]
    urls = [resolve_link(href, feed_url) for href in hrefs if isinstance(href, str)]
    content_html = entry.get("content_html")
    summary = _clean(entry.get("summary")) or _clean(entry.get("content_text"))
    if summary is None and isinstance(content_html, str):
        summary = _html_text(content_html)
    tags = entry.get("tags")
    categories = [_clean(tag) for tag in tags] if isinstance(tags, list) else []
    return RawItem(
        title=_clean(entry.get("title")),
        url=next((url for url in urls if url), None),
        summary=summary,
        date=_clean(entry.get("date_published")) or _clean(entry.get("date_modified")),
        category=next((category for category in categories if category), None),
    )


def _unreadable_reason(parsed: Mapping[str, object]) -> str:
    """Why a body is no feed, from feedparser's bozo exception when it kept one."""
    exc = parsed.get("bozo_exception")
    if isinstance(exc, Exception):
        return f"not a feed: {type(exc).__name__}: {exc}"
    return "not a feed: no RSS, RDF or Atom root element"


def _entry_item(entry: dict[str, object], feed_url: str, *, is_atom: bool) -> RawItem:
    """One feedparser entry as the card the pipeline expects."""
    return RawItem(
        title=_detail_text(entry, "title"),
        url=_entry_url(entry, feed_url, is_atom=is_atom),
        summary=_detail_text(entry, "summary"),
        date=_entry_date(entry),
        category=_first_category(entry),
    )


def _detail_text(record: Mapping[str, object], key: str) -> str | None:
    """A text construct as plain text: markup stripped when its type is HTML or XHTML.

    feedparser reports the type (for RSS it guesses from the markup), and a `text/plain`
    value is already decoded, so its literal "<" must survive.
    """
    value = record.get(key)
    if not isinstance(value, str):
        return None
    detail = record.get(f"{key}_detail")
    content = record.get("content")
    if detail is None and key == "summary" and isinstance(content, list) and content:
        detail = content[0]  # feedparser copied the first content here, but not its type
    kind = detail.get("type") if isinstance(detail, dict) else None
    return _html_text(value) if kind in _HTML_TYPES else _clean(value)


def _html_text(markup: str) -> str | None:
    """The text a reader sees in an HTML fragment: tags dropped, entities decoded, one line."""
    if "<" not in markup:
        return _clean(html.unescape(markup))
    tree = LexborHTMLParser(_BLOCK_TAG.sub(" <", markup))
    tree.strip_tags(_NOT_TEXT_TAGS, recursive=True)
    body = tree.body
    return _clean(body.text(separator="")) if body is not None else None


def _clean(value: object) -> str | None:
    """Whitespace collapsed; None for anything that is not text or is blank."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _entry_url(entry: Mapping[str, object], feed_url: str, *, is_atom: bool) -> str | None:
    """The entry's web page: its alternate HTML link, else any alternate, else a permalink id.

    feedparser already turned an RSS `<guid>` that is a permalink (isPermaLink not "false")
    into `link`; an Atom `<id>` counts when it is an http(s) URL.
    """
    links = entry.get("links")
    links = links if isinstance(links, list) else []
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    candidates = [link.get("href") for link in alternates if link.get("type") in _HTML_TYPES]
    candidates += [link.get("href") for link in alternates]
    candidates.append(entry.get("link"))
    if is_atom:
        candidates.append(entry.get("id"))
    for href in candidates:
        url = resolve_link(href, feed_url) if isinstance(href, str) else None
        if url is not None:
            return url
    return None


def _link_with_rel(links: list[Mapping[str, str]], rel: str, feed_url: str) -> str | None:
    """The first link with this relation, absolute; RFC 5005 paging uses rel="next"."""
    for link in links:
        href = link.get("href")
        if link.get("rel") == rel and href:
            return resolve_link(href, feed_url)
    return None


def _first_category(entry: Mapping[str, object]) -> str | None:
    """The first category's label (human-readable), else its term."""
    tags = entry.get("tags")
    for tag in tags if isinstance(tags, list) else []:
        text = _clean(tag.get("label")) or _clean(tag.get("term"))
        if text:
            return text
    return None


def _entry_date(entry: dict[str, object]) -> str | None:
    """published, else updated (dc:date), else created: ISO 8601 when feedparser read it.

    A value feedparser could not read is passed raw, so the pipeline's parser may try.
    `dict.get`, because feedparser's own `get("updated")` answers `published` (and warns).
    """
    keys = ("published", "updated", "created")
    for key in keys:
        parsed, raw = dict.get(entry, f"{key}_parsed"), dict.get(entry, key)
        if isinstance(parsed, time.struct_time) and isinstance(raw, str):
            return _iso_date(parsed, raw)
    for key in keys:
        raw = _clean(dict.get(entry, key))
        if raw:
            return raw
    return None


def _iso_date(parsed: time.struct_time, raw: str) -> str:
    """feedparser's UTC instant written in the offset of the original string.

    "Tue, 05 Mar 2024 10:00:00 -0800" -> "2024-03-05T10:00:00-08:00"; a date without a time
    stays a date; a time without a zone stays naive, since the zone is the source's to decide.
    What datetime cannot hold (year 0, an offset of 99 hours) goes on as the raw text.
    """
    raw = _TRAILING_COMMENT.sub("", raw)
    offset = _written_offset(raw)
    try:
        instant = datetime(*parsed[:6], tzinfo=UTC)
        if not _HAS_TIME.search(raw):
            return instant.date().isoformat()
        if offset is None:
            return instant.replace(tzinfo=None).isoformat()
        return instant.astimezone(timezone(offset)).isoformat()
    except (ValueError, OverflowError):
        return " ".join(raw.split())


def _written_offset(raw: str) -> timedelta | None:
    """The UTC offset a date string ends with; None if it names none.

    A zone name feedparser does not know it read as UTC, and so do we.
    """
    match = _ZONE.search(raw)
    if match is None:
        return None
    if match.group("z"):
        return timedelta(0)
    if match.group("name"):
        return timedelta(hours=_ZONE_HOURS.get(match.group("name").lower(), 0))
    sign = -1 if match.group("sign") == "-" else 1
    minutes = int(match.group("hours")) * 60 + int(match.group("minutes") or 0)
    return timedelta(minutes=sign * minutes)
