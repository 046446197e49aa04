"""Write a deterministic news site: S sources x P listing pages of 20 cards, and its manifest.

Each source lives under `/<source>/`: page 1 is `/<source>/`, page n is `/<source>/page/<n>/`,
linked by `<a rel="next">`. A page is about 40 KB: 20 cards (`article.card`) inside the CMS
noise of `sitechrome`. About 5% of cards have no date. Duplicates are on purpose and counted:
a "pinned" story repeats from the previous page of the same source, and a "syndicated" story
repeats a card of an earlier source (same path, so the same canonical URL, and the same
fields, so it is a duplicate and never an update). All links are root-relative, so the site
works on any host and port.

`manifest.json` holds what a crawl must find: `unique_items` (distinct canonical URLs), the
start paths, the selectors both crawlers use, and page/card/byte totals. Same arguments, same
bytes: everything comes from one `random.Random(seed)`.

    .venv/bin/python -m benchmarks.sitegen OUT_DIR [--sources 10] [--pages 50] [--seed 4]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from benchmarks.sitechrome import WORDS, page_shell, sentence

__all__ = [
    "CARDS_PER_PAGE",
    "SCRAPY_SELECTORS",
    "TIDINGS_SELECTORS",
    "Manifest",
    "generate_site",
    "load_manifest",
    "main",
]

CARDS_PER_PAGE = 20
NO_DATE_SHARE = 0.05
PINNED_SHARE = 0.5  # pages (after the first) whose first card repeats one of the page before
SYNDICATED_SHARE = 0.02  # card slots filled with an earlier source's card
_CATEGORIES = ("Ports", "Markets", "Weather", "Council", "Culture", "Science", "Transport")
_NEWEST = datetime(2025, 6, 30, 18, 0, tzinfo=UTC)

# The same five fields for both crawlers. tidings reads a <time>'s datetime attribute by
# itself; Scrapy's CSS needs ::attr(datetime) for it.
TIDINGS_SELECTORS: dict[str, object] = {
    "items": "article.card",
    "fields": {
        "title": "h2.card-title a",
        "url": "h2.card-title a@href",
        "summary": "p.card-summary",
        "date": "time.card-date",
        "category": "span.card-cat a",
    },
    "next_page": "a[rel=next]@href",
}
SCRAPY_SELECTORS: dict[str, str] = {
    "items": "article.card",
    "title": "h2.card-title a::text",
    "url": "h2.card-title a::attr(href)",
    "summary": "p.card-summary::text",
    "date": "time.card-date::attr(datetime)",
    "category": "span.card-cat a::text",
    "next_page": "a[rel=next]::attr(href)",
}


@dataclass(frozen=True, slots=True)
class _Card:
    path: str
    title: str
    summary: str
    published: datetime | None
    category: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a crawl of the generated site must find (read back with `load_manifest`)."""

    sources: int
    pages_per_source: int
    seed: int
    start_paths: list[str]
    pages: int
    cards: int
    cards_without_date: int
    unique_items: int
    bytes_total: int

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": self.sources,
            "pages_per_source": self.pages_per_source,
            "seed": self.seed,
            "start_paths": self.start_paths,
            "pages": self.pages,
            "cards": self.cards,
            "cards_without_date": self.cards_without_date,
            "unique_items": self.unique_items,
            "bytes_total": self.bytes_total,
            "tidings_selectors": TIDINGS_SELECTORS,
            "scrapy_selectors": SCRAPY_SELECTORS,
        }


