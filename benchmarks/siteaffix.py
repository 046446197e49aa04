"""What learning site names per source costs the pipeline: a page's cards through
`Pipeline.process` with the source's `AffixEvidence` (how a crawl runs it) and without (the page
rule alone), interleaved in one process so both sides share the machine's load.

    .venv/bin/python -m benchmarks.siteaffix [--pages 400] [--cards 20] [--rounds 7]

The pages are our own: `--cards` cards a page, each title with " | Harbour Ledger", a teaser
ending "…", an ISO date. The evidence runs at its bound (`MAX_SEEN` headlines remembered) after
the first hundred pages, as a long-lived source's does. Prints ms per page, median of the rounds,
with the min-max spread, and the difference.
"""

from __future__ import annotations

import argparse
import statistics
import time

from pipelines import AffixEvidence, RawItem, build_pipeline


def _pages(count: int, cards: int) -> list[list[RawItem]]:
    return [
        [
            RawItem(
                f"Story {n}-{k} about berth {k} and the quay | Harbour Ledger",
                f"https://ledger.test/{n}/{k}",
                "A teaser about what happened at the quay …",
                "2026-03-02",
            )
            for k in range(cards)
        ]
        for n in range(count)
    ]


def _ms_per_page(pages: list[list[RawItem]], *, evidence: bool) -> float:
    pipeline = build_pipeline()
    known = AffixEvidence() if evidence else None
    started = time.perf_counter()
    for cards in pages:
        result = pipeline.process(cards, source="ledger", affixes=known)
        known = result.affixes
    return (time.perf_counter() - started) / len(pages) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    pages = _pages(args.pages, args.cards)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.rounds):
        for evidence in (False, True):
            times[evidence].append(_ms_per_page(pages, evidence=evidence))
    print(f"| pipeline, {args.cards} cards a page | ms/page (median) | min-max |")
    print("|---|---|---|")
    for evidence, label in ((False, "page rule only"), (True, "with the source's evidence")):
        got = times[evidence]
        print(f"| {label} | {statistics.median(got):.3f} | {min(got):.3f}-{max(got):.3f} |")
    extra = statistics.median(times[True]) - statistics.median(times[False])
    print(f"\nevidence adds {extra * 1000:.0f} µs a page")


if __name__ == "__main__":
    main()
