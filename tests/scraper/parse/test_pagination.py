"""Pagination both ways: a next link found on the page, and a page-number template."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.parse import SelectorSpec, extract_page

TESTDATA = Path(__file__).parent / "testdata"
POST_FIELDS = {"title": "h2", "url": "h2 a"}
CIRCULAR_FIELDS = {"title": "a", "url": "a", "date": ".d"}


def _next(name: str, page_url: str, **spec: str) -> str | None:
    html = (TESTDATA / name).read_text(encoding="utf-8")
    selectors = SelectorSpec(items="article.post", fields=POST_FIELDS, **spec)
    return extract_page(html, page_url=page_url, spec=selectors).next_url


NEXT_LINKS = {
    "anchor-attr-relative": ("a[rel=next]@href", "https://n.test/notes/page/3/"),
    "anchor-no-attr": ("a.next", "https://n.test/notes/page/3/"),
    "head-link": ("link[rel=next]@href", "https://n.test/notes/page/3/"),
    "list-item-descendant": ("li.older", "https://n.test/notes/page/3/"),
    "absent": ("a.missing", None),
    "text-without-link": ("span.current", None),
}


@pytest.mark.parametrize(("selector", "want"), NEXT_LINKS.values(), ids=NEXT_LINKS)
def test_next_link(selector: str, want: str | None) -> None:
    assert _next("next_link.html", "https://n.test/notes/page/2/", next_page=selector) == want


def test_next_link_resolves_against_base_href() -> None:
    html = (
        '<base href="/archive/"><article class="post"><h2><a href="a">A</a></h2></article>'
        '<a rel="next" href="p/2.html">more</a>'
    )
    spec = SelectorSpec(items="article.post", fields=POST_FIELDS, next_page="a[rel=next]@href")
    page = extract_page(html, page_url="https://n.test/archive/index.html", spec=spec)
    assert page.next_url == "https://n.test/archive/p/2.html"
    assert page.items[0].url == "https://n.test/archive/a"


@pytest.mark.parametrize(
    "page_url",
    ["https://n.test/notes/page/4/", "https://n.test/notes/page/4/#main"],
    ids=["plain", "with-fragment"],
)
def test_next_link_to_current_page_is_ignored(page_url: str) -> None:
    # The only other candidate is a javascript: link, so nothing is left to follow.
    assert _next("next_self.html", page_url, next_page="a[rel=next]@href") is None


def test_next_link_to_current_page_falls_through_to_a_real_one() -> None:
    html = (
        '<article class="post"><h2><a href="/x">X</a></h2></article>'
        '<a class="n" href="?page=2">again</a><a class="n" href="?page=3">on</a>'
    )
    spec = SelectorSpec(items="article.post", fields=POST_FIELDS, next_page="a.n")
    page = extract_page(html, page_url="https://n.test/l/?page=2", spec=spec)
    assert page.next_url == "https://n.test/l/?page=3"


TEMPLATES = {
    "query-first-page": (
        "?page={n}",
        "https://c.test/circulars/",
        None,
        1,
        "https://c.test/circulars/?page=2",
    ),
    "query-later-page": (
        "?page={n}",
        "https://c.test/circulars/?page=2",
        "https://c.test/circulars/",
        2,
        "https://c.test/circulars/?page=3",
    ),
    "path": (
        "/news/page/{n}/",
        "https://c.test/news/page/3/",
        "https://c.test/news/",
        3,
        "https://c.test/news/page/4/",
    ),
    "relative-path": ("page/{n}/", "https://c.test/news/", None, 1, "https://c.test/news/page/2/"),
    "absolute": (
        "https://c.test/archive?p={n}&size=20",
        "https://c.test/archive?p=4&size=20",
        "https://c.test/archive",
        4,
        "https://c.test/archive?p=5&size=20",
    ),
}


@pytest.mark.parametrize(
    ("template", "page_url", "start_url", "number", "want"), TEMPLATES.values(), ids=TEMPLATES
)
def test_page_template(
    template: str, page_url: str, start_url: str | None, number: int, want: str
) -> None:
    html = (TESTDATA / "numbered.html").read_text(encoding="utf-8")
    spec = SelectorSpec(items="ul.circulars li", fields=CIRCULAR_FIELDS, page_template=template)
    page = extract_page(html, page_url=page_url, spec=spec, page_number=number, start_url=start_url)
    assert len(page.items) == 2
    assert page.items[0].date == "2025-06-02"
    assert page.next_url == want


def test_page_template_stops_on_a_page_without_cards() -> None:
    spec = SelectorSpec(items="ul.circulars li", fields=CIRCULAR_FIELDS, page_template="?page={n}")
    page = extract_page(
        "<p>No circulars.</p>",
        page_url="https://c.test/c/?page=9",
        spec=spec,
        page_number=9,
        start_url="https://c.test/c/",
    )
    assert page.items == []
    assert page.next_url is None


def test_page_template_needs_a_slot() -> None:
    spec = SelectorSpec(items="li", fields=CIRCULAR_FIELDS, page_template="?page=2")
    with pytest.raises(ParseError, match=r"page_template '\?page=2' has no \{n\}"):
        extract_page("<li>x</li>", page_url="https://c.test/", spec=spec)


def test_next_page_wins_over_template() -> None:
    html = (TESTDATA / "next_link.html").read_text(encoding="utf-8")
    spec = SelectorSpec(
        items="article.post",
        fields=POST_FIELDS,
        next_page="link[rel=next]@href",
        page_template="?page={n}",
    )
    page = extract_page(html, page_url="https://n.test/notes/page/2/", spec=spec, page_number=2)
    assert page.next_url == "https://n.test/notes/page/3/"


def test_no_pagination_configured_detects_the_next_page() -> None:
    html = (TESTDATA / "numbered.html").read_text(encoding="utf-8")
    spec = SelectorSpec(items="ul.circulars li", fields=CIRCULAR_FIELDS)
    # Nothing configured: the next page is detected from the page-number run "1 [2] 3 4".
    page = extract_page(html, page_url="https://c.test/?page=2", spec=spec)
    assert page.next_url == "https://c.test/?page=3"
