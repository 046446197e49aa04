"""`raw=true` adds the stored raw text to the API's items; without it the fields are the
contract's, exactly (the OpenAPI schema lists both as optional)."""

from __future__ import annotations

import httpx

from storage import ITEM_FIELDS, open_database, write_page
from tests.scraper.api.conftest import NOW, Served, story

RAW_TITLE = "Quay 4 reopens | Harbour Ledger"


def _get(served: Served, path: str, **params: object) -> httpx.Response:
    return httpx.get(served.base_url + path, params=params, timeout=30)


def _add_cleaned_story(served: Served) -> None:
    item = story(200, title="Quay 4 reopens", title_raw=RAW_TITLE, summary_raw="Cranes […]")
    engine = open_database(served.database_url)
    write_page(engine, source="acme", items=[item], now=NOW)
    engine.dispose()


def test_items_with_raw_carry_the_text_as_found(served_any: Served) -> None:
    _add_cleaned_story(served_any)
    items = _get(served_any, "/items", q="quay", raw="true", limit=200).json()["items"]
    by_url = {item["url"]: item for item in items}
    cleaned = by_url["https://acme.test/news/200"]
    assert (cleaned["title"], cleaned["title_raw"]) == ("Quay 4 reopens", RAW_TITLE)
    assert cleaned["summary_raw"] == "Cranes […]"
    others = [item for url, item in by_url.items() if url != cleaned["url"]]
    assert others and all(item["title_raw"] == item["title"] for item in others)
    one = _get(served_any, f"/items/{cleaned['id']}", raw="true").json()
    assert one["title_raw"] == RAW_TITLE


def test_items_without_raw_keep_the_contract_fields(served: Served) -> None:
    _add_cleaned_story(served)
    items = _get(served, "/items", limit=200).json()["items"]
    assert {tuple(item) for item in items} == {("id", *ITEM_FIELDS, "snippet")}
    one = _get(served, f"/items/{items[0]['id']}").json()
    assert "title_raw" not in one and "summary_raw" not in one


def test_the_schema_documents_the_raw_parameter(served: Served) -> None:
    schema = _get(served, "/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/items"]["get"]["parameters"]}
    assert "raw" in names
    assert "title_raw" in schema["components"]["schemas"]["ItemOut"]["properties"]
