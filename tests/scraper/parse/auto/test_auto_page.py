"""Page-level results of automatic extraction: language, strategy, feeds and next page."""

from __future__ import annotations

import pytest
from autopages import auto

from scraper.parse import ParsedPage, SelectorSpec, extract_auto, extract_page

PAGE_FACTS = {
    "wordpress_list.html": ("en-GB", "structured", "https://harbour.test/page/2/"),
    "front_page.html": ("de", "auto", None),
    "table_rows.html": ("fr", "auto", "https://jardin.test/forum/potager-p2.html"),
    "card_grid.html": ("en-US", "auto", "https://trail.test/reviews/?page=2"),
    "jsonld_itemlist.html": ("pt-BR", "structured", None),
    "hatom.html": ("it", "structured", "https://bordo.test/page/2/"),
    "microdata.html": ("es", "structured", "https://campo.test/notas/?pagina=2"),
}


@pytest.mark.parametrize(("name", "facts"), PAGE_FACTS.items(), ids=PAGE_FACTS)
def test_language_strategy_and_next_page(name: str, facts: tuple[str, str, str | None]) -> None:
    page = auto(name).page
    assert (page.language, page.strategy, page.next_url) == facts


def test_feed_links_are_absolute_and_in_page_order() -> None:
    assert auto("wordpress_list.html").feeds == [
        "https://harbour.test/feed/",
        "https://harbour.test/feed/atom/",
    ]
    assert auto("card_grid.html").feeds == []


LANGUAGES = {
    "html-lang": ('<html lang="pt-BR"><body></body></html>', "pt-BR"),
    "underscore": ('<html lang="en_US"><body></body></html>', "en-US"),
    "meta-fallback": (
        '<html><head><meta http-equiv="Content-Language" content="de, en"></head></html>',
        "de",
    ),
    "none": ("<html><body><p>x</p></body></html>", None),
    "blank": ('<html lang="  "><body></body></html>', None),
}


@pytest.mark.parametrize(("html", "want"), LANGUAGES.values(), ids=LANGUAGES)
def test_language_from_the_page(html: str, want: str | None) -> None:
    assert extract_auto(html, page_url="https://l.test/").page.language == want
    spec = SelectorSpec(items="li", fields={"title": "a", "url": "a@href"})
    assert extract_page(html, page_url="https://l.test/", spec=spec).language == want


def test_parsed_page_defaults_keep_old_callers_working() -> None:
    page = ParsedPage(items=[], next_url=None)
    assert (page.language, page.strategy) == (None, "selectors")
