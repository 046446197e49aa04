"""Check that `tidings discover`'s selectors, pinned, extract the same items as automatic mode.

For every corpus page, automatic extraction runs first; its derived `SelectorSpec` then runs
through `extract_page`, and the two URL lists are compared: in the same order (what a pinned
source must give), in the same order once repeated URLs are dropped (automatic mode keeps a URL
once; the pipeline counts later copies as repeats), and as sets (second best). The corpus is
read where it lies (../shared/corpus/pages beside the project) at run time; nothing is copied
into the repository.

    .venv/bin/python benchmarks/discover_corpus.py [PAGES_DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scraper.fetch.charset import decode_body
from scraper.parse import extract_auto, extract_page

__all__ = ["main"]

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def _urls(items: list[str | None]) -> list[str]:
    return [(url or "").partition("#")[0] for url in items]


def main() -> int:
    """One row per page (auto, pinned, exact, same set) and a summary line; always exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    args = parser.parse_args()
    paths = sorted(args.pages.glob("*.html"))
    exact = once = same = 0
    print(f"{'page':<24} {'auto':>5} {'pinned':>6} {'exact':>6} {'dedup':>6} {'set':>6}")
    for path in paths:
        html, _ = decode_body(path.read_bytes(), None)
        page_url = f"https://corpus.invalid/{path.name}"
        found = extract_auto(html, page_url=page_url)
        want = _urls([item.url for item in found.page.items])
        got: list[str] = []
        if found.selectors is not None:
            pinned = extract_page(html, page_url=page_url, spec=found.selectors)
            got = _urls([item.url for item in pinned.items])
        is_exact, is_same = got == want, set(got) == set(want)
        is_once = list(dict.fromkeys(got)) == want
        exact += is_exact
        once += is_once
        same += is_same
        row = f"{path.stem:<24} {len(want):>5} {len(got):>6}"
        print(f"{row} {is_exact!s:>6} {is_once!s:>6} {is_same!s:>6}")
    total = len(paths)
    print(
        f"{exact}/{total} exact, {same}/{total} same set ({once}/{total} exact once repeats drop)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