def generate_site(out: Path, *, sources: int = 10, pages: int = 50, seed: int = 4) -> Manifest:
    """Write the site into `out` (emptied first) and return its manifest (also written)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    rng = random.Random(seed)
    earlier: list[_Card] = []  # cards of the sources already written (syndication pool)
    urls: set[str] = set()
    start_paths, cards, undated, size = [], 0, 0, 0
    for index in range(1, sources + 1):
        name = f"s{index:02d}"
        start_paths.append(f"/{name}/")
        own: list[_Card] = []
        previous: list[_Card] = []
        for number in range(1, pages + 1):
            page_cards = _page_cards(
                rng, name, number=number, previous=previous, earlier=earlier, own=own
            )
            html = _page(rng, name, number, pages, page_cards)
            target = out / _page_path(name, number).strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = html.encode("utf-8")
            target.write_bytes(data)
            size += len(data)
            cards += len(page_cards)
            undated += sum(card.published is None for card in page_cards)
            urls.update(card.path for card in page_cards)
            previous = page_cards
        earlier.extend(own)
    manifest = Manifest(
        sources=sources,
        pages_per_source=pages,
        seed=seed,
        start_paths=start_paths,
        pages=sources * pages,
        cards=cards,
        cards_without_date=undated,
        unique_items=len(urls),
        bytes_total=size,
    )
    text = json.dumps(manifest.as_dict(), indent=2)
    (out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return manifest


def load_manifest(site: Path) -> dict[str, object]:
    """The manifest of a generated site, as written (selectors included)."""
    data: dict[str, object] = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    return data


def _page_path(source: str, number: int) -> str:
    return f"/{source}/" if number == 1 else f"/{source}/page/{number}/"


def _page_cards(
    rng: random.Random,
    source: str,
    *,
    number: int,
    previous: list[_Card],
    earlier: list[_Card],
    own: list[_Card],
) -> list[_Card]:
    """Twenty cards: mostly new stories, sometimes a pinned or a syndicated repeat."""
    chosen: list[_Card] = []
    if previous and rng.random() < PINNED_SHARE:
        chosen.append(rng.choice(previous[1:]))
    while len(chosen) < CARDS_PER_PAGE:
        if earlier and rng.random() < SYNDICATED_SHARE:
            repeat = rng.choice(earlier)
            if repeat not in chosen:
                chosen.append(repeat)
            continue
        card = _new_card(rng, source, len(own), number)
        own.append(card)
        chosen.append(card)
    return chosen


def _new_card(rng: random.Random, source: str, serial: int, number: int) -> _Card:
    published = None
    if rng.random() >= NO_DATE_SHARE:
        published = _NEWEST - timedelta(hours=serial * 3 + number, minutes=rng.randint(0, 59))
    title = sentence(rng, 5, 10)
    if rng.random() < 0.1:
        title += f" & {rng.choice(WORDS)}"
    slug = "-".join(title.lower().replace("&", "and").split()[:6])
    day = (published or _NEWEST).strftime("%Y/%m")
    summary = ". ".join(sentence(rng, 8, 16) for _ in range(rng.randint(2, 3))) + "."
    return _Card(
        path=f"/{source}/{day}/{slug}-{serial}.html",
        title=title,
        summary=summary,
        published=published,
        category=rng.choice(_CATEGORIES),
    )


def _card_html(rng: random.Random, card: _Card) -> str:
    href = escape(card.path)
    date = ""
    if card.published is not None:
        stamp = card.published.isoformat()
        shown = f"{card.published:%B} {card.published.day}, {card.published.year}"
        date = f'<time class="card-date published" datetime="{stamp}">{shown}</time>\n'
    return (
        f'<article class="card post type-post status-publish" data-id="{rng.randint(1, 10**6)}">'
        f'\n<div class="card-media"><a href="{href}" tabindex="-1">'
        f'<img src="/media/{rng.randint(1, 9999)}-640x360.jpg" alt="" loading="lazy" '
        'width="640" height="360"></a></div>\n<div class="card-body">\n'
        f'<span class="card-cat"><a href="/tag/{card.category.lower()}/" rel="tag">'
        f"{card.category}</a></span>\n"
        f'<h2 class="card-title entry-title"><a href="{href}" rel="bookmark">'
        f"{escape(card.title)}</a></h2>\n"
        + date
        + f'<p class="card-summary">{escape(card.summary)}</p>\n'
        f'<a class="more-link" href="{href}">Read more<span class="screen-reader-text"> '
        f"about {escape(card.title)}</span></a>\n</div>\n</article>\n"
    )


def _pager(source: str, number: int, last: int) -> str:
    parts = []
    if number > 1:
        parts.append(
            f'<a class="prev" rel="prev" href="{_page_path(source, number - 1)}">« Prev</a>'
        )
    for n in range(max(1, number - 3), min(last, number + 3) + 1):
        if n == number:
            parts.append(f'<span class="page-numbers current" aria-current="page">{n}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{_page_path(source, n)}">{n}</a>')
    if number < last:
        parts.append(
            f'<a class="next" rel="next" href="{_page_path(source, number + 1)}">Next »</a>'
        )
    return '<nav class="pagination" aria-label="Pages">' + " ".join(parts) + "</nav>\n"


def _page(rng: random.Random, source: str, number: int, last: int, cards: list[_Card]) -> str:
    body = '<div class="cards">\n' + "".join(_card_html(rng, c) for c in cards) + "</div>\n"
    extra = f'<link rel="canonical" href="{_page_path(source, number)}">\n'
    if number < last:
        extra += f'<link rel="next" href="{_page_path(source, number + 1)}">\n'
    title = f"Latest from {source}" + (f" – page {number}" if number > 1 else "")
    return page_shell(
        rng, site=source, title=title, cards=body, pager=_pager(source, number, last),
        head_extra=extra,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Generate a site from the command line and print its manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sources", type=int, default=10)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    manifest = generate_site(args.out, sources=args.sources, pages=args.pages, seed=args.seed)
    print(json.dumps(manifest.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
