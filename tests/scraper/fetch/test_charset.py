"""decode_body: one testdata file per charset case, plus properties over arbitrary bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from loopback import read_testdata

from scraper.fetch.charset import PRESCAN_BYTES, decode_body, resolve_label

WESTERN = "“Quoted” prices: 5 € at the café, naïve résumé, mañana"
RUSSIAN = "Новости дня: в порту открылся новый маяк"
HARBOUR = "Lighthouse café reopens"

# file in testdata/charset/, Content-Type header, encoding we must pick, text that must appear
CASES = {
    "utf8-no-label": ("utf8.html", None, "utf-8", HARBOUR + " — naïve"),
    "utf8-bom": ("utf8-bom.html", None, "utf-8", HARBOUR),
    "utf8-bom-beats-latin1-header": (
        "utf8-bom.html",
        "text/html; charset=iso-8859-1",
        "utf-8",
        HARBOUR,
    ),
    "utf16le-bom": ("utf16le-bom.html", None, "utf-16le", HARBOUR),
    "utf16be-bom": ("utf16be-bom.html", None, "utf-16be", HARBOUR),
    "1252-latin1-header": (
        "cp1252-bare.html",
        "text/html; charset=ISO-8859-1",
        "windows-1252",
        WESTERN,
    ),
    "1252-ascii-header": (
        "cp1252-bare.html",
        "text/html; charset=us-ascii",
        "windows-1252",
        WESTERN,
    ),
    "1252-quoted-header": (
        "cp1252-bare.html",
        'text/html; charset="windows-1252"',
        "windows-1252",
        WESTERN,
    ),
    "1252-no-label": ("cp1252-bare.html", "text/html", "windows-1252", WESTERN),
    "1252-no-label-short": ("cp1252-short.html", None, "windows-1252", "“Hello” €10 café"),
    "1252-no-label-german": ("cp1252-german.html", None, "windows-1252", "„Schön“, sagt er. Grüße"),
    "1252-no-label-french": ("cp1252-french.html", None, "windows-1252", "L’été à Paris"),
    "1252-meta": ("cp1252-meta.html", "text/html", "windows-1252", WESTERN),
    "1252-meta-latin1": ("cp1252-meta-latin1.html", None, "windows-1252", WESTERN),
    "1252-http-equiv": ("cp1252-http-equiv.html", None, "windows-1252", WESTERN),
    "unknown-header-falls-to-meta": (
        "cp1252-meta.html",
        "text/html; charset=x-nonsense",
        "windows-1252",
        WESTERN,
    ),
    "base64-is-no-web-encoding": (
        "cp1252-meta.html",
        "text/html; charset=base64",
        "windows-1252",
        WESTERN,
    ),
    "header-beats-meta": ("koi8r-meta.html", "text/html; charset=koi8-r", "koi8-r", RUSSIAN),
    "koi8r-meta": ("koi8r-meta.html", None, "koi8-r", RUSSIAN),
    "cp1251-no-label": ("cp1251-bare.html", None, "windows-1251", RUSSIAN),
    "greek-no-label": ("greek-bare.html", None, "windows-1253", "Ειδήσεις της ημέρας"),
    "shift-jis-no-label": ("shift-jis-bare.html", None, "shift_jis", "港の新しい灯台"),
    "gb2312-meta-is-gbk": ("gb2312-meta.html", None, "gbk", "今天的新闻很重要"),
    "xml-declaration": ("feed-iso-8859-15.xml", "application/rss+xml", "iso-8859-15", "Gazette €"),
    "meta-utf16-means-utf8": ("utf8-meta-utf16.html", None, "utf-8", HARBOUR),
    "mostly-utf8-stays-utf8": ("utf8-broken.html", None, "utf-8", "café and a stray \ufffd byte"),
}


@pytest.mark.parametrize(("file", "content_type", "encoding", "snippet"), CASES.values(), ids=CASES)
def test_decode_body(file: str, content_type: str | None, encoding: str, snippet: str) -> None:
    text, chosen = decode_body(read_testdata(f"charset/{file}"), content_type)
    assert chosen == encoding
    assert snippet in text
    assert not text.startswith("\ufeff")


def test_meta_after_the_prescan_window_is_not_read() -> None:
    body = b"<html>" + b" " * PRESCAN_BYTES + b'<meta charset="koi8-r"><p>plain</p>'
    assert decode_body(body, None) == (body.decode("ascii"), "utf-8")


def test_empty_body() -> None:
    assert decode_body(b"", None) == ("", "utf-8")


LABELS = {
    "latin1": ("latin1", ("cp1252", "windows-1252")),
    "iso-8859-1-upper": ("ISO-8859-1", ("cp1252", "windows-1252")),
    "ascii": ("ANSI_X3.4-1968", ("cp1252", "windows-1252")),
    "iso-8859-9": ("iso-8859-9", ("cp1254", "windows-1254")),
    "whatwg-only": ("x-cp1252", ("cp1252", "windows-1252")),
    "shift-jis": ("Shift_JIS", ("cp932", "shift_jis")),
    "utf8-spaced": ("  UTF-8 ", ("utf-8", "utf-8")),
    "utf-7-refused": ("utf-7", None),
    "rot13-refused": ("rot13", None),
    "unknown": ("no-such-charset", None),
}


@pytest.mark.parametrize(("label", "want"), LABELS.values(), ids=LABELS)
def test_resolve_label(label: str, want: tuple[str, str] | None) -> None:
    assert resolve_label(label) == want


BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@given(st.binary(max_size=2048), st.one_of(st.none(), st.text(max_size=60)))
def test_decode_body_is_total(body: bytes, content_type: str | None) -> None:
    text, encoding = decode_body(body, content_type)
    resolved = resolve_label(encoding)  # the name we report is one we would accept back
    assert resolved is not None
    if not body.startswith(BOMS):
        assert text == body.decode(resolved[0], errors="replace")


@given(st.text(max_size=500).filter(lambda t: not t.startswith("\ufeff")))
def test_labelled_utf8_round_trips(text: str) -> None:
    assert decode_body(text.encode("utf-8"), "text/html; charset=utf-8") == (text, "utf-8")


@given(st.text(alphabet=st.characters(codec="cp1252"), max_size=200))
def test_labelled_windows_1252_round_trips(text: str) -> None:
    body = text.encode("cp1252")
    assume(not body.startswith(BOMS))  # a BOM outranks the header (WHATWG)
    assert decode_body(body, "text/html; charset=iso-8859-1") == (text, "windows-1252")
