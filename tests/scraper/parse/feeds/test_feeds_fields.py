"""Field by field: dates with their written offsets, URLs, markup in titles, summary choice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scraper.parse.feeds.entries import parse_feed

FEED_URL = "https://feeds.test/dates.xml"

DATES = {
    "dc-date": "2024-03-05T10:00:00-05:00",
    "no-date": None,
    "unreadable": "the day before the fair",  # passed through raw for the pipeline
    "date-only": "2024-03-05",
    "naive-time": "2024-03-05T10:00:00",  # no zone written: the source's timezone decides
    "rfc822-comment": "2024-03-05T10:00:00+00:00",
    "named-zone": "2024-03-05T10:00:00-04:00",
    "half-hour-offset": "2024-03-05T10:00:00+05:30",
    "zulu": "2024-03-05T10:00:00+00:00",
    "published-and-updated": "2024-03-05T10:00:00+02:00",  # published wins over dc:date
}


@pytest.fixture
def dates_by_title(feed_bytes: Callable[[str], bytes]) -> dict[str | None, str | None]:
    page = parse_feed(feed_bytes("dates.xml"), feed_url=FEED_URL)
    return {item.title: item.date for item in page.items}


@pytest.mark.parametrize(("title", "want"), DATES.items(), ids=DATES)
def test_entry_date_keeps_its_written_offset(
    dates_by_title: dict[str | None, str | None], title: str, want: str | None
) -> None:
    assert dates_by_title[title] == want


ODD_DATES = {
    "offset-out-of-range": ("2024-03-05T10:00:00+99:00", "2024-03-05T10:00:00+99:00"),
    "rfc822-offset-out-of-range": (
        "Tue, 05 Mar 2024 10:00:00 -2400",
        "Tue, 05 Mar 2024 10:00:00 -2400",
    ),
    "year-zero": ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
    "past-year-9999": ("9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59-05:00"),
    "largest-offset": ("2024-03-05T10:00:00+23:59", "2024-03-05T10:00:00+23:59"),
    "unknown-zone-word-read-as-utc": ("Tue, 05 Mar 2024 10:00:00 Uhr", "2024-03-05T10:00:00+00:00"),
}


@pytest.mark.parametrize(("written", "want"), ODD_DATES.values(), ids=ODD_DATES)
def test_odd_offsets_never_raise(written: str, want: str) -> None:
    body = (
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        f"<link>https://odd.test/</link><pubDate>{written}</pubDate></item></channel></rss>"
    )
    assert parse_feed(body, feed_url=FEED_URL).items[0].date == want


def _atom_entry(inner: str, *, base: str = "") -> str:
    xml_base = f' xml:base="{base}"' if base else ""
    return (
        f'<feed xmlns="http://www.w3.org/2005/Atom"{xml_base}><title>t</title><id>urn:x</id>'
        f"<entry><id>urn:e</id>{inner}</entry></feed>"
    )


TITLES = {
    "html-markup-stripped": (
        '<title type="html">A &lt;i&gt;big&lt;/i&gt; day</title>',
        "A big day",
    ),
    "html-double-escaped": ('<title type="html">Fish &amp;amp; chips</title>', "Fish & chips"),
    "html-script-dropped": (
        '<title type="html">Hi&lt;script&gt;alert(1)&lt;/script&gt; there</title>',
        "Hi there",
    ),
    "html-inline-split-word": ('<title type="html">&lt;b&gt;H&lt;/b&gt;ello</title>', "Hello"),
    "text-keeps-angle-brackets": (
        '<title type="text">if a &lt; b &amp;&amp; c</title>',
        "if a < b && c",
    ),
    "whitespace-collapsed": ("<title>\n  Two\n\t lines  </title>", "Two lines"),
    "blank-is-none": ("<title>   </title>", None),
}


@pytest.mark.parametrize(("element", "want"), TITLES.values(), ids=TITLES)
def test_title_is_plain_text(element: str, want: str | None) -> None:
    page = parse_feed(_atom_entry(element), feed_url=FEED_URL)
    assert page.items[0].title == want


SUMMARIES = {
    "summary-over-content": (
        "<summary>Short.</summary><content>Long long long.</content>",
        "Short.",
    ),
    "content-when-no-summary": (
        '<content type="html">&lt;p&gt;Only&lt;/p&gt;&lt;p&gt;this&lt;/p&gt;</content>',
        "Only this",
    ),
    "xhtml-summary": (
        '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A<br/>B</div></summary>',
        "A B",
    ),
    "none": ("", None),
}


@pytest.mark.parametrize(("element", "want"), SUMMARIES.values(), ids=SUMMARIES)
def test_summary_prefers_the_summary_and_is_plain_text(element: str, want: str | None) -> None:
    page = parse_feed(_atom_entry(element), feed_url=FEED_URL)
    assert page.items[0].summary == want


URLS = {
    "feed-url-base": ('<link href="../a/one"/>', "", "https://feeds.test/a/one"),
    "xml-base": ('<link href="one"/>', "https://base.test/dir/", "https://base.test/dir/one"),
    "relative-xml-base": ('<link href="one"/>', "sub/", "https://feeds.test/sub/one"),
    "absolute-wins": (
        '<link href="https://abs.test/x"/>',
        "https://base.test/",
        "https://abs.test/x",
    ),
    "javascript-is-no-link": ('<link href="javascript:go()"/>', "", None),
    "http-id-fallback": ("<id>https://id.test/post</id>", "", "https://id.test/post"),
}


@pytest.mark.parametrize(("element", "base", "want"), URLS.values(), ids=URLS)
def test_entry_url_is_absolute(element: str, base: str, want: str | None) -> None:
    body = _atom_entry(element, base=base).replace(
        "<id>urn:e</id>", "", 1 if "<id>" in element else 0
    )
    page = parse_feed(body, feed_url=FEED_URL)
    assert page.items[0].url == want


CATEGORIES = {
    "label-over-term": (
        '<category term="t1" label="Label one"/><category term="t2"/>',
        "Label one",
    ),
    "term": ('<category term="  spaced   term "/>', "spaced term"),
    "skips-empty": ('<category term=""/><category term="second"/>', "second"),
    "none": ("", None),
}


@pytest.mark.parametrize(("element", "want"), CATEGORIES.values(), ids=CATEGORIES)
def test_category_is_the_first_named_one(element: str, want: str | None) -> None:
    page = parse_feed(_atom_entry(element), feed_url=FEED_URL)
    assert page.items[0].category == want
