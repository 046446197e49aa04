"""`tidings discover`'s selectors: pinned as config, they extract the same cards again."""

from __future__ import annotations

import pytest
from autopages import PAGES, auto, page_html

from scraper.css import css_problem
from scraper.parse import SelectorSpec, extract_auto, extract_page

# What the spec covers on each page: every DOM card, except a front page's lone lead story
# (one of a kind, so no list selector names it) and items only structured data listed.
NOT_COVERED = {
    "front_page.html": {
        "https://tagesbote.test/politik/2024-04-02/damm-am-nordufer-haelt-stand-a-1001.html"
    },
    "jsonld_itemlist.html": {"https://receitas.test/doces/doce-de-leite-caseiro"},
}


def _urls(spec: SelectorSpec, name: str) -> list[str]:
    page = extract_page(page_html(name), page_url=PAGES[name], spec=spec)
    return [(item.url or "").partition("#")[0] for item in page.items]


@pytest.mark.parametrize("name", sorted(PAGES), ids=sorted(PAGES))
def test_derived_selectors_round_trip(name: str) -> None:
    found = auto(name)
    assert found.selectors is not None
    covered = NOT_COVERED.get(name, set())
    want = [item.url for item in found.page.items if item.url not in covered]
    assert _urls(found.selectors, name) == want


@pytest.mark.parametrize("name", sorted(PAGES), ids=sorted(PAGES))
def test_every_derived_selector_is_valid_css(name: str) -> None:
    spec = auto(name).selectors
    assert spec is not None
    assert css_problem(spec.items) is None
    for selector in spec.fields.values():
        assert css_problem(selector) is None, selector


def test_url_reads_href_and_a_time_its_datetime() -> None:
    spec = auto("wordpress_list.html").selectors
    assert spec is not None
    assert spec.fields["url"].endswith("@href")
    assert spec.fields["date"].startswith("time")
    assert spec.fields["date"].endswith("@datetime")


def test_the_pinned_spec_reads_the_same_titles_and_categories() -> None:
    found = auto("wordpress_list.html")
    assert found.selectors is not None
    again = extract_page(
        page_html("wordpress_list.html"),
        page_url=PAGES["wordpress_list.html"],
        spec=found.selectors,
    )
    assert [item.title for item in again.items] == [item.title for item in found.page.items]
    assert [item.category for item in again.items] == [item.category for item in found.page.items]


def test_a_non_card_sibling_is_kept_out_of_the_items_selector() -> None:
    spec = auto("card_grid.html").selectors
    assert spec is not None
    assert len(_urls(spec, "card_grid.html")) == 4  # the ad slot is a div.card too


def test_sections_that_read_alike_join_one_selector_list() -> None:
    spec = auto("front_page.html").selectors
    assert spec is not None
    assert "," in spec.items
    assert len(_urls(spec, "front_page.html")) == 10


def test_no_selectors_when_nothing_repeats() -> None:
    found = extract_auto("<h1>One page</h1><p>Only text.</p>", page_url="https://x.test/")
    assert found.selectors is None
