"""Pagination detection: rel=next, page-number runs and "next" in many languages, never back."""

from __future__ import annotations

import pytest

from scraper.parse import detect_next_page
from scraper.parse.document import parse_document

PAGE = "https://n.test/list/"
NEXT = "https://n.test/list/page/2/"


def _next(body: str, page_url: str = PAGE) -> str | None:
    return detect_next_page(parse_document(f"<html><body>{body}</body></html>"), page_url=page_url)


def _link(text: str, href: str = "/list/page/2/", **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return f'<div class="pager"><a href="{href}"{extra}>{text}</a></div>'


WORDS = {
    "en-next": "Next",
    "en-next-page-arrow": "Next page ›",
    "en-older-posts": "Older posts",
    "en-older-with-left-arrow": "← Older Entries",
    "symbol-single-guillemet": "›",
    "symbol-double-guillemet": "»",
    "symbol-arrow": "→",
    "de-weiter": "Weiter",
    "de-naechste-seite": "Nächste Seite",
    "de-aeltere-beitraege": "Ältere Beiträge",
    "fr-suivant": "Suivant",
    "fr-page-suivante": "Page suivante »",
    "fr-plus-anciens": "Articles plus anciens",
    "es-siguiente": "Siguiente",
    "es-mas-antiguas": "Entradas más antiguas",
    "it-successivo": "Successivo",
    "it-piu-vecchi": "Articoli più vecchi",
    "pt-proxima-pagina": "Próxima página",
    "pt-mais-antigos": "Posts mais antigos",
    "ru-sleduyushchaya": "Следующая",
    "ru-sleduyushchaya-stranitsa": "Следующая страница",
    "ru-vperyod": "Вперёд →",
    "nl-volgende": "Volgende",
    "en-page-number-onward": "Page 2 &gt;&gt;",
    "de-seite-number-onward": "Seite 2 »",
}


@pytest.mark.parametrize("text", WORDS.values(), ids=WORDS)
def test_next_link_by_its_words(text: str) -> None:
    assert _next(_link(text)) == NEXT


@pytest.mark.parametrize(
    "attrs",
    [{"aria_label": "Next page"}, {"title": "Nächste Seite"}, {"class": "next"}],
    ids=["aria-label", "title", "class-without-text"],
)
def test_next_link_by_its_attributes(attrs: dict[str, str]) -> None:
    assert _next(_link("", **attrs)) == NEXT


PREVIOUS = {
    "en-previous": "« Previous",
    "en-prev-symbol": "‹",
    "en-newer": "Newer posts",
    "de-zurueck": "Zurück",
    "de-vorherige": "Vorherige Seite",
    "fr-precedent": "Précédent",
    "es-anterior": "Anterior",
    "it-precedente": "Precedente",
    "pt-anterior": "Página anterior",
    "ru-predydushchaya": "Предыдущая",
    "ru-nazad": "Назад",
    "en-page-number-back": "« Page 1",
}


@pytest.mark.parametrize("text", PREVIOUS.values(), ids=PREVIOUS)
def test_a_previous_link_is_never_the_next_page(text: str) -> None:
    assert _next(_link(text, href="/list/page/0/")) is None


def test_next_wins_over_previous_on_the_same_pager() -> None:
    body = _link("‹ Previous", href="/list/page/0/") + _link("Next ›")
    assert _next(body) == NEXT


RUNS = {
    "current-span": (
        '<a href="?p=1">1</a> <a href="?p=2">2</a> <span class="current">3</span> '
        '<a href="?p=4">4</a> <a href="?p=5">5</a>',
        "https://n.test/list/?p=4",
    ),
    "active-list-item": (
        '<ul class="pagination"><li><a href="/list/p1">1</a></li>'
        '<li class="active"><a href="/list/p2">2</a></li><li><a href="/list/p3">3</a></li></ul>',
        "https://n.test/list/p3",
    ),
    "aria-current-link": (
        '<nav><a href="/l/1">1</a><a aria-current="page" href="/l/2">2</a><a href="/l/3">3</a>'
        "</nav>",
        "https://n.test/l/3",
    ),
    "bold-number-between-brackets": (
        '<p><a href="/l/1">[1]</a> <b>[2]</b> <a href="/l/3">[3]</a></p>',
        "https://n.test/l/3",
    ),
    "first-page-unlinked": (
        '<div class="pages"><a href="/l/2">2</a><a href="/l/3">3</a><a href="/l/4">4</a></div>',
        "https://n.test/l/2",
    ),
    "last-page": ('<p><a href="/l/1">1</a> <span>2</span></p>', None),
}


@pytest.mark.parametrize(("body", "want"), RUNS.values(), ids=RUNS)
def test_page_number_runs(body: str, want: str | None) -> None:
    assert _next(body) == want


def test_rel_next_comes_first() -> None:
    body = '<link rel="next" href="/list/page/9/">' + _link("Next")
    assert _next(body) == "https://n.test/list/page/9/"


def test_rel_next_naming_this_page_is_ignored() -> None:
    assert _next('<a rel="next" href="/list/">Next</a>') is None


def test_a_next_label_repeated_on_every_card_is_read_more_text() -> None:
    cards = "".join(f'<div class="card"><a href="/story/{n}">Weiter</a></div>' for n in range(3))
    assert _next(cards) is None


def test_a_headline_starting_with_next_is_no_pager() -> None:
    body = _link("Next year the harbour will finally get its new pier and a ferry")
    assert _next(body) is None


def test_relative_links_resolve_against_base_href() -> None:
    body = '<base href="https://cdn.n.test/archive/">' + _link("Next", href="p2.html")
    assert _next(body) == "https://cdn.n.test/archive/p2.html"
