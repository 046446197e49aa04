"""The bundled demo site: its shape, its HTTP behaviour, and that its selectors find every card."""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.robotparser import RobotFileParser

import httpx
import pytest

from pipelines import RawItem, canonical_url
from scraper.config import settings_from_dict
from scraper.demo import DEFAULT_PORT, DemoServer, RequestRecord, demo_sources, expected_unique_urls
from scraper.demo.content import listings
from scraper.demo.site import Site
from scraper.parse import SelectorSpec, extract_page, parse_feed

SOURCE_KEYS = {
    "name",
    "url",
    "items",
    "fields",
    "next_page",
    "page_template",
    "date_order",
    "timezone",
    "max_pages",
    "schedule",
}
CONTENT_KEY = {"trade-news": "trade", "logistics-blog": "blog", "port-bulletins": "ports"}


@dataclass(frozen=True, slots=True)
class Walk:
    """One source crawled by hand: the items of each page and the URLs visited."""

    name: str
    pages: list[list[RawItem]]
    urls: list[str]


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(port=0) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


@pytest.fixture(scope="module")
def walks(server: DemoServer, client: httpx.Client) -> dict[str, Walk]:
    return {
        str(source["name"]): _walk(source, client) for source in _listing_sources(server.base_url)
    }


def _listing_sources(base_url: str) -> list[dict[str, object]]:
    return [source for source in demo_sources(base_url) if "feed" not in source]


def _spec(source: dict[str, object]) -> SelectorSpec:
    fields = source["fields"]
    assert isinstance(fields, dict)
    next_page, template = source.get("next_page"), source.get("page_template")
    return SelectorSpec(
        items=str(source["items"]),
        fields={str(k): str(v) for k, v in fields.items()},
        next_page=None if next_page is None else str(next_page),
        page_template=None if template is None else str(template),
    )


def _walk(source: dict[str, object], client: httpx.Client) -> Walk:
    spec, start = _spec(source), str(source["url"])
    pages: list[list[RawItem]] = []
    urls: list[str] = []
    url: str | None = start
    while url is not None and len(urls) < 10:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = extract_page(
            response.text, page_url=url, spec=spec, page_number=len(urls) + 1, start_url=start
        )
        urls.append(url)
        if parsed.items:
            pages.append(parsed.items)
        url = parsed.next_url
    return Walk(str(source["name"]), pages, urls)


def _canonical(walk: Walk) -> set[str]:
    return {canonical_url(item.url) for page in walk.pages for item in page if item.url}


def test_sources_have_the_config_shape(server: DemoServer) -> None:
    sources = _listing_sources(server.base_url)
    assert len(sources) >= 3
    assert len({source["name"] for source in sources}) == len(sources)
    for source in sources:
        assert set(source) <= SOURCE_KEYS
        assert ("next_page" in source) != ("page_template" in source)
        assert source["max_pages"] == 10
        assert source["schedule"] == "15m"
        assert str(source["url"]).startswith(server.base_url + "/")
    assert any("page_template" in source for source in sources)
    assert len({source["timezone"] for source in sources}) == len(sources)


def test_sources_pass_config_validation(server: DemoServer) -> None:
    settings = settings_from_dict({"sources": demo_sources(server.base_url)}, origin="<demo>")
    assert [spec.name for spec in settings.sources] == [*CONTENT_KEY, "logistics-feed"]


def test_every_card_of_every_page_is_found(walks: dict[str, Walk]) -> None:
    for name, walk in walks.items():
        expected = listings()[CONTENT_KEY[name]].pages
        assert len(walk.pages) == len(expected) >= 5, name
        for got, want in zip(walk.pages, expected, strict=True):
            assert 15 <= len(got) <= 25
            assert [item.title for item in got] == [card.story.title for card in want]
            assert all(item.url and item.summary for item in got)


def test_union_of_cards_is_the_expected_url_set(server: DemoServer, walks: dict[str, Walk]) -> None:
    found = set().union(*(_canonical(walk) for walk in walks.values()))
    expected = expected_unique_urls(server.base_url)
    assert found == expected
    assert len(expected) < sum(len(page) for walk in walks.values() for page in walk.pages)


