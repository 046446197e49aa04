"""Structured data first: JSON-LD, microdata and hAtom, merged with what the DOM shows."""

from __future__ import annotations

import json

import pytest
from autopages import auto

from pipelines import RawItem
from scraper.parse import extract_auto
from scraper.parse.structured import merge_items

RECEITAS = "https://receitas.test/doces/"


def test_jsonld_itemlist_wins_field_by_field_and_the_dom_adds_the_rest() -> None:
    found = auto("jsonld_itemlist.html").page
    assert found.strategy == "structured"
    assert found.items == [
        RawItem(  # JSON-LD title, date, summary and section beat the card's own text
            title="Bolo de fubá cremoso",
            url=RECEITAS + "bolo-de-fuba-cremoso",
            summary="Uma receita de domingo com queijo ralado e muita paciência.",
            date="2024-05-02T10:00:00-03:00",
            category="Doces",
        ),
        RawItem(  # a bare ListItem names only url and name: the card fills the teaser
            title="Pé de moleque de panela",
            url=RECEITAS + "pe-de-moleque",
            summary="Amendoim torrado, rapadura e uma colher de pau resistente para mexer.",
        ),
        RawItem(  # only in the DOM
            title="Quindim sem erro",
            url=RECEITAS + "quindim-sem-erro",
            summary="Gemas peneiradas, coco fresco e banho-maria em forno baixo até firmar.",
        ),
        RawItem(  # only in JSON-LD, named by @id
            title="Doce de leite caseiro",
            url=RECEITAS + "doce-de-leite-caseiro",
            date="2024-04-20",
        ),
    ]


def test_breadcrumbs_and_broken_json_are_ignored() -> None:
    urls = {item.url for item in auto("jsonld_itemlist.html").page.items}
    assert "https://receitas.test/" not in urls
    assert RECEITAS not in urls


def _jsonld(*objects: object) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(obj)}</script>' for obj in objects
    )
    return f"<html><head>{scripts}</head><body><p>nothing repeats here</p></body></html>"


def _article(slug: str) -> dict[str, str]:
    return {"@type": "BlogPosting", "url": f"https://b.test/{slug}", "headline": slug.title()}


def test_a_list_of_articles_in_a_graph_is_a_listing() -> None:
    html = _jsonld({"@graph": [_article("one"), _article("two"), {"@type": "WebSite"}]})
    items = extract_auto(html, page_url="https://b.test/").page.items
    assert [item.url for item in items] == ["https://b.test/one", "https://b.test/two"]


def test_a_collection_pages_item_list_under_main_entity_is_read() -> None:
    elements = [
        {"@type": "ListItem", "position": n, "item": _article(slug)}
        for n, slug in enumerate(["one", "two"], start=1)
    ]
    listing = {"@type": "ItemList", "itemListElement": elements}
    page = {"@type": "CollectionPage", "name": "Blog", "mainEntity": listing}
    items = extract_auto(_jsonld(page), page_url="https://b.test/").page.items
    assert [(item.url, item.title) for item in items] == [
        ("https://b.test/one", "One"),
        ("https://b.test/two", "Two"),
    ]


def test_a_single_article_describes_the_page_and_is_no_listing() -> None:
    html = _jsonld(_article("only"))
    assert extract_auto(html, page_url="https://b.test/").page.items == []


def test_an_item_naming_the_page_itself_is_left_out() -> None:
    html = _jsonld(_article("here"), _article("there"), _article("elsewhere"))
    items = extract_auto(html, page_url="https://b.test/here").page.items
    assert "https://b.test/here" not in {item.url for item in items}
    assert len(items) == 2


def test_microdata_reads_each_scope_not_the_nested_author() -> None:
    found = auto("microdata.html").page
    assert found.strategy == "structured"
    first = found.items[0]
    assert first == RawItem(
        title="Grullas en Gallocanta",
        url="https://campo.test/notas/grullas-en-gallocanta",
        summary="Miles de grullas descansan en la laguna antes de seguir hacia el norte.",
        date="2024-02-12",
        category="Aves",
    )
    assert "Inés Vidal" not in {item.title for item in found.items}


def test_hatom_entries_give_title_date_summary_and_tag() -> None:
    items = auto("hatom.html").page.items
    assert [item.title for item in items] == [
        "Vela d'inverno sul lago",
        "Nodi che servono davvero",
        "Cambusa per tre giorni",
    ]
    assert items[1].date == "2024-01-09T19:30:00+01:00"
    assert items[1].category == "nodi"
    assert (items[1].summary or "").startswith("Gassa d'amante")


MERGES = {
    "structured-wins": (
        [RawItem(title="A", url="https://m.test/a/", date="2024-01-01")],
        [RawItem(title="A shown", url="https://m.test/a", summary="teaser")],
        [RawItem(title="A", url="https://m.test/a/", summary="teaser", date="2024-01-01")],
    ),
    "dom-order-then-structured-only": (
        [RawItem(title="S", url="https://m.test/s"), RawItem(title="B", url="https://m.test/b")],
        [RawItem(title="A", url="https://m.test/a"), RawItem(title="B2", url="https://m.test/b")],
        [
            RawItem(title="A", url="https://m.test/a"),
            RawItem(title="B", url="https://m.test/b"),
            RawItem(title="S", url="https://m.test/s"),
        ],
    ),
    "tracking-parameters-match": (
        [RawItem(title="T", url="https://m.test/t?utm_source=x")],
        [RawItem(title="T2", url="https://m.test/t", category="c")],
        [RawItem(title="T", url="https://m.test/t?utm_source=x", category="c")],
    ),
}


@pytest.mark.parametrize(("marked", "dom", "want"), MERGES.values(), ids=MERGES)
def test_merge_items(marked: list[RawItem], dom: list[RawItem], want: list[RawItem]) -> None:
    assert merge_items(marked, dom) == want
