"""`tidings discover`'s selectors: pinned as config, they extract the same cards again."""

from __future__ import annotations

import pytest
from autopages import PAGES, auto, page_html

from scraper.parse import SelectorSpec, extract_auto, extract_page
from scraper.parse.css import css_problem

# What the spec covers on each page: every DOM card, but not items only structured data listed.
NOT_COVERED = {
    "jsonld_itemlist.html": {"https://receitas.test/doces/doce-de-leite-caseiro"},
    # The video cards hold an aria-hidden image link before the headline link in one heading:
    # no card-relative selector's first match is the headline on every card.
    "portal_front.html": {
        f"https://landesbote.test/video/{key}"
        for key in ("kv81zq3m2x", "p4w7tn9c1d", "r2d9xk5b7e", "t6m3qa8f4h")
    },
    # The department boxes' top stories and picture teasers are laid out unlike the headline
    # lists the spec is derived from; a spec reads one layout.
    "department_leads.html": {
        f"https://kreisblatt.test/{dept}/{kind}-{n}.html"
        for dept, kind, n in (
            ("politik", "thema-des-tages", 201),
            ("wirtschaft", "thema-des-tages", 202),
            ("kultur", "thema-des-tages", 203),
            ("politik", "aufmacher", 104),
            ("wirtschaft", "aufmacher", 108),
            ("kultur", "aufmacher", 112),
        )
    },
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
    # A story listed twice (a ticker above its teaser) is one item: the pipeline keeps the first.
    assert list(dict.fromkeys(_urls(found.selectors, name))) == want


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


def test_a_multi_section_front_page_round_trips_exactly() -> None:
    found = auto("front_page.html")
    assert found.selectors is not None
    assert "," in found.selectors.items  # the sections, and the lone lead story, as one list
    assert _urls(found.selectors, "front_page.html") == [item.url for item in found.page.items]
    assert len(found.page.items) == 11


_MIXED = """<html><body><main>
<section class="top"><article class="story"><h2><a href="/a/1">Lighthouse keepers meet</a></h2>
  <p>Keepers from four coasts.</p></article>
<article class="story"><h2><a href="/a/2">Ferry timetable changes for spring</a></h2>
  <p>New crossings.</p></article>
<article class="story"><h2><a href="/a/3">Harbour wall repairs begin</a></h2>
  <p>Work starts Monday.</p></article></section>
<section class="more"><ul class="links">
<li class="row"><a class="thumb" href="/a/4"><img src="/i/4.png" alt=""></a>
  <h4><a class="t" href="/a/4">Rowing club opens a second boathouse</a></h4></li>
<li class="row"><a class="thumb" href="/a/5"><img src="/i/5.png" alt=""></a>
  <h4><a class="t" href="/a/5">School choir sings at the quay festival</a></h4></li>
<li class="row"><a class="thumb" href="/a/6"><img src="/i/6.png" alt=""></a>
  <h4><a class="t" href="/a/6">Old net lofts become artist studios</a></h4></li>
</ul></section>
<div class="grid">
<div class="tile"><h3><a href="/a/7">Tide tables printed in large type</a></h3></div>
<div class="tile"></div>
<div class="tile"><h3><a href="/a/8">Fish market moves indoors for winter</a></h3></div>
<div class="tile"></div>
<div class="tile"><h3><a href="/a/9">Sea swimmers raise money for the lifeboat</a></h3></div>
</div></main></body></html>"""


def test_sections_laid_out_differently_join_with_selector_lists() -> None:
    found = extract_auto(_MIXED, page_url="https://quay.test/")
    assert found.selectors is not None
    again = extract_page(_MIXED, page_url="https://quay.test/", spec=found.selectors)
    want = [item.url for item in found.page.items]
    assert len(want) == 9
    assert [item.url for item in again.items] == want
    assert [item.title for item in again.items] == [item.title for item in found.page.items]


def test_no_selectors_when_nothing_repeats() -> None:
    found = extract_auto("<h1>One page</h1><p>Only text.</p>", page_url="https://x.test/")
    assert found.selectors is None


def test_a_tag_name_broken_by_a_stray_bracket_gives_valid_css() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scraper.parse.auto.selectors_items import tag_name

    tree = LexborHTMLParser("<main><a<rticle class=card><h3>x</h3></a<rticle></main>")
    broken = next(node for node in tree.root.traverse() if "<" in (node.tag or ""))
    assert tag_name(broken) == "*"
    assert css_problem(f"main > {tag_name(broken)}.card") is None