def test_one_article_is_listed_by_two_sources(walks: dict[str, Walk]) -> None:
    names = list(walks)
    shared = [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if _canonical(walks[a]) & _canonical(walks[b])
    ]
    assert len(shared) >= 1


def test_a_tracked_link_has_an_untracked_twin(walks: dict[str, Walk]) -> None:
    raw = {item.url for walk in walks.values() for page in walk.pages for item in page if item.url}
    tracked = {url for url in raw if "utm_" in url}
    assert tracked
    assert any(canonical_url(url) in raw for url in tracked)


def test_some_cards_lack_date_or_category(walks: dict[str, Walk]) -> None:
    trade = [item for page in walks["trade-news"].pages for item in page]
    assert any(item.date is None and item.category is None for item in trade)
    assert any(item.date is not None and item.category is None for item in trade)


DATE_STYLES = {
    "trade-news": [r"\d{2}/\d{2}/\d{4}"],
    "logistics-blog": [r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", r"\d{2}\.\d{2}\.\d{4}"],
    "port-bulletins": [r"\d{1,2} [A-Z][a-z]+ \d{4}", r"\d{4}-\d{2}-\d{2}"],
}


@pytest.mark.parametrize(("name", "patterns"), DATE_STYLES.items(), ids=DATE_STYLES)
def test_each_source_has_its_date_styles(
    walks: dict[str, Walk], name: str, patterns: list[str]
) -> None:
    dates = [item.date for page in walks[name].pages for item in page if item.date]
    for pattern in patterns:
        assert any(re.fullmatch(pattern, date) for date in dates), pattern
    assert all(any(re.fullmatch(p, date) for p in patterns) for date in dates)


def test_pagination_styles(walks: dict[str, Walk], server: DemoServer) -> None:
    base = server.base_url
    assert walks["trade-news"].urls[1] == f"{base}/trade/news/?page=2"
    # The page template runs one page past the end, which lists nothing.
    assert len(walks["trade-news"].urls) == len(walks["trade-news"].pages) + 1
    assert walks["logistics-blog"].urls[-1] == f"{base}/logistics/blog/page/5/"
    assert walks["port-bulletins"].urls[1] == f"{base}/ports/bulletins/2.html"


def test_listing_noise_is_not_carded(server: DemoServer, client: httpx.Client) -> None:
    html = client.get(f"{server.base_url}/trade/news/").text
    assert "<script" in html and "<nav" in html and "<footer" in html and "sidebar" in html
    assert "{{title}}" in html  # the script template holding card-like markup
    assert html.count('class="news-item"') == 21  # twenty cards, one template


def test_get_then_conditional_get_with_etag(server: DemoServer, client: httpx.Client) -> None:
    url = f"{server.base_url}/trade/news/?page=2"
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.status_code == 200
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"If-Modified-Since": "Tue, 30 Sep 2025 06:00:00 GMT"}, 304),
        ({"If-Modified-Since": "Wed, 01 Oct 2025 00:00:00 GMT"}, 304),
        ({"If-Modified-Since": "Mon, 29 Sep 2025 06:00:00 GMT"}, 200),
        ({"If-Modified-Since": "not a date"}, 200),
        ({"If-None-Match": '"0000"', "If-Modified-Since": "Wed, 01 Oct 2025 00:00:00 GMT"}, 200),
        ({"If-None-Match": "*"}, 304),
        ({}, 200),
    ],
    ids=[
        "ims-equal",
        "ims-later",
        "ims-earlier",
        "ims-garbage",
        "inm-wins-over-ims",
        "inm-star",
        "unconditional",
    ],
)
def test_conditional_headers(
    server: DemoServer, client: httpx.Client, headers: dict[str, str], status: int
) -> None:
    response = client.get(f"{server.base_url}/ports/bulletins/", headers=headers)
    assert response.status_code == status
    assert response.headers["last-modified"] == "Tue, 30 Sep 2025 06:00:00 GMT"


def test_weak_etag_and_etag_lists_match(server: DemoServer, client: httpx.Client) -> None:
    url = f"{server.base_url}/logistics/blog/page/3/"
    etag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f'"x", {etag}'}).status_code == 304


def test_etags_differ_between_pages(server: DemoServer, client: httpx.Client) -> None:
    base = server.base_url
    tags = {client.get(f"{base}/trade/news/?page={n}").headers["etag"] for n in range(1, 6)}
    assert len(tags) == 5


