"""Scale test: ingest N synthetic items into a fresh SQLite file through the real pipeline and
`storage.write_page`, one page-sized batch (20..100 cards) at a time, and show that the cost
per item does not grow with the database.

Each batch is one listing page of one of `SOURCES` sources: mostly new stories, and about 2%
of cards showing again a story the source already stored (the "unchanged" path: read, classify,
bump last_seen). Card text is a pure function of (source, serial), so a repeat carries the same
content and the run is deterministic. Timed per batch: `Pipeline.process` plus `write_page`
(building the RawItems is not timed), in wall time for the overall rate and in this thread's
CPU time (`time.thread_time`; everything runs in this thread, SQLite included) for the cost per
item along the run. Each tenth of the run is summed up by the median of its batches' CPU µs
per card (a median, because a shared machine disturbs single batches). The table compares
the first and the last tenth and lists every tenth: with unique-index lookups and batched
statements they stay level, where any per-item scan of the table would grow with the database.

On PostgreSQL (`database=` a URL; the schema `tidings_bench_scale`, re-created) the server's
work happens in another process, outside this thread's CPU clock, so each tenth is also given
in wall µs per card (`tenths_wall_us`), which counts the round trips and the server.

    python -m benchmarks.scale 100000 [--db postgresql+psycopg://postgres@127.0.0.1/dbname]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.pgschema import fresh_schema, schema_size_mb
from benchmarks.sitechrome import WORDS
from pipelines import RawItem, build_pipeline
from storage import count_items, open_database, write_page

__all__ = ["ScaleResult", "main", "run_scale"]

SOURCES = 20
REPEAT_SHARE = 0.02
_CATEGORIES = ("Ports", "Markets", "Weather", "Council", "Culture", "Science", "Transport")
_START = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ScaleResult:
    """One ingest of `items` cards: rates overall, in the first and in the last tenth."""

    items: int
    batches: int
    stored: int
    seconds: float
    pipeline_share: float
    items_per_s: float  # wall time
    first_tenth_per_s: float  # cards per CPU second: the medians of the first and last tenth
    last_tenth_per_s: float
    tenths_us: tuple[float, ...]  # median CPU µs per card of the batches in each tenth
    db_mb: float
    tenths_wall_us: tuple[float, ...] = ()  # median wall µs per card of each tenth's batches
    database: str = "sqlite"

    @property
    def last_over_first(self) -> float:
        return self.last_tenth_per_s / self.first_tenth_per_s if self.first_tenth_per_s else 0.0


def _words(serial: int, salt: int, count: int) -> str:
    n = len(WORDS)
    return " ".join(WORDS[(serial * 7919 + salt * 104729 + k * 31) % n] for k in range(count))


def _raw(source: int, serial: int) -> RawItem:
    """The card `serial` of `source`; the same arguments always give the same card."""
    published = _START + timedelta(minutes=serial * 17 + source)
    slug = _words(serial, 1, 4).replace(" ", "-")
    return RawItem(
        title=f"{_words(serial, 2, 6).capitalize()} {serial}",
        url=f"https://scale{source:02d}.test/news/{published:%Y/%m}/{slug}-{serial}.html",
        summary=_words(serial, 3, 24).capitalize() + ".",
        date=published.isoformat() if serial % 20 else None,
        category=_CATEGORIES[serial % len(_CATEGORIES)],
    )


def _batch(rng: random.Random, counters: list[int]) -> tuple[str, list[RawItem]]:
    source = rng.randrange(SOURCES)
    cards = []
    for _ in range(rng.randint(20, 100)):
        if counters[source] > 100 and rng.random() < REPEAT_SHARE:
            cards.append(_raw(source, rng.randrange(counters[source])))
        else:
            cards.append(_raw(source, counters[source]))
            counters[source] += 1
    return f"scale{source:02d}", cards


def run_scale(total: int, db: Path, *, seed: int = 4, database: str | None = None) -> ScaleResult:
    """Ingest about `total` cards into a new SQLite file at `db` (deleted first), or into the
    schema `tidings_bench_scale` (re-created) of the PostgreSQL `database` URL."""
    if database is None:
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        url = f"sqlite:///{db}"
    else:
        url = fresh_schema(database, "tidings_bench_scale")
    engine = open_database(url)
    pipeline = build_pipeline()
    rng = random.Random(seed)
    counters = [0] * SOURCES
    now = _START + timedelta(days=400)
    batches, wall, in_pipeline = 0, 0.0, 0.0
    timeline: list[tuple[int, float]] = [(0, 0.0)]  # (cards so far, CPU µs/card of the batch)
    walls: list[tuple[int, float]] = [(0, 0.0)]  # (cards so far, wall µs/card of the batch)
    while timeline[-1][0] < total:
        source, cards = _batch(rng, counters)
        started, cpu = time.perf_counter(), time.thread_time()
        result = pipeline.process(cards, source=source, now=now)
        processed = time.perf_counter()
        write_page(engine, source=source, items=result.items, now=now)
        spent_s = time.perf_counter() - started
        wall += spent_s
        walls.append((walls[-1][0] + len(cards), spent_s * 1e6 / len(cards)))
        in_pipeline += processed - started
        batches += 1
        spent_us = (time.thread_time() - cpu) * 1e6
        timeline.append((timeline[-1][0] + len(cards), spent_us / len(cards)))
    stored = count_items(engine)
    engine.dispose()
    if database is None:
        size_mb = sum(path.stat().st_size for path in db.parent.glob(db.name + "*")) / 2**20
    else:
        size_mb = schema_size_mb(url)
    tenths = [_median_us(timeline, k / 10, (k + 1) / 10) for k in range(10)]
    return ScaleResult(
        items=timeline[-1][0],
        batches=batches,
        stored=stored,
        seconds=wall,
        pipeline_share=in_pipeline / wall if wall else 0.0,
        items_per_s=timeline[-1][0] / wall if wall else 0.0,
        first_tenth_per_s=1e6 / tenths[0],
        last_tenth_per_s=1e6 / tenths[-1],
        tenths_us=tuple(tenths),
        db_mb=size_mb,
        tenths_wall_us=tuple(_median_us(walls, k / 10, (k + 1) / 10) for k in range(10)),
        database="sqlite" if database is None else "postgresql",
    )


def _median_us(timeline: list[tuple[int, float]], low: float, high: float) -> float:
    """The median CPU µs per card of the batches ending in (`low`, `high`] of the run."""
    total = timeline[-1][0]
    inside = [us for done, us in timeline[1:] if low * total < done <= high * total]
    return statistics.median(inside) if inside else float("nan")


def main(argv: list[str] | None = None) -> int:
    """One ingest per size given, on SQLite or on PostgreSQL; a markdown table."""
    from benchmarks.report import scale_table

    parser = argparse.ArgumentParser(description="ingest rate, first tenth against last")
    parser.add_argument("items", type=int, nargs="+")
    parser.add_argument("--db", help="a PostgreSQL URL (else a SQLite file in benchmarks/out)")
    args = parser.parse_args(argv)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    results = []
    for total in args.items:
        result = run_scale(total, out / f"scale-{total}.db", database=args.db)
        results.append(result)
        walls = " ".join(f"{us:.0f}" for us in result.tenths_wall_us)
        print(f"{result.database} {total}: wall µs/card, each tenth: {walls}", flush=True)
    print(scale_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
