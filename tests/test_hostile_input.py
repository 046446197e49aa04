"""Hostile input, as properties (issue #12): whatever bytes a site or a user hands tidings, no
exception escapes but a typed, reported one.

URL canonicalisation, the date parser and normalize are pure and must be total on URL-shaped,
date-shaped and arbitrary text; the whole pipeline on random cards returns items or reasons;
the config loader on random YAML gives Settings or a ConfigError with a line; the parsers on
mutated HTML give cards or a ParseError; the host reader and the body decoder on random bytes
give a value or a FetchError.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import RawItem, build_pipeline, canonical_url, clean_text, normalize, parse_date
from scraper.config import load_settings
from scraper.errors import ConfigError, FetchError, ParseError
from scraper.fetch.addresses import host_address, policy_for_urls
from scraper.fetch.decoding import BodyDecoder
from scraper.parse import SelectorSpec, extract

_PIECES = st.sampled_from(
    ["http://", "https://", "//", "[", "]", "::1", "%", "%zz", "%00", "@", ":", ":99999", "?",
     "&", "=", "#", "/..", "/./", "utm_source=x", "\x00", " ", "\t", "ü", "xn--", "..", "a"]
)  # fmt: skip
_URLISH = st.lists(_PIECES | st.text(max_size=4), max_size=12).map("".join)


@given(_URLISH)
def test_canonical_url_is_total_on_url_shaped_junk(text: str) -> None:
    once = canonical_url(text)
    assert isinstance(once, str)
    assert canonical_url(once) == once


@given(st.text(max_size=30) | st.from_regex(r"[0-9]{1,12}([./ -][0-9]{1,12}){0,4}"))
def test_parse_date_is_total_on_number_soup(raw: str) -> None:
    parsed = parse_date(raw, now=datetime(2025, 3, 4, tzinfo=UTC))
    assert parsed is None or parsed.published_at.tzinfo is UTC


_CARDS = st.builds(
    RawItem,
    title=st.none() | st.text(max_size=40),
    url=st.none() | _URLISH,
    summary=st.none() | st.text(max_size=40),
    date=st.none() | st.text(max_size=20),
    category=st.none() | st.text(max_size=10),
)


@given(st.lists(_CARDS, max_size=8))
def test_the_pipeline_returns_items_or_reasons_for_any_cards(cards: list[RawItem]) -> None:
    result = build_pipeline().process(cards, source="s", now=datetime(2025, 3, 4, tzinfo=UTC))
    assert len(result.items) + sum(result.rejected.values()) + result.repeats == len(cards)
    for item in result.items:
        assert normalize(item) == item or isinstance(normalize(item), type(item))
        assert clean_text(item.title) == item.title


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_YAML_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(["database", "defaults", "sources", "name", "url", "items", "fields"])
_CONFIGS = st.dictionaries(_KEYS, _YAML_VALUES, max_size=4).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True)
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(_CONFIGS | st.text(max_size=200))
def test_the_config_loader_gives_settings_or_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_settings(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path))
        assert "\n" not in str(exc).strip()  # one line for the CLI to print
    except UnicodeEncodeError:
        pass  # the text could not even be written as UTF-8: nothing for tidings to read


_PAGE = (
    "<!doctype html><html lang=en><head><base href='/news/'><title>t</title></head><body>"
    "<nav><a href='/'>home</a></nav><main>"
    + "".join(
        f"<article class=card><h3><a href='story-{n}?utm_source=x'>Story {n}</a></h3>"
        f"<time datetime='2025-03-0{n}'>{n} March</time><p>Teaser {n}</p></article>"
        for n in range(1, 6)
    )
    + "<a rel=next href='?page=2'>next</a></main></body></html>"
)
_MUTATION = st.tuples(
    st.integers(0, len(_PAGE)),
    st.integers(0, 40),
    st.sampled_from(["", "<", ">", "</div>", "<div>", "\x00", "&#0;", "<a href=", "'", '"',
                     "<script>", "<![CDATA[", "<!--", "\ufffd", "<base href=//x>", "ü"]),
)  # fmt: skip
_SPEC = SelectorSpec(
    items="article.card",
    fields={"title": "h3 a", "url": "h3 a@href", "date": "time@datetime"},
    next_page="a[rel=next]@href",
)


def _mutated(mutations: list[tuple[int, int, str]]) -> str:
    page = _PAGE
    for at, cut, insert in mutations:
        page = page[:at] + insert + page[at + cut :]
    return page


@settings(max_examples=150)
@given(st.lists(_MUTATION, max_size=8), st.booleans())
def test_the_parsers_read_mutated_html_or_say_why(
    mutations: list[tuple[int, int, str]], auto: bool
) -> None:
    page = _mutated(mutations)
    try:
        extraction = extract(page, page_url="http://news.test/", selectors=None if auto else _SPEC)
    except ParseError as exc:
        assert exc.url == "http://news.test/"
        return
    for card in extraction.page.items:
        assert card.url is None or card.url.startswith(("http://", "https://"))


@given(st.binary(max_size=200), st.booleans())
def test_feeds_read_any_bytes(body: bytes, as_text: bool) -> None:
    text = body.decode("utf-8", errors="replace")
    raw = None if as_text else body
    with contextlib.suppress(ParseError):
        extract(text, page_url="http://news.test/feed", selectors=None, body=raw, is_feed=True)


@given(st.text(max_size=40))
def test_host_reading_is_total(host: str) -> None:
    host_address(host)
    policy_for_urls([f"http://{host}/", host])


@given(st.binary(max_size=300), st.sampled_from(["gzip", "deflate", "gzip, deflate", None]))
def test_the_body_decoder_gives_bytes_or_a_fetch_error(body: bytes, encoding: str | None) -> None:
    decoder = BodyDecoder(encoding, url="http://news.test/")
    try:
        out = b"".join([*decoder.feed(body), *decoder.finish()])
    except FetchError as exc:
        assert exc.url == "http://news.test/"
    else:
        assert isinstance(out, bytes)
