"""One fetched page to cards, by the source's strategy: feed, selectors, or automatic.

Crawl and `tidings parse` both call `extract`, so a preview shows exactly what a crawl stores.
Selector health lives here too: configured selectors that find nothing on the first page of a
listing where automatic extraction finds cards are "broken" (the site changed), and the
automatic cards stand in when the source allows it. Later pages are not judged: an empty page
there is the end of the listing, and its sidebar links are not cards.

Feed and automatic extraction are imported at call time, so that a crawl by selectors whose
pages all have cards never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.parse.bounds import check_bounds
from scraper.parse.selectors import ParsedPage, SelectorSpec, extract_page
from scraper.parse.sniff import is_feed_document

__all__ = ["Extraction", "extract"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """The cards of one page, and whether the configured selectors failed on it."""

    page: ParsedPage
    selectors_broken: bool = False


def extract(
    text: str,
    *,
    page_url: str,
    selectors: SelectorSpec | None,
    body: bytes | None = None,
    is_feed: bool = False,
    auto_fallback: bool = True,
    page_number: int = 1,
    start_url: str | None = None,
) -> Extraction:
    """Cards from `text` served at `page_url`; `selectors=None` means automatic extraction.

    A body whose root element is a feed's is read as one, configured so or not (`sniff`). A
    feed is read from `body` (the raw bytes) when given, because feeds often declare the
    wrong encoding and only the bytes can be decoded right. An HTML page nested too deep or
    with too many elements raises PageTooComplex before it is parsed (`bounds`).
    """
    if is_feed or is_feed_document(body if body else text):
        from scraper.parse.feeds import parse_feed

        feed = parse_feed(body if body else text, feed_url=page_url)
        parsed = ParsedPage(
            items=feed.items, next_url=feed.next_url, language=feed.language, strategy="feed"
        )
        return Extraction(parsed)
    check_bounds(text, url=page_url)
    if selectors is None:
        return Extraction(_automatic(text, page_url=page_url))
    parsed = extract_page(
        text, page_url=page_url, spec=selectors, page_number=page_number, start_url=start_url
    )
    if parsed.items or page_number > 1:  # an empty later page is the end of the listing
        return Extraction(parsed)
    automatic = _automatic(text, page_url=page_url)
    if not automatic.items:
        return Extraction(parsed)  # an empty page, not broken selectors
    return Extraction(automatic if auto_fallback else parsed, selectors_broken=True)


def _automatic(text: str, *, page_url: str) -> ParsedPage:
    """Automatic extraction, imported on its first use: a crawl by selectors whose first pages
    have cards never loads it (its 16 modules, with feeds and structured data: 18 ms of CPU and
    1.2 MB a process)."""
    from scraper.parse.auto import extract_auto

    return extract_auto(text, page_url=page_url).page