def test_robots_txt_disallows_admin_only(server: DemoServer, client: httpx.Client) -> None:
    response = client.get(f"{server.base_url}/robots.txt")
    assert response.status_code == 200
    robots = RobotFileParser()
    robots.parse(response.text.splitlines())
    assert not robots.can_fetch("tidings", f"{server.base_url}/admin/login")
    for source in _listing_sources(server.base_url):
        assert robots.can_fetch("tidings", str(source["url"]))


@pytest.mark.parametrize(
    "path",
    [
        "/nothing-here",
        "/admin/",
        "/trade/news/?page=abc",
        "/trade/news/?page=0",
        "/logistics/blog/page/6/",
        "/ports/bulletins/9.html",
    ],
    ids=["unknown", "admin", "bad-page", "page-zero", "blog-past-end", "ports-past-end"],
)
def test_not_found(server: DemoServer, client: httpx.Client, path: str) -> None:
    assert client.get(server.base_url + path).status_code == 404


def test_article_pages_are_served(server: DemoServer, client: httpx.Client) -> None:
    for url in sorted(expected_unique_urls(server.base_url)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1>" in response.text


def test_tracked_article_link_is_served(server: DemoServer, client: httpx.Client) -> None:
    trade = next(s for s in _listing_sources(server.base_url) if "page_template" in s)
    page = client.get(str(trade["url"]) + "?page=2").text
    href = re.search(r'href="([^"]*utm_source=[^"]*)"', page)
    assert href is not None
    assert client.get(server.base_url + href.group(1).replace("&amp;", "&")).status_code == 200


def test_head_sends_headers_without_body(server: DemoServer, client: httpx.Client) -> None:
    response = client.head(f"{server.base_url}/logistics/blog/")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 1000
    assert response.content == b""


def test_requests_are_recorded_and_logged() -> None:
    log = io.StringIO()
    with DemoServer(port=0, log=log) as demo, httpx.Client() as http:
        etag = http.get(f"{demo.base_url}/trade/news/?page=2").headers["etag"]
        http.get(f"{demo.base_url}/trade/news/?page=2", headers={"If-None-Match": etag})
        http.get(f"{demo.base_url}/missing")
        records = demo.requests
    assert records == [
        RequestRecord("GET", "/trade/news/?page=2", 200, False),
        RequestRecord("GET", "/trade/news/?page=2", 304, True),
        RequestRecord("GET", "/missing", 404, False),
    ]
    assert log.getvalue().splitlines() == [
        "GET /trade/news/?page=2 200",
        "GET /trade/news/?page=2 304 conditional",
        "GET /missing 404",
    ]


def test_port_zero_binds_an_ephemeral_port() -> None:
    assert DEFAULT_PORT == 8642
    demo = DemoServer(port=0)
    with pytest.raises(RuntimeError):
        _ = demo.base_url
    with demo:
        assert demo.port != 0
        assert demo.base_url == f"http://127.0.0.1:{demo.port}"
    with pytest.raises(RuntimeError):
        _ = demo.base_url


def test_site_is_deterministic() -> None:
    first, second = listings.__wrapped__(), listings.__wrapped__()
    assert first == second
    one, two = Site.build(), Site.build()
    assert {path: r.etag for path, r in one.pages.items()} == {
        path: r.etag for path, r in two.pages.items()
    }


def test_demo_imports_only_the_standard_library() -> None:
    package = Path(sys.modules["scraper.demo"].__file__ or "").parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("scraper.demo"), (
                    f"{module.name} imports {name}"
                )


def test_feed_lists_the_blogs_newest_stories(server: DemoServer, client: httpx.Client) -> None:
    (feed,) = [s for s in demo_sources(server.base_url) if "feed" in s]
    response = client.get(str(feed["feed"]))
    assert response.headers["content-type"].startswith("application/rss+xml")
    page = parse_feed(response.content, feed_url=str(feed["feed"]))
    blog_first_page = {server.base_url + card.story.path for card in listings()["blog"].pages[0]}
    assert len(page.items) == 20
    assert {item.url for item in page.items} == blog_first_page
    assert all(item.date and item.title for item in page.items)
