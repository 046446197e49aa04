"""Selector extraction on our own fixtures: fields, gaps, @attr, base href, bad selectors, mess."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import RawItem
from scraper.errors import ParseError
from scraper.parse import ParsedPage, SelectorSpec, extract_page, split_selector
from scraper.parse.document import resolve_link

TESTDATA = Path(__file__).parent / "testdata"
DESK_URL = "https://desk.test/desk/today.html?x=1"
DEPOT_URL = "https://depot.test/notes/"

DESK = SelectorSpec(
    items="div.card",
    fields={
        "title": "h3",
        "url": "h3 a@href",
        "summary": "p.teaser",
        "date": ".meta .date",
        "category": ".meta .cat",
    },
)
DEPOT = SelectorSpec(
    items="article.post",
    fields={
        "title": "h2",
        "url": "h2 a",
        "summary": ".excerpt",
        "date": "time",
        "category": "a.label",
    },
)


def _page(name: str, spec: SelectorSpec, url: str) -> ParsedPage:
    return extract_page((TESTDATA / name).read_text(encoding="utf-8"), page_url=url, spec=spec)


def _html_page(body: str, spec: SelectorSpec, url: str = "https://x.test/list/") -> ParsedPage:
    return extract_page(f"<!doctype html><html><body>{body}</body></html>", page_url=url, spec=spec)


def _spec(**fields: str) -> SelectorSpec:
    return SelectorSpec(items="div.card", fields={"title": "h3", "url": "a@href", **fields})


def test_clean_page_reads_every_field() -> None:
    page = _page("cards.html", DEPOT, DEPOT_URL)
    assert page.items == [
        RawItem(
            title="Pallet audit finds fewer broken boards",
            url="https://depot.test/notes/2025/05/pallet-audit",
            summary="The spring count was the best in three years. "
            "Repairs moved to a single bench.",
            date="2025-05-20T08:15",
            category="Warehousing",
        ),
        RawItem(
            title="Yard lighting switched to sensors",
            url="https://depot.test/notes/2025/05/yard-lighting",
            summary="Lamps now follow the forklifts.",
            date="18.05.2025",
            category=None,
        ),
        RawItem(
            title="Dock rota goes weekly",
            url="https://depot.test/notes/2025/05/dock-rota",
            summary=None,
            date="17.05.2025",
            category="Planning",
        ),
    ]
    assert page.next_url is None


MESSY_EXPECTED = [
    RawItem(
        title="Quay fees rise for late & oversize loads",
        url="https://desk.test/desk/archive/items/quay-fees.html",
        summary="Operators said the surcharge applies from the first of next month.",
        date="03/14/2025",
        category="Fees",
    ),
    RawItem(
        title="A broker’s guide to bonded transit",
        url="https://desk.test/desk/items/brokers-guide.html?ref=list&v=2",
        summary="Six questions and short answers.",
    ),
    RawItem(title=None, url=None, summary="Trucks can queue off the main road.", date="04/02/2025"),
    RawItem(title="Survey: how long does clearance take?", url=None, category="Surveys"),
    RawItem(title="Write to the desk", url=None),
    RawItem(
        title="Night shift at the weighbridge",
        url="https://desk.test/desk/archive/items/night-shift.html",
        summary="Extra staff cover the hours between 22:00 & 06:00",
    ),
]
MESSY_IDS = [
    "complete-card-base-href",
    "no-date-no-category-entities-unclosed",
    "title-only-in-img-alt",
    "javascript-link",
    "mailto-link-after-empty-heading",
    "never-closed",
]


@pytest.mark.parametrize(("index", "want"), list(enumerate(MESSY_EXPECTED)), ids=MESSY_IDS)
def test_messy_page_card(index: int, want: RawItem) -> None:
    page = _page("messy.html", DESK, DESK_URL)
    assert page.items[index] == want


def test_messy_page_ignores_script_nav_and_sidebar() -> None:
    page = _page("messy.html", DESK, DESK_URL)
    titles = [item.title for item in page.items]
    assert len(page.items) == len(MESSY_EXPECTED)
    assert "Not a card" not in titles
    assert "Most read" not in titles


def test_title_from_image_alt_matches_heading() -> None:
    by_alt = _page(
        "messy.html",
        SelectorSpec(items="div.card", fields={"title": "img@alt", "url": "a@href"}),
        DESK_URL,
    )
    by_heading = _page("messy.html", DESK, DESK_URL)
    assert by_alt.items[0].title == by_heading.items[0].title
    assert by_alt.items[2].title == "Inland depot opens a second gate"
    assert by_alt.items[2].url == "https://other.test/story?id=7&lang=en"


@pytest.mark.parametrize(
    ("body", "url_selector", "want"),
    [
        ('<div class="card"><h3><a href="/a">A</a></h3></div>', "h3 a", "https://x.test/a"),
        ('<div class="card"><h3><a href="/a">A</a></h3></div>', "h3", "https://x.test/a"),
        ('<div class="card"><h3><a href="/a">A</a></h3></div>', "h3 a@href", "https://x.test/a"),
        ('<div class="card" data-href="b"><h3>B</h3></div>', "@data-href", "https://x.test/list/b"),
        (
            '<div class="card"><h3>C</h3><span class="u"> /c </span></div>',
            "span.u",
            "https://x.test/c",
        ),
        (
            '<div class="card"><h3><a href="#">D</a><a href="/d">d</a></h3></div>',
            "h3 a",
            "https://x.test/d",
        ),
        ('<div class="card"><h3><a href="  /e\n">E</a></h3></div>', "h3 a", "https://x.test/e"),
    ],
    ids=[
        "anchor-href",
        "descendant-anchor",
        "explicit-attr",
        "card-itself",
        "text-url",
        "skip-fragment-only",
        "whitespace-in-href",
    ],
)
def test_url_field(body: str, url_selector: str, want: str) -> None:
    spec = SelectorSpec(items="div.card", fields={"title": "h3", "url": url_selector})
    assert _html_page(body, spec).items[0].url == want


@pytest.mark.parametrize(
    "href",
    ["javascript:void(0)", " JavaScript:go()", "mailto:desk@example.test", "tel:+100", "#top", ""],
    ids=["javascript", "javascript-spaced-upper", "mailto", "tel", "fragment", "empty"],
)
def test_unfetchable_links_are_none(href: str) -> None:
    page = _html_page(f'<div class="card"><h3><a href="{href}">T</a></h3></div>', _spec())
    assert page.items == [RawItem(title="T", url=None)]


@pytest.mark.parametrize(
    ("markup", "date_selector", "want"),
    [
        (
            '<time datetime="2025-03-04T10:00+01:00">4 March</time>',
            "time",
            "2025-03-04T10:00+01:00",
        ),
        ('<time datetime=" 2025-03-04 ">4 March</time>', "time", "2025-03-04"),
        ("<time>4 March 2025</time>", "time", "4 March 2025"),
        ('<time datetime="">4 March 2025</time>', "time", "4 March 2025"),
        ('<time datetime="2025-03-04">4 March 2025</time>', "time@datetime", "2025-03-04"),
        ('<span class="d"><time datetime="2025-03-04">4 March</time></span>', "span.d", "4 March"),
    ],
    ids=[
        "datetime-attr",
        "datetime-stripped",
        "no-attr",
        "empty-attr",
        "explicit-attr",
        "wrapper-gives-text",
    ],
)
def test_time_element(markup: str, date_selector: str, want: str) -> None:
    page = _html_page(f'<div class="card"><h3>T</h3>{markup}</div>', _spec(date=date_selector))
    assert page.items[0].date == want


def test_first_non_empty_match_wins_and_text_is_joined() -> None:
    body = (
        '<div class="card"><h3> </h3><h3>Lock <em>gates</em>\n  reopen</h3>'
        '<img alt=""><img alt=" Gate  photo "><p class="s">One.</p><p class="s">Two.</p></div>'
    )
    page = _html_page(body, _spec(summary="p.s", category="img@alt"))
    assert page.items[0].title == "Lock gates reopen"
    assert page.items[0].summary == "One."
    assert page.items[0].category == "Gate photo"


@pytest.mark.parametrize(
    ("head", "url", "want"),
    [
        ('<base href="/b/">', "https://x.test/list/", "https://x.test/b/p"),
        ('<base href="https://cdn.test/root/">', "https://x.test/list/", "https://cdn.test/root/p"),
        ('<base href="sub/">', "https://x.test/list/page", "https://x.test/list/sub/p"),
        ('<base target="_top">', "https://x.test/list/", "https://x.test/list/p"),
        ('<base href="javascript:x()">', "https://x.test/list/", "https://x.test/list/p"),
        ("", "https://x.test/list/", "https://x.test/list/p"),
    ],
    ids=["absolute-path", "other-host", "relative-base", "no-href", "unusable-base", "no-base"],
)
def test_base_href(head: str, url: str, want: str) -> None:
    html = f'<html><head>{head}</head><body><div class="card"><h3><a href="p">P</a></h3></div>'
    page = extract_page(html, page_url=url, spec=_spec())
    assert page.items[0].url == want


def test_only_first_base_counts() -> None:
    html = '<base href="/one/"><base href="/two/"><div class="card"><h3><a href="p">P</a></h3>'
    page = extract_page(html, page_url="https://x.test/", spec=_spec())
    assert page.items[0].url == "https://x.test/one/p"


BAD_SPECS = {
    "items": (SelectorSpec(items="div.card[", fields={"title": "h3", "url": "a"}), "div.card["),
    "field": (SelectorSpec(items="div", fields={"title": "h3 >", "url": "a"}), "h3 >"),
    "field-attr": (
        SelectorSpec(items="div", fields={"title": "h3", "url": "a:(@href"}),
        "a:(@href",
    ),
    "next-page": (
        SelectorSpec(items="div", fields={"title": "h3", "url": "a"}, next_page="a[rel=next@href"),
        "a[rel=next@href",
    ),
    "items-attr": (SelectorSpec(items="div@id", fields={"title": "h3", "url": "a"}), "div@id"),
    "empty-items": (SelectorSpec(items="  ", fields={"title": "h3", "url": "a"}), "  "),
}


@pytest.mark.parametrize(("spec", "selector"), BAD_SPECS.values(), ids=BAD_SPECS)
def test_invalid_selector_raises_even_without_cards(spec: SelectorSpec, selector: str) -> None:
    with pytest.raises(ParseError) as caught:
        extract_page("<p>no cards here</p>", page_url="https://x.test/", spec=spec)
    assert caught.value.url == "https://x.test/"
    assert caught.value.reason.startswith(f"invalid selector {selector!r}: ")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "h3"}, "fields need a 'url' selector"),
        ({"url": "a"}, "fields need a 'title' selector"),
        ({"title": "h3", "url": "a", "author": "b"}, "unknown field 'author'"),
    ],
    ids=["no-url", "no-title", "unknown"],
)
def test_spec_fields_are_checked(fields: dict[str, str], reason: str) -> None:
    spec = SelectorSpec(items="div", fields=fields)
    with pytest.raises(ParseError, match=reason):
        extract_page("<div></div>", page_url="https://x.test/", spec=spec)


SPLITS = {
    "text": ("h3", ("h3", None)),
    "attr": ("h3 a@href", ("h3 a", "href")),
    "spaced": (" time @ datetime ", ("time", "datetime")),
    "card-itself": ("@data-url", ("", "data-url")),
    "at-in-attribute-value": ("a[href^='mailto:x@y']", ("a[href^='mailto:x@y']", None)),
    "at-in-value-then-attr": ('a[title="a@b"]@title', ('a[title="a@b"]', "title")),
    "at-in-pseudo": ("a:not([href*='@'])@href", ("a:not([href*='@'])", "href")),
    "namespaced-attr": ("use@xlink:href", ("use", "xlink:href")),
    "not-an-attr-name": ("a@1x", ("a@1x", None)),
    "trailing-at": ("a@", ("a@", None)),
}


@pytest.mark.parametrize(("selector", "want"), SPLITS.values(), ids=SPLITS)
def test_split_selector(selector: str, want: tuple[str, str | None]) -> None:
    assert split_selector(selector) == want


_CSS = st.from_regex(
    r"[a-z]{1,6}(\.[a-z]{1,5})?( [a-z]{1,4}(\[[a-z]+='[a-z@]*'\])?){0,3}", fullmatch=True
)
_ATTR = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@given(_CSS, _ATTR)
def test_split_selector_round_trips(css: str, attr: str) -> None:
    assert split_selector(f"{css}@{attr}") == (css, attr)
    assert split_selector(css) == (css, None)


@given(st.text(max_size=300))
def test_any_text_parses_without_raising(html: str) -> None:
    page = extract_page(html, page_url="https://x.test/", spec=_spec(summary="p"))
    assert all(item.url is None or item.url.startswith("https://") for item in page.items)


_FRAGMENT = st.lists(
    st.sampled_from(
        [
            "<div class=card>",
            "</div>",
            "<h3>",
            "</h3>",
            "<a href='/x'>",
            "</a>",
            "&amp;",
            "&#x",
            "<p",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "t",
            " ",
            "<table>",
            "<tr><td>",
            "<base href='//evil'>",
        ]
    ),
    max_size=40,
).map("".join)


@given(_FRAGMENT)
def test_tag_soup_parses_without_raising(html: str) -> None:
    page = extract_page(html, page_url="https://x.test/a/", spec=_spec())
    assert all(item.url is None or "://" in item.url for item in page.items)


@given(
    st.sampled_from(["https://h.test/a/b", "http://H.test:81/", "https://h.test"]),
    st.from_regex(r"/[a-z./?]{0,12}(\?[a-z=&/.?]{0,6})?(#[a-z?#]{0,3})?", fullmatch=True),
)
def test_absolute_path_links_resolve_like_urljoin(base: str, href: str) -> None:
    assert resolve_link(href, base) == urljoin(base, href)
