"""Properties: parse_feed is total (a FeedPage or ParseError), titles and dates round-trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scraper.errors import ParseError
from scraper.parse.feeds.entries import FeedPage, parse_feed

FEED_URL = "https://props.test/feed.xml"
_SEEDS = [
    (Path(__file__).parent / "testdata" / name).read_bytes()
    for name in ("rss20.xml", "atom10.xml", "rss10-rdf.xml", "podcast-rss.xml", "jsonfeed.json")
]

_XML_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\ufffe\uffff"
)
_TITLES = st.text(_XML_CHARS, min_size=1, max_size=40).filter(lambda text: text.strip())


def _rss(date: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>p</title>'
        f"<item><title>t</title><link>https://props.test/a</link><pubDate>{date}</pubDate>"
        "</item></channel></rss>"
    )


def _atom(title: str, *, label: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{label}"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>p</title><entry>'
        f'<title type="text">{escape(title)}</title><id>https://props.test/a</id></entry></feed>'
    )


def _is_mojibake_shaped(text: str) -> bool:
    """Whether text reads as UTF-8 bytes decoded as latin-1 ("Ã©"): we and feedparser repair it.

    feedparser checks each element's text after stripping its whitespace, and we the whole
    document as it is ("Ã\xa0" is "à", whose second byte Python's strip() would drop).
    """
    return any(_reads_as_utf8(candidate) for candidate in (text, text.strip()))


def _reads_as_utf8(text: str) -> bool:
    for codec in ("cp1252", "latin-1"):
        try:
            text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        return not text.isascii()
    return False


@settings(max_examples=150)
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_parse_feed_is_total(body: bytes | str) -> None:
    try:
        page = parse_feed(body, feed_url=FEED_URL)
    except ParseError as exc:
        assert exc.url == FEED_URL
        assert exc.reason.startswith("not a feed")
    else:
        assert isinstance(page, FeedPage)


@settings(max_examples=150)
@given(
    st.sampled_from(_SEEDS),
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=200),
    st.binary(max_size=16),
)
def test_parse_feed_is_total_on_damaged_feeds(seed: bytes, at: int, cut: int, junk: bytes) -> None:
    body = seed[:at] + junk + seed[at + cut :]
    try:
        page = parse_feed(body, feed_url=FEED_URL)
    except ParseError as exc:
        assert exc.reason.startswith("not a feed")
    else:
        assert all(
            item.url is None or item.url.startswith(("https://", "http://")) for item in page.items
        )


@settings(max_examples=300)
@given(
    st.text(_XML_CHARS, max_size=40)
    | st.from_regex(r"\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d(:\d\d)? ?[+-]?\w{0,4}", fullmatch=True)
)
def test_any_date_text_gives_a_date_or_none(written: str) -> None:
    assume(not _is_mojibake_shaped(written))
    page = parse_feed(_rss(escape(written)), feed_url=FEED_URL)
    date = page.items[0].date
    if date is not None and date != " ".join(written.split()):
        datetime.fromisoformat(date)  # anything but the raw text is ISO 8601


@given(_TITLES)
def test_plain_text_title_round_trips(title: str) -> None:
    assume(not _is_mojibake_shaped(title))
    page = parse_feed(_atom(title), feed_url=FEED_URL)
    assert page.items[0].title == " ".join(title.split())


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=-12 * 4, max_value=14 * 4),
)
def test_rfc822_date_round_trips_with_its_offset(moment: datetime, quarter_hours: int) -> None:
    zone = timezone(timedelta(minutes=15 * quarter_hours))
    written = moment.replace(microsecond=0, tzinfo=zone)
    page = parse_feed(_rss(format_datetime(written)), feed_url=FEED_URL)
    date = page.items[0].date
    assert date is not None
    read = datetime.fromisoformat(date)
    assert read == written
    assert read.utcoffset() == written.utcoffset()
    assert read.astimezone(UTC) == written.astimezone(UTC)


@given(
    _TITLES.filter(lambda title: not _is_mojibake_shaped(title)),
    st.sampled_from(["iso-8859-1", "us-ascii", "windows-1252", "utf-8"]),
)
def test_utf8_bytes_read_as_utf8_under_any_latin_label(title: str, label: str) -> None:
    body = _atom(title, label=label).encode("utf-8")
    assert parse_feed(body, feed_url=FEED_URL).items[0].title == " ".join(title.split())
