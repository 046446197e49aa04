"""Sloppy feeds still read: wrong encodings, junk before the declaration, HTML entities, bad XML.

And the only error: a body that is no feed at all raises ParseError naming the URL and reason.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scraper.errors import ParseError
from scraper.parse.feeds.body import feed_text
from scraper.parse.feeds.entries import parse_feed

FEED_URL = "https://feeds.test/lenient.xml"
LIED_TITLE = "Déjà vu – naïve “quotes”"

MISLABELLED = {
    "declared-utf8-bytes-cp1252": "lenient-declared-utf8-bytes-cp1252.xml",
    "declared-latin1-bytes-utf8": "lenient-declared-latin1-bytes-utf8.xml",
}


@pytest.mark.parametrize("name", MISLABELLED.values(), ids=MISLABELLED)
def test_a_lying_encoding_label_does_not_garble_titles(
    feed_bytes: Callable[[str], bytes], name: str
) -> None:
    page = parse_feed(feed_bytes(name), feed_url=FEED_URL)
    assert page.title == "Café Croisé"
    assert [item.title for item in page.items] == [LIED_TITLE]


def _as_whatwg_windows_1252(raw: bytes) -> str:
    """What a browser's windows-1252 decoder makes of bytes: cp1252, undefined bytes as C1."""
    return "".join(
        chr(byte) if byte in {0x81, 0x8D, 0x8F, 0x90, 0x9D} else bytes([byte]).decode("cp1252")
        for byte in raw
    )


MIS_DECODERS: dict[str, Callable[[bytes], str]] = {
    "latin-1": lambda raw: raw.decode("latin-1"),
    "whatwg-windows-1252": _as_whatwg_windows_1252,
}


@pytest.mark.parametrize("mis_decode", MIS_DECODERS.values(), ids=MIS_DECODERS)
def test_text_decoded_with_the_wrong_label_is_repaired(
    feed_bytes: Callable[[str], bytes], mis_decode: Callable[[bytes], str]
) -> None:
    mojibake = mis_decode(feed_bytes("lenient-declared-latin1-bytes-utf8.xml"))
    assert "Ã©" in mojibake
    page = parse_feed(mojibake, feed_url=FEED_URL)
    assert [item.title for item in page.items] == [LIED_TITLE]


def test_real_latin1_text_is_left_alone() -> None:
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Crème à la sève</title><link>https://l.test/a</link></item>"
        "</channel></rss>"
    )
    for given in (body, body.encode("latin-1")):
        assert parse_feed(given, feed_url=FEED_URL).items[0].title == "Crème à la sève"


def test_leading_blank_lines_are_cut_before_the_declaration(
    feed_bytes: Callable[[str], bytes],
) -> None:
    raw = feed_bytes("lenient-leading-blank-lines.xml")
    assert not raw.startswith(b"<")
    assert feed_text(raw).startswith('<?xml version="1.0"')
    page = parse_feed(raw, feed_url=FEED_URL)
    assert [(item.title, item.date) for item in page.items] == [
        ("Still read strictly", "2024-05-01T12:00:00+00:00")
    ]


JUNK = {
    "bom-and-newlines": b"\xef\xbb\xbf\r\n\r\n",
    "php-notice": b"Notice: Undefined index: page in feed.php on line 3\n",
    "html-warning": b"<br />\n<b>Warning</b>: something in <b>feed.php</b>\n",
}


@pytest.mark.parametrize("junk", JUNK.values(), ids=JUNK)
def test_junk_before_the_declaration_is_cut(
    feed_bytes: Callable[[str], bytes], junk: bytes
) -> None:
    clean = feed_bytes("rss20.xml")
    assert feed_text(junk + clean) == feed_text(clean)
    page = parse_feed(junk + clean, feed_url=FEED_URL)
    assert page.items == parse_feed(clean, feed_url=FEED_URL).items


def test_declaration_text_inside_the_content_is_not_cut_at() -> None:
    body = (
        '<rss version="2.0"><channel><title>XML tips</title><item><title>Declarations</title>'
        "<link>https://tips.test/decl</link>"
        '<description>Start with &lt;?xml version=...?&gt; or <![CDATA[<?xml version="1.0"?>]]>'
        "</description></item></channel></rss>"
    )
    assert feed_text("\n" + body) == body
    page = parse_feed(body, feed_url=FEED_URL)
    assert [item.title for item in page.items] == ["Declarations"]


def test_utf16_with_bom_reads(feed_bytes: Callable[[str], bytes]) -> None:
    text = feed_bytes("atom10.xml").decode("utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    page = parse_feed(text.encode("utf-16"), feed_url=FEED_URL)
    assert page.title == "Carnet de la Rivière"
    assert len(page.items) == 3


def test_html_entities_undefined_in_xml_are_decoded(feed_bytes: Callable[[str], bytes]) -> None:
    page = parse_feed(feed_bytes("lenient-html-entities.xml"), feed_url=FEED_URL)
    assert page.title == "Entities everywhere"
    assert [(item.title, item.summary) for item in page.items] == [
        ("Crème brûlée — the recipe", "Sugar, cream… and patience."),
        ("Tom & Jerry’s big day", "A linked teaser on two lines."),
    ]


def test_declared_entities_are_not_rewritten() -> None:
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY eacute "E-ACUTE">]>'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>caf&eacute;</title><link>https://d.test/a</link></item></channel></rss>"
    )
    assert feed_text(body) == body
    assert parse_feed(body, feed_url=FEED_URL).items[0].title == "cafE-ACUTE"


def test_malformed_but_readable_feed_is_read(feed_bytes: Callable[[str], bytes]) -> None:
    page = parse_feed(feed_bytes("malformed-readable.xml"), feed_url=FEED_URL)
    assert [(item.title, item.url) for item in page.items] == [
        ("Salt & pepper", "https://broken.test/salt-pepper"),
        ("Second item bold", "https://broken.test/second"),
    ]


NOT_FEEDS = {
    "html-page": ("not-a-feed.html", "no RSS, RDF or Atom root element"),
    "plain-text": ("not-xml.txt", "SAXParseException"),
}


@pytest.mark.parametrize(("name", "reason"), NOT_FEEDS.values(), ids=NOT_FEEDS)
def test_a_body_that_is_no_feed_raises_parse_error(
    feed_bytes: Callable[[str], bytes], name: str, reason: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed(feed_bytes(name), feed_url=FEED_URL)
    assert caught.value.url == FEED_URL
    assert caught.value.reason.startswith("not a feed")
    assert reason in caught.value.reason


BAD_BODIES = {
    "empty": (b"", "empty body"),
    "blank": ("  \n\t", "empty body"),
    "broken-json": (b'{"version": "https://jsonfeed.org/version/1.1", ', "invalid JSON"),
    "json-not-a-feed": (b'{"items": [], "version": "2"}', "JSON Feed version"),
    "json-array": (b"[1, 2]", "JSON Feed version"),
}


@pytest.mark.parametrize(("body", "reason"), BAD_BODIES.values(), ids=BAD_BODIES)
def test_bodies_without_a_feed_name_the_reason(body: bytes | str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_feed(body, feed_url=FEED_URL)


def test_a_body_that_names_a_local_file_is_not_opened(tmp_path: object) -> None:
    # feedparser opens a str or bytes argument as a path if it can; we never let it.
    with pytest.raises(ParseError):
        parse_feed(__file__.encode(), feed_url=FEED_URL)
    with pytest.raises(ParseError):
        parse_feed(__file__, feed_url=FEED_URL)
