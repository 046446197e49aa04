"""`tidings discover`: the printed block, pasted into config.yaml, extracts the same cards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from pipelines import canonical_url
from scraper.config import Settings, load_settings
from scraper.crawl import selector_spec
from scraper.crawl.discovery import discover, source_block
from scraper.demo import DemoServer, demo_sources
from scraper.parse import extract, extract_auto

PATHS = [s["url"] for s in demo_sources("") if "url" in s]


@pytest.mark.parametrize("path", PATHS, ids=[str(p).strip("/") for p in PATHS])
def test_discovered_block_round_trips(demo_site: DemoServer, tmp_path: Path, path: str) -> None:
    url = f"{demo_site.base_url}{path}"
    page = tmp_path / "page.html"
    page.write_bytes(httpx.get(url).content)
    found = asyncio.run(discover(str(page), settings=Settings(), base_url=url))
    assert found.cards >= 18
    block = source_block(found, name="pinned")
    config = tmp_path / "config.yaml"
    config.write_text("sources:\n" + block, encoding="utf-8")
    (spec,) = load_settings(config).sources
    assert spec.name == "pinned"
    assert spec.items, block
    html = page.read_text(encoding="utf-8", errors="replace")
    pinned = extract(html, page_url=url, selectors=selector_spec(spec)).page.items
    automatic = extract_auto(html, page_url=url).page.items
    assert [canonical_url(i.url or "") for i in pinned] == [
        canonical_url(i.url or "") for i in automatic
    ]


def test_discover_needs_a_base_url_for_a_file(tmp_path: Path) -> None:
    from scraper.errors import ConfigError

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>nothing</p></body></html>", encoding="utf-8")
    with pytest.raises(ConfigError, match="--base-url"):
        asyncio.run(discover(str(page), settings=Settings(), base_url=None))


def test_discover_says_which_cards_the_selectors_leave_out(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "parse" / "auto" / "testdata" / "portal_front.html"
    page = tmp_path / "page.html"
    page.write_bytes(fixture.read_bytes())
    url = "https://landesbote.test/"
    found = asyncio.run(discover(str(page), settings=Settings(), base_url=url))
    # The video cards hold an aria-hidden image link before the headline link (see
    # test_auto_selectors.NOT_COVERED): no card-relative selector reads them.
    assert found.uncovered == [
        f"{url}video/{key}" for key in ("kv81zq3m2x", "p4w7tn9c1d", "r2d9xk5b7e", "t6m3qa8f4h")
    ]
    block = source_block(found, name="portal")
    assert f"leave out 4 of the {found.cards} cards" in block
    assert f"e.g. {url}video/kv81zq3m2x" in block
