"""Automatic extraction finds the cards of the main content, all sections, and no noise."""

from __future__ import annotations

import pytest
from autopages import PAGES, auto, page_html
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.parse import extract_auto

WP = "https://harbour.test/2024/"
TB = "https://tagesbote.test/"
FORUM = "https://jardin.test/forum/potager/"
TRAIL = "https://trail.test/reviews/"

EXPECTED_URLS = {
    "wordpress_list.html": [
        WP + "03/14/the-lamp-room-gets-a-new-lens/",
        WP + "03/02/fog-signals-and-why-we-still-need-them/",
        WP + "02/20/painting-the-tower-in-february/",
        WP + "02/11/school-visit-counting-the-steps/",
    ],
    "front_page.html": [
        TB + "politik/2024-04-02/damm-am-nordufer-haelt-stand-a-1001.html",
        TB + "politik/2024-04-02/neue-buslinie-ins-obertal-beschlossen-a-1002.html",
        TB + "politik/2024-04-01/schwimmbad-wird-doch-saniert-a-1003.html",
        TB + "politik/2024-04-01/abgeordnete-besuchen-die-grenzbruecke-a-1004.html",
        TB + "sport/2024-04-02/fc-tal-gewinnt-das-derby-in-der-nachspielzeit-a-2001.html",
        TB + "sport/2024-04-01/laufgruppe-sucht-neue-mitglieder-fuer-den-halbmarathon-a-2002.html",
        TB + "sport/2024-04-01/eishalle-schliesst-frueher-als-geplant-a-2003.html",
        TB + "sport/2024-03-31/tischtennis-damen-steigen-auf-a-2004.html",
        TB + "kultur/2024-04-02/stadtkapelle-probt-im-alten-bahnhof-a-3001.html",
        TB + "kultur/2024-03-30/bibliothek-verlaengert-die-oeffnungszeiten-a-3002.html",
        TB + "kultur/2024-03-29/ein-sommer-voller-freilichtkino-a-3003.html",
    ],
    "table_rows.html": [
        FORUM + "tomates-qui-fendent-t812.html",
        FORUM + "semis-de-poireaux-t809.html",
        FORUM + "purin-d-ortie-t801.html",
        FORUM + "ail-t797.html",
        FORUM + "paillage-au-carton-t790.html",
    ],
    "card_grid.html": [
        TRAIL + "rain-shells-compared",
        TRAIL + "stoves-for-one",
        TRAIL + "lightweight-poles-that-survived-a-season",
        TRAIL + "2024/03/11/headlamps-under-fifty",
    ],
}


@pytest.mark.parametrize(("name", "want"), EXPECTED_URLS.items(), ids=EXPECTED_URLS)
def test_finds_every_card_in_page_order(name: str, want: list[str]) -> None:
    assert [item.url for item in auto(name).page.items] == want


NOISE = {
    "wordpress_list.html": [
        "https://harbour.test/about/",
        "https://harbour.test/category/lighthouses/",
        "https://harbour.test/author/mira/",
        "https://harbour.test/tag/fog/",
        "https://harbour.test/page/2/",
        "https://harbour.test/privacy/",
        "https://harbour.test/2023/12/24/a-winter-night-on-the-gallery/",
    ],
    "front_page.html": [
        "https://tagesbote.test/politik/",
        "https://tagesbote.test/abo/",
        "https://tagesbote.test/karriere/",
        "https://social.test/share?u=/",
    ],
    "table_rows.html": [
        "https://jardin.test/forum/index.php",
        "https://jardin.test/forum/membre/yann.html",
        "https://jardin.test/forum/potager-p2.html",
    ],
    "card_grid.html": [
        "https://trail.test/cookies/",
        "https://social.test/trailhead",
        "https://trail.test/reviews/?page=2",
    ],
}


@pytest.mark.parametrize(("name", "noise"), NOISE.items(), ids=NOISE)
def test_leaves_out_navigation_footer_tags_pagination_and_share_bars(
    name: str, noise: list[str]
) -> None:
    urls = {item.url for item in auto(name).page.items}
    assert urls
    assert urls.isdisjoint(noise)


def test_section_front_pages_yield_every_section() -> None:
    urls = [item.url or "" for item in auto("front_page.html").page.items]
    assert {url.split("/")[3] for url in urls} == {"politik", "sport", "kultur"}


@pytest.mark.parametrize("name", sorted(PAGES), ids=sorted(PAGES))
def test_extraction_is_deterministic(name: str) -> None:
    assert auto(name) == auto(name)


@pytest.mark.parametrize(
    "html",
    ["", "<p>no links at all</p>", "<a href='/x'>one lonely link</a>", "<<<>>>&&&", "\x00\ufffd"],
    ids=["empty", "no-links", "one-link", "garbage", "control-chars"],
)
def test_pages_without_a_listing_give_no_items(html: str) -> None:
    page = extract_auto(html, page_url="https://x.test/").page
    assert page.items == []
    assert page.strategy == "auto"


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_without_raising(text: str) -> None:
    first = extract_auto(text, page_url="https://x.test/list/")
    assert first == extract_auto(text, page_url="https://x.test/list/")


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=3, max_size=8), min_size=3, max_size=12, unique_by=str))
def test_any_generated_listing_is_found_whole_and_in_order(titles: list[list[str]]) -> None:
    cards = "".join(
        f'<li class="story"><h3><a href="/news/{i}-{"-".join(words)}">{" ".join(words)}</a></h3>'
        f"<p>Teaser number {i} with a few more words to read.</p></li>"
        for i, words in enumerate(titles)
    )
    nav = "".join(f'<li><a href="/s{i}/">Sec {i}</a></li>' for i in range(6))
    html = f"<nav><ul>{nav}</ul></nav><main><ul>{cards}</ul></main>"
    items = extract_auto(html, page_url="https://gen.test/").page.items
    assert [item.title for item in items] == [" ".join(words) for words in titles]
    assert all((item.url or "").startswith("https://gen.test/news/") for item in items)


def test_a_page_wide_link_without_text_is_no_card() -> None:
    html = page_html("card_grid.html")
    titles = [
        item.title for item in extract_auto(html, page_url=PAGES["card_grid.html"]).page.items
    ]
    assert "" not in titles
    assert len(titles) == 4
