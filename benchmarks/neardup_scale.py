"""Ingest cost with near-duplicate detection on: N cards into a fresh SQLite file, through the
real pipeline and `storage.write_page` with `near=NearDupPolicy()`, in pages of 20..100.

    python -m benchmarks.neardup_scale 10000 100000 1000000   # one table row per size
    python -m benchmarks.neardup_scale 100000 --off           # the same ingest, dedup off
    python -m benchmarks.neardup_scale 10000 100000 --runs 3  # each size 3 times, and the spread

Cards are made of pseudo-words drawn with Zipf-like frequencies from a 30k vocabulary (a
72-word list, as `scale.py` uses, would make every card a near-duplicate of every other),
8-word titles and 25-word summaries, one story a source every ~10 minutes of publication time,
20 sources. About 5% of cards are another source's copy of a story from the last few days,
rewritten (two title words and three summary words changed, a new URL), and about 2% show a
card again (the unchanged path). Timed as `scale.py` does: the thread's CPU µs per card per
batch, the median of each tenth; the last tenth's cost against the first's is the check. The
mean of each tenth (over its cards) is printed too: it counts the batches that merge the key
store (`storage.nearkeys`), which the median skips.
"""

from __future__ import annotations

import bisect
import itertools
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines import NearDupPolicy, RawItem, build_pipeline
from storage import count_items, open_database, write_page

__all__ = ["INGESTED_AT", "pages", "run", "stream"]

SOURCES = 20
COPY_SHARE = 0.05
REPEAT_SHARE = 0.02
_START = datetime(2025, 1, 1, tzinfo=UTC)
# When the cards are "seen": after all their dates, as a crawl of an archive would.
INGESTED_AT = _START + timedelta(days=3000)
# Repeats come from a source's last 2,000 cards, copies from the last 500 stories. Only those
# are kept: a generator holding every card would make each of the collector's full passes
# longer as the run goes on, a cost of the benchmark that no crawl has.
_REPEATED_FROM = 2000
_COPIED_FROM = 500
_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zu", "pe", "an", "or", "el",
              "is", "um", "da", "fi", "go", "ha", "je", "ba", "co", "du", "ek")  # fmt: skip


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class _Cards:
    """Deterministic cards: stories per source, copies across sources, repeats."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(30_000, self.rng)
        weights = [1 / (rank + 10) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.serial = [0] * SOURCES
        self.recent: list[RawItem] = []
        self.made: list[list[RawItem]] = [[] for _ in range(SOURCES)]

    def _draw(self, count: int) -> list[str]:
        total = self.cumulative[-1]
        return [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * total)]
            for _ in range(count)
        ]

    def page(self) -> tuple[str, list[RawItem]]:
        source = self.rng.randrange(SOURCES)
        cards = [self._card(source) for _ in range(self.rng.randint(20, 100))]
        return f"src{source:02d}", cards

    def _card(self, source: int) -> RawItem:
        roll = self.rng.random()
        mine = self.made[source]
        if roll < REPEAT_SHARE and len(mine) > 100:
            return self.rng.choice(mine[-_REPEATED_FROM:])
        n = self.serial[source] = self.serial[source] + 1
        published = _START + timedelta(minutes=n * 10 + source)
        if roll < REPEAT_SHARE + COPY_SHARE and self.recent:
            card = self._copy(self.rng.choice(self.recent[-_COPIED_FROM:]), source, n, published)
        else:
            title = " ".join(self._draw(8)).capitalize()
            summary = " ".join(self._draw(25)).capitalize() + "."
            card = self._raw(source, n, published, title, summary)
            self.recent.append(card)
            if len(self.recent) > 2 * _COPIED_FROM:
                del self.recent[:-_COPIED_FROM]
        mine.append(card)
        if len(mine) > 2 * _REPEATED_FROM:
            del mine[:-_REPEATED_FROM]
        return card

    def _copy(self, of: RawItem, source: int, n: int, published: datetime) -> RawItem:
        title, summary = (of.title or "").split(), (of.summary or "").split()
        for words, changes in ((title, 2), (summary, 3)):
            for _ in range(changes):
                words[self.rng.randrange(len(words))] = self._draw(1)[0]
        return self._raw(source, n, published, " ".join(title), " ".join(summary))

    @staticmethod
    def _raw(source: int, n: int, published: datetime, title: str, summary: str) -> RawItem:
        slug = "-".join(title.lower().split()[:4])
        return RawItem(
            title=title,
            url=f"https://src{source:02d}.test/news/{published:%Y/%m}/{slug}-{n}.html",
            summary=summary,
            date=published.isoformat(),
        )


def pages(seed: int = 13) -> Iterator[tuple[str, list[RawItem]]]:
    """The stream `run` ingests, page by page: (source name, its cards), without end."""
    cards = _Cards(seed)
    while True:
        yield cards.page()


def stream(total: int, seed: int = 13) -> list[RawItem]:
    """The first `total` cards of the stream `run` ingests (whole pages, so a few more)."""
    cards, made = _Cards(seed), list[RawItem]()
    while len(made) < total:
        made.extend(cards.page()[1])
    return made


def run(
    total: int, db: Path, *, near: bool = True, seed: int = 13, progress: bool = False
) -> dict[str, float]:
    """Ingest about `total` cards into a new SQLite file at `db`; the measured numbers."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    engine = open_database(f"sqlite:///{db}")
    pipeline, policy = build_pipeline(), NearDupPolicy() if near else None
    cards = _Cards(seed)
    now = INGESTED_AT
    done, linked, wall = 0, 0, 0.0
    timeline: list[tuple[int, int, float]] = []
    while done < total:
        source, page = cards.page()
        started, cpu = time.perf_counter(), time.thread_time()
        result = pipeline.process(page, source=source, now=now)
        counts = write_page(engine, source=source, items=result.items, now=now, near=policy)
        wall += time.perf_counter() - started
        done += len(page)
        linked += counts.linked
        timeline.append((done, len(page), (time.thread_time() - cpu) * 1e6 / len(page)))
        if progress and done * 10 // total > (done - len(page)) * 10 // total:
            recent = [us for _, _, us in timeline[-200:]]
            print(
                f"  {done:,} cards: {done / wall:,.0f}/s overall, recent batches "
                f"{statistics.median(recent):.0f} µs/card",
                file=sys.stderr,
                flush=True,
            )
    stored = count_items(engine)
    engine.dispose()
    size = sum(path.stat().st_size for path in db.parent.glob(db.name + "*"))
    tenths = [[(n, us) for at, n, us in timeline if k * done / 10 < at <= (k + 1) * done / 10]
              for k in range(10)]  # fmt: skip
    medians = [_median([us for _, us in tenth]) for tenth in tenths]
    means = [_mean(tenth) for tenth in tenths]
    return {"items": done, "stored": stored, "linked": linked, "items_per_s": done / wall,
            "first_us": medians[0], "last_us": medians[-1], "first_mean_us": means[0],
            "last_mean_us": means[-1], "db_mb": size / 2**20}  # fmt: skip


