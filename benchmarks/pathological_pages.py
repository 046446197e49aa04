"""Time automatic extraction on generated pathological pages at two sizes: it must stay linear.

Each shape stresses one part of the page reader (issue 15): hidden panels nested thousands
deep, tens of thousands of screen-reader-only spans, a huge style sheet, headline lists under
thousands of wrappers, thousands of yearless dates under month headings, and thousands of bare
headline cards whose teasers sit beside them. Every shape runs at n and 2n; the time must
grow at most `MAX_GROWTH` times (linear is 2x) and stay under `LIMIT_MS` at 2n. Times are
tidings' own: lexbor's parse of the page, timed alone, is taken off.

    .venv/bin/python benchmarks/pathological_pages.py [--n N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from scraper.parse import extract_auto

__all__ = ["main"]

LIMIT_MS = 5000.0
MAX_GROWTH = 3.0


def _card(i: int) -> str:
    return (
        f"<li><h3><a href='/n/{i}-a-b'>Headline number {i} is long enough</a></h3>"
        f"<p>Teaser {i} with a few more words to read.</p><span>14. Juli</span></li>"
    )


SHAPES: dict[str, Callable[[int], str]] = {
    "nested-hidden": lambda n: "<div hidden>" * n + "<a href='/x'>x</a>" + "</div>" * n,
    "nested-display-none": lambda n: "<div style='display:none'>" * n + "x" + "</div>" * n,
    "screen-reader-spans": lambda n: "<main>" + "<span class='sr-only'>x</span>" * (10 * n)
    + "</main>",
    "huge-style-sheet": lambda n: "<style>" + ".a{display:none}" * (20 * n) + "</style>"
    + "<main><ul>" + "".join(_card(i) for i in range(50)) + "</ul></main>",
    "deep-wrappers": lambda n: "<div>" * n + "".join(_card(i) for i in range(100)) + "</div>" * n,
    "yearless-under-headings": lambda n: "<main>"
    + "".join(f"<h2 class='month'>Juli {2000 + i % 20}</h2><ul>{_card(i)}</ul>" for i in range(n))
    + "</main>",
    "bare-cards-beside": lambda n: "<main><div>"
    + "".join(
        f"<div class='kick'>K</div><h2><a href='/n/{i}-a-b'>Headline number {i} is long enough"
        f"</a></h2><div>Teaser {i} beside its headline, long enough to read.</div>"
        for i in range(n)
    )
    + "</div></main>",
}  # fmt: skip


def _time_ms(html: str) -> float:
    """CPU ms of `extract_auto` beyond lexbor's own parse of the page (which is lexbor's:
    deep nesting costs it quadratic time before tidings reads a node)."""
    start = time.process_time()
    LexborHTMLParser(html)
    parsed = time.process_time()
    extract_auto(html, page_url="https://bench.invalid/")
    done = time.process_time()
    return max((done - parsed) - (parsed - start), 0.0) * 1000


def main() -> int:
    """One row per shape (KB and ms at n and 2n); exit 1 on a shape too slow or not linear."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    failures = 0
    print(f"{'shape':<26} {'KB':>6} {'ms':>8} {'KB 2n':>7} {'ms 2n':>8} {'growth':>7}")
    for name, build in SHAPES.items():
        small, large = build(args.n), build(2 * args.n)
        small_ms, large_ms = _time_ms(small), _time_ms(large)
        growth = large_ms / max(small_ms, 1.0)
        failures += large_ms > LIMIT_MS or growth > MAX_GROWTH
        print(
            f"{name:<26} {len(small) // 1024:>6} {small_ms:>8.0f} {len(large) // 1024:>7}"
            f" {large_ms:>8.0f} {growth:>7.2f}"
        )
    print(f"limit {LIMIT_MS:.0f} ms at 2n, growth at most {MAX_GROWTH}x; {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
