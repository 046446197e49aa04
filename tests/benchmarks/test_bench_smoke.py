"""The benchmark's site generator at a tiny size: its manifest must equal what tidings reads.

`benchmarks/run.sh` checks every crawl's stored count against `manifest.json`, so the manifest
itself is checked here, against the real `extract_page`, walking each source's rel=next chain
from its start page the way a crawl does. No timings: that is the benchmark's job, not CI's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from benchmarks.sitegen import TIDINGS_SELECTORS, Manifest, generate_site, load_manifest
from scraper.parse import SelectorSpec, extract_page

BASE = "http://bench.test"
SIZES = {"2x3": (2, 3, 4), "3x4-other-seed": (3, 4, 11)}


def _spec() -> SelectorSpec:
    fields = TIDINGS_SELECTORS["fields"]
    assert isinstance(fields, dict)
    return SelectorSpec(
        items=str(TIDINGS_SELECTORS["items"]),
        fields=fields,
        next_page=str(TIDINGS_SELECTORS["next_page"]),
    )


def _walk(site: Path, manifest: Manifest) -> tuple[int, list[str], int]:
    """(pages, item URLs in order, cards without a date) over every source's chain."""
    pages, urls, undated = 0, [], 0
    for start in manifest.start_paths:
        url: str | None = BASE + start
        while url is not None:
            path = site / url.removeprefix(BASE).strip("/") / "index.html"
            page = extract_page(path.read_text(encoding="utf-8"), page_url=url, spec=_spec())
            pages += 1
            urls += [str(card.url) for card in page.items]
            undated += sum(card.date is None for card in page.items)
            url = page.next_url
    return pages, urls, undated


@pytest.mark.parametrize(("sources", "pages", "seed"), SIZES.values(), ids=SIZES)
def test_manifest_counts_equal_what_extract_page_finds(
    tmp_path: Path, sources: int, pages: int, seed: int
) -> None:
    manifest = generate_site(tmp_path, sources=sources, pages=pages, seed=seed)
    walked, urls, undated = _walk(tmp_path, manifest)
    assert walked == manifest.pages == sources * pages
    assert len(urls) == manifest.cards == 20 * manifest.pages
    assert len(set(urls)) == manifest.unique_items
    assert undated == manifest.cards_without_date
    assert load_manifest(tmp_path)["unique_items"] == manifest.unique_items


def test_the_site_has_duplicates_and_undated_cards(tmp_path: Path) -> None:
    """The cases the crawlers must handle are really there at the default shape's density."""
    manifest = generate_site(tmp_path, sources=4, pages=8, seed=4)
    assert manifest.unique_items < manifest.cards
    assert 0 < manifest.cards_without_date < manifest.cards // 5
    assert 30_000 < manifest.bytes_total / manifest.pages < 50_000  # "about 40 KB" a page


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    def digest(root: Path) -> str:
        files = sorted(root.rglob("*.*"))
        return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()

    generate_site(tmp_path / "a", sources=2, pages=2, seed=5)
    generate_site(tmp_path / "b", sources=2, pages=2, seed=5)
    generate_site(tmp_path / "c", sources=2, pages=2, seed=6)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")
