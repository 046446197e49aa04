"""Time automatic extraction on every corpus page: no errors, under 200 ms each (issue 3).

The corpus is read where it lies (../shared/corpus/pages beside the project) at run time;
nothing is copied into the repository. Each page runs `rounds` times and the worst and best CPU
times are reported, so a noisy machine shows up as a spread rather than a false pass.

    .venv/bin/python benchmarks/pages_corpus.py [PAGES_DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scraper.fetch.charset import decode_body
from scraper.parse import extract_auto

__all__ = ["main"]

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
LIMIT_MS = 200.0


def main() -> int:
    """One row per page (cards, best/worst ms); exit 1 on an error or a page over the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    failures = 0
    worst_all = 0.0
    print(f"{'page':<24} {'cards':>5} {'best ms':>8} {'worst ms':>9}")
    for path in sorted(args.pages.glob("*.html")):
        html, _ = decode_body(path.read_bytes(), None)
        times: list[float] = []
        try:
            for _ in range(args.rounds):
                start = time.process_time()
                found = extract_auto(html, page_url=f"https://corpus.invalid/{path.name}")
                times.append((time.process_time() - start) * 1000)
        except Exception as exc:  # report every page, then fail
            print(f"{path.stem:<24} error: {type(exc).__name__}: {exc}")
            failures += 1
            continue
        worst_all = max(worst_all, *times)
        failures += max(times) > LIMIT_MS
        print(f"{path.stem:<24} {len(found.page.items):>5} {min(times):>8.1f} {max(times):>9.1f}")
    print(f"worst {worst_all:.1f} ms (limit {LIMIT_MS:.0f} ms), {failures} failing page(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
