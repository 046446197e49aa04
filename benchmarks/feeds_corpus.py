"""Run parse_feed over the shared corpus feeds and check every entry has title, url and date.

Issue 3's bar for feeds: each of the corpus feeds yields every entry with a title, a url and a
date, and the whole corpus parses in well under a second. The corpus is read where it lies at
run time; nothing is copied into the repository. The feeds were saved without their URLs, so
each is parsed as if fetched from https://corpus.invalid/<file name> (relative links resolve
there). Exit status 1 when any feed misses a field or fails to parse.

    .venv/bin/python benchmarks/feeds_corpus.py [/work/shared/corpus/feeds]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from scraper.errors import ParseError
from scraper.parse.feeds.entries import parse_feed

__all__ = ["main"]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"
_COLUMNS = ("feed", "entries", "title", "url", "date", "summary", "category", "ms")


def main(argv: list[str]) -> int:
    """Print one row per feed, then a total line; 0 when every entry has title, url and date."""
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    paths = sorted(path for path in corpus.iterdir() if path.is_file())
    parse_feed(b"<rss version='2.0'><channel/></rss>", feed_url="https://warm.invalid/")
    rows, total_ms, complete = [], 0.0, True
    for path in paths:
        body = path.read_bytes()
        started = time.perf_counter()
        try:
            page = parse_feed(body, feed_url=f"https://corpus.invalid/{path.name}")
        except ParseError as exc:
            print(f"{path.name}: {exc.reason}", file=sys.stderr)
            complete = False
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000
        total_ms += elapsed_ms
        items = page.items
        counts = [sum(1 for item in items if getattr(item, field)) for field in _COLUMNS[2:7]]
        complete = complete and all(count == len(items) for count in counts[:3]) and bool(items)
        rows.append((path.name, len(items), *counts, f"{elapsed_ms:.1f}"))
    widths = [max(len(str(row[i])) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]
    for row in [_COLUMNS, *rows]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
    verdict = "every entry has title, url and date" if complete else "MISSING FIELDS"
    print(f"{len(rows)}/{len(paths)} feeds, {total_ms:.0f} ms total: {verdict}")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
