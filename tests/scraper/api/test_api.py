"""The JSON API over real HTTP: pages and cursors, search, filters, errors as JSON, headers."""

from __future__ import annotations

import httpx
import pytest

from scraper.api.app import CONTENT_SECURITY_POLICY
from tests.scraper.api.conftest import STORY_COUNT, Served


def _get(served: Served, path: str, **params: object) -> httpx.Response:
    return httpx.get(served.base_url + path, params=params, timeout=30)


def test_items_pages_by_cursor_cover_everything_once(served: Served) -> None:
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = _get(served, "/items", limit=10, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == STORY_COUNT + 1
    assert pages == 5


def test_search_ranks_and_snippets(served: Served) -> None:
    page = _get(served, "/items", q='"harbour notice"').json()
    assert [item["title"] for item in page["items"]] == [
        "<script>alert('x')</script> harbour notice"
    ]
    assert page["items"][0]["snippet"] == "Harbour <b>bold</b>"


def test_filters_combine(served: Served) -> None:
    items = _get(served, "/items", q="harbour", source="globex", category="Ports").json()["items"]
    assert items
    assert {(i["source"], i["category"]) for i in items} == {("globex", "Ports")}


def test_an_item_by_id(served: Served) -> None:
    first = _get(served, "/items", limit=1).json()["items"][0]
    assert _get(served, f"/items/{first['id']}").json() == first


BAD = {
    "unclosed-quote": ("/items", {"q": '"harbour'}, 400, "is not closed"),
    "foreign-cursor": ("/items", {"cursor": "bm9wZQ"}, 400, "not a cursor this server made"),
    "bad-since": ("/items", {"since": "yesterday"}, 400, "'yesterday' is neither"),
    "relevance-without-q": ("/items", {"sort": "relevance"}, 400, "needs a search text"),
    "limit-too-big": ("/items", {"limit": 1000}, 422, "less than or equal to 200"),
    "unknown-sort": ("/items", {"sort": "random"}, 422, "relevance"),
    "nul-in-source": ("/items", {"source": "a\x00b"}, 422, "pattern"),
    "no-such-item": ("/items/123456", {}, 404, "no item with id 123456"),
    "id-not-a-number": ("/items/abc", {}, 422, "valid integer"),
}


@pytest.mark.parametrize(("path", "params", "status", "reason"), BAD.values(), ids=BAD)
def test_bad_requests_get_a_json_reason(
    served: Served, path: str, params: dict[str, object], status: int, reason: str
) -> None:
    response = _get(served, path, **params)
    assert response.status_code == status
    assert reason in str(response.json()["detail"])


def test_sources_runs_stats_health(served: Served) -> None:
    sources = _get(served, "/sources").json()
    assert {s["name"]: s["items"] for s in sources} == {"acme": 30, "globex": 16}
    assert _get(served, "/runs").json() == []
    stats = _get(served, "/stats", days=3650).json()
    assert stats["items"] == STORY_COUNT + 1
    assert _get(served, "/healthz").json() == {"status": "ok", "database": "sqlite"}


def test_security_headers_and_schema(served: Served) -> None:
    response = _get(served, "/openapi.json")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    paths = set(response.json()["paths"])
    assert paths == {"/items", "/items/{item_id}", "/sources", "/runs", "/stats", "/healthz"}


def test_the_server_cannot_write(stocked_any: str) -> None:
    """The engine behind the API refuses writes, on each backend (SQLite `query_only`,
    PostgreSQL read-only transactions)."""
    from sqlalchemy.exc import DBAPIError

    from scraper.crawl import open_reader
    from storage import count_items, make_read_only

    engine = open_reader(stocked_any)
    make_read_only(engine)
    try:
        with (
            pytest.raises(DBAPIError, match=r"(?i)read.only|readonly"),
            engine.begin() as conn,
        ):
            conn.exec_driver_sql("DELETE FROM items")
        assert count_items(engine) == STORY_COUNT + 1
    finally:
        engine.dispose()
