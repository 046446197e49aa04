"""The bounds on a page's tree: depth and element count, judged before lexbor runs."""

from __future__ import annotations

import pytest

from scraper.errors import PageTooComplex
from scraper.parse import extract
from scraper.parse.bounds import MAX_DEPTH, MAX_ELEMENTS, check_bounds, estimated_depth

DEPTHS = {
    "flat": ("<div></div>" * 10, 1),
    "nested": ("<div><span><a>x</a></span></div>", 3),
    "void-elements-do-not-nest": ("<div>" + "<br><img><input>" * 50 + "</div>", 1),
    "unclosed-paragraphs-do-not-nest": ("<div>" + "<p>para" * 500 + "</div>", 1),
    "unclosed-list-items": ("<ul>" + "<li>item" * 500 + "</ul>", 1),
    "stray-end-tags": ("</div></div><div><b>x</b></div>", 2),
    "case-insensitive": ("<DIV><Div><div>x</DIV></div></div>", 3),
}


@pytest.mark.parametrize(("html", "depth"), DEPTHS.values(), ids=DEPTHS)
def test_estimated_depth(html: str, depth: int) -> None:
    assert estimated_depth(html) == depth


def test_a_real_sized_page_passes() -> None:
    card = "<article><h3><a href='/a'>t</a></h3><p>teaser</p><time>1 May</time></article>"
    check_bounds("<html><body>" + card * 5_000 + "</body></html>", url="http://a.test/")


def test_deep_nesting_fails_before_parsing() -> None:
    html = "<div>" * (MAX_DEPTH + 1)
    with pytest.raises(PageTooComplex, match=f"nested more than {MAX_DEPTH} deep") as info:
        extract(html, page_url="http://a.test/", selectors=None)
    assert info.value.url == "http://a.test/"


def test_too_many_elements_fails_before_parsing() -> None:
    html = "<i></i>" * (MAX_ELEMENTS + 1)
    with pytest.raises(PageTooComplex, match=f"more than the {MAX_ELEMENTS} we parse"):
        extract(html, page_url="http://a.test/", selectors=None)


def test_feeds_are_not_judged_by_html_bounds() -> None:
    feed = "<rss><channel>" + "<item><title>t</title></item>" * 10 + "</channel></rss>"
    extraction = extract(feed, page_url="http://a.test/rss", selectors=None, is_feed=True)
    assert extraction.page.strategy == "feed"
