"""Parse micro-benchmark: microseconds to read the 20 cards of one generated page, per library.

Every contender does the same work on the same pages: parse the HTML, select `article.card`,
read title, url (made absolute), summary, date (the `<time datetime>`) and category in each,
and the next-page link. tidings runs its real `extract_page` with the manifest's selectors;
parsel (Scrapy's selector library), lxml with compiled cssselect selectors, and BeautifulSoup
on the lxml parser use the equivalent CSS. Each contender's cards are compared with tidings'
(`agrees`), so a fast wrong answer shows. Timing: `repeat` passes over the pages after one
warm-up pass, the best pass is reported (least disturbed by the other processes of a shared
machine), as µs per page. tidings' figure is also how long parsing holds the event loop per
page, which is why parsing stays inline (STYLE.md §4).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from scraper.parse import SelectorSpec, extract_page
from scraper.runtime import keep_freed_memory

__all__ = ["ParseResult", "Row", "load_pages", "run_parse_bench"]

Row = tuple[str | None, str | None, str | None, str | None, str | None]
# title, url, summary, date, category
Reader = Callable[[str, str], tuple[list[Row], str | None]]


@dataclass(frozen=True, slots=True)
class ParseResult:
    """One contender: best µs per page, cards per page, and whether its cards equal tidings'."""

    library: str
    us_per_page: float
    cards_per_page: float
    agrees: bool


def load_pages(site: Path, base_url: str, *, limit: int) -> list[tuple[str, str]]:
    """(html, page URL) of up to `limit` pages, spread over the sources."""
    files = sorted(site.glob("s*/**/index.html"))
    step = max(1, len(files) // limit)
    pages = []
    for path in files[::step][:limit]:
        url = base_url.rstrip("/") + "/" + str(path.parent.relative_to(site)) + "/"
        pages.append((path.read_text(encoding="utf-8"), url))
    return pages


def _squash(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _tidings(tidings_selectors: Mapping[str, object]) -> Reader:
    fields = tidings_selectors["fields"]
    assert isinstance(fields, dict)
    spec = SelectorSpec(
        items=str(tidings_selectors["items"]),
        fields=fields,
        next_page=str(tidings_selectors["next_page"]),
    )

    def read(html: str, url: str) -> tuple[list[Row], str | None]:
        page = extract_page(html, page_url=url, spec=spec)
        rows = [(c.title, c.url, c.summary, c.date, c.category) for c in page.items]
        return rows, page.next_url

    return read


def _parsel(sel: Mapping[str, str]) -> Reader:
    from parsel import Selector

    def read(html: str, url: str) -> tuple[list[Row], str | None]:
        doc = Selector(text=html)
        rows: list[Row] = []
        for card in doc.css(sel["items"]):
            href = card.css(sel["url"]).get()
            rows.append((
                _squash(card.css(sel["title"]).get()),
                urljoin(url, href) if href else None,
                _squash(card.css(sel["summary"]).get()),
                _squash(card.css(sel["date"]).get()),
                _squash(card.css(sel["category"]).get()),
            ))  # fmt: skip
        following = doc.css(sel["next_page"]).get()
        return rows, urljoin(url, following) if following else None

    return read


def _lxml() -> Reader:
    import lxml.html  # type: ignore[import-untyped]
    from lxml.cssselect import CSSSelector  # type: ignore[import-untyped]

    cards = CSSSelector("article.card")
    title, summary = CSSSelector("h2.card-title a"), CSSSelector("p.card-summary")
    date, category = CSSSelector("time.card-date"), CSSSelector("span.card-cat a")
    following = CSSSelector("a[rel=next]")

    def read(html: str, url: str) -> tuple[list[Row], str | None]:
        doc = lxml.html.fromstring(html)
        rows: list[Row] = []
        for card in cards(doc):
            link, when = title(card), date(card)
            text, cat = summary(card), category(card)
            href = link[0].get("href") if link else None
            rows.append((
                _squash(link[0].text_content()) if link else None,
                urljoin(url, href) if href else None,
                _squash(text[0].text_content()) if text else None,
                _squash(when[0].get("datetime")) if when else None,
                _squash(cat[0].text_content()) if cat else None,
            ))  # fmt: skip
        nxt = following(doc)
        return rows, urljoin(url, nxt[0].get("href")) if nxt else None

    return read


def _soup() -> Reader:
    from bs4 import BeautifulSoup

    def read(html: str, url: str) -> tuple[list[Row], str | None]:
        doc = BeautifulSoup(html, "lxml")
        rows: list[Row] = []
        for card in doc.select("article.card"):
            link = card.select_one("h2.card-title a")
            text, when = card.select_one("p.card-summary"), card.select_one("time.card-date")
            cat = card.select_one("span.card-cat a")
            href = link.get("href") if link else None
            rows.append((
                _squash(link.get_text()) if link else None,
                urljoin(url, str(href)) if href else None,
                _squash(text.get_text()) if text else None,
                _squash(str(when.get("datetime"))) if when else None,
                _squash(cat.get_text()) if cat else None,
            ))  # fmt: skip
        nxt = doc.select_one("a[rel=next]")
        return rows, urljoin(url, str(nxt.get("href"))) if nxt else None

    return read


def _best_us(read: Reader, pages: list[tuple[str, str]], repeat: int) -> float:
    for html, url in pages:  # warm-up: imports, selector caches
        read(html, url)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for html, url in pages:
            read(html, url)
        best = min(best, time.perf_counter() - started)
    return best * 1e6 / len(pages)


def run_parse_bench(
    pages: list[tuple[str, str]], manifest: Mapping[str, object], *, repeat: int = 5
) -> list[ParseResult]:
    """Time every contender over `pages`; tidings first, the others compared with it.

    The allocator is set as a tidings crawl sets it (`keep_freed_memory`), for every contender
    alike: otherwise glibc may hand each freed tree back to the OS and fault it in again, which
    made one parser's time swing 2x between runs, depending on where its tree landed.
    """
    keep_freed_memory()
    tidings_sel = manifest["tidings_selectors"]
    scrapy_sel = manifest["scrapy_selectors"]
    assert isinstance(tidings_sel, dict)
    assert isinstance(scrapy_sel, dict)
    readers: dict[str, Reader] = {
        "tidings extract_page (selectolax/lexbor)": _tidings(tidings_sel),
        "parsel (Scrapy)": _parsel(scrapy_sel),
        "lxml + cssselect": _lxml(),
        "BeautifulSoup (lxml parser)": _soup(),
    }
    reference = [readers["tidings extract_page (selectolax/lexbor)"](h, u) for h, u in pages]
    results = []
    for name, read in readers.items():
        answers = [read(html, url) for html, url in pages]
        cards = sum(len(rows) for rows, _ in answers) / len(pages)
        results.append(
            ParseResult(name, _best_us(read, pages, repeat), cards, answers == reference)
        )
    return results