def _median(values: list[float]) -> float:
    """The median, or NaN for a tenth without a batch (tiny runs)."""
    return statistics.median(values) if values else float("nan")


def _mean(batches: list[tuple[int, float]]) -> float:
    """CPU µs per card over all of a tenth's cards (batches weighted by size): unlike the
    median, it counts the rare dear batch, such as the one that merges the key store."""
    cards = sum(n for n, _ in batches)
    return sum(n * us for n, us in batches) / cards if cards else float("nan")


def main(argv: list[str]) -> None:
    near = "--off" not in argv
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 1
    sizes = [int(arg) for i, arg in enumerate(argv) if arg.isdigit() and argv[i - 1] != "--runs"]
    out = Path("benchmarks/out")
    out.mkdir(parents=True, exist_ok=True)
    print("| items | dedup | items/s | µs/card first tenth | last tenth | last/first | mean first "
          "| mean last | mean last/first | linked | DB MB |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    for size in sizes or [10_000]:
        ratios: list[tuple[float, float]] = []
        for _ in range(runs):
            r = run(size, out / f"neardup-{size}.db", near=near, progress=True)
            first, last = r["first_mean_us"], r["last_mean_us"]
            ratios.append((r["last_us"] / r["first_us"], last / first))
            print(
                f"| {r['items']:,} | {'on' if near else 'off'} | {r['items_per_s']:,.0f} "
                f"| {r['first_us']:.0f} | {r['last_us']:.0f} | {ratios[-1][0]:.2f} "
                f"| {first:.0f} | {last:.0f} | {ratios[-1][1]:.2f} | {r['linked']:,} "
                f"| {r['db_mb']:.0f} |",
                flush=True,
            )
        if runs > 1:  # one run's ratio moves by ~0.1 on this machine: say how far
            medians, means = ([ratio[k] for ratio in ratios] for k in (0, 1))
            print(
                f"| {size:,}: {runs} runs | | | | | median {statistics.median(medians):.2f} "
                f"({min(medians):.2f}-{max(medians):.2f}) | | | median "
                f"{statistics.median(means):.2f} ({min(means):.2f}-{max(means):.2f}) | | |",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
