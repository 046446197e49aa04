"""`tidings db rekey` on `neardup_scale`'s stream: dedup off for the first N cards, then the
window re-keyed (`storage.rekey_window`), then M cards with dedup on; against the same stream
with dedup on from the start, the last M cards must link the same copies.

    python -m benchmarks.neardup_rekey 20000 10000

Prints the re-key's items, keys, wall time and items/s, and the copies linked among the last
M cards both ways.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from benchmarks.neardup_scale import INGESTED_AT, pages
from pipelines import NearDupPolicy, build_pipeline
from storage import open_database, rekey_window, write_page
from storage.models import items_table

__all__ = ["run"]


def run(before: int, after: int, db: Path, *, rekey: bool) -> dict[str, float]:
    """Ingest `before` cards (dedup off when `rekey`, then a re-key) and `after` with it on."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    engine = open_database(f"sqlite:///{db}")
    pipeline, policy = build_pipeline(), NearDupPolicy()
    now = INGESTED_AT
    done, linked, out = 0, 0, dict[str, float]()
    for source, page in pages():
        if done >= before + after:
            break
        if rekey and done >= before and not out:
            started = time.perf_counter()
            result = rekey_window(engine, policy=policy, now=_newest(engine))
            wall = time.perf_counter() - started
            out = {"rekeyed": result.items, "keys": result.keys, "seconds": wall,
                   "items_per_s": result.items / wall}  # fmt: skip
        near = policy if done >= before or not rekey else None
        items = pipeline.process(page, source=source, now=now).items
        counts = write_page(engine, source=source, items=items, now=now, near=near)
        linked += counts.linked if done >= before else 0
        done += len(page)
    engine.dispose()
    return {**out, "linked_after": linked}


def _newest(engine: Engine) -> datetime:
    """The newest story date stored: the stream's `now` is years after its dates."""
    with engine.connect() as conn:
        newest = conn.scalar(select(func.max(items_table.c.published_at)))
    assert isinstance(newest, datetime)
    return newest


def main(argv: list[str]) -> None:
    before, after = (int(arg) for arg in argv[:2]) if len(argv) >= 2 else (20_000, 10_000)
    out = Path("benchmarks/out")
    out.mkdir(parents=True, exist_ok=True)
    keyed = run(before, after, out / "neardup-rekey.db", rekey=True)
    always = run(before, after, out / "neardup-always.db", rekey=False)
    print(f"re-key of {keyed['rekeyed']:,.0f} items: {keyed['keys']:,.0f} keys in "
          f"{keyed['seconds']:.1f} s ({keyed['items_per_s']:,.0f} items/s)\n"
          f"copies linked in the last {after:,} cards: {keyed['linked_after']:,.0f} after the "
          f"re-key, {always['linked_after']:,.0f} with dedup on from the start")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
