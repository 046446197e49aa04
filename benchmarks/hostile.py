"""Wall time and peak RSS of a crawl that meets one hostile page (issue #12).

Each case crawls one source of the fault site (`tests/scraper/faults.py`, served on
127.0.0.1) as its own `tidings crawl` process, and reads that process's peak RSS from
`wait4`. The baseline is a healthy one-page source: the difference is what the hostile page
costs. The cap is the default `max_body` (15 MiB).

    python -m benchmarks.hostile            # one round, markdown tables on stdout
    python -m benchmarks.hostile --rounds 3 # the median of three

A second table is the event loop's longest stall while one large page (20,000 cards, 1.5 MB,
within the bounds) is extracted inline and on a worker thread (`asyncio.to_thread`), as the
crawl does for pages over 512 KB: what a stop signal or the other sources wait for.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "scraper"))

from faults import EXPECTED, fault_config, fault_site  # noqa: E402
from loopback import LoopbackServer, unused_port  # noqa: E402
from processes import tidings  # noqa: E402

CASES = {
    "healthy-b": "baseline: one healthy page",
    "gzip-bomb": "gzip, 1 GiB inflated (1 MB sent)",
    "stacked-gzip-bomb": "gzip, gzip: 1 GiB inflated",
    "huge-body": "4 GiB plain body, streamed",
    "deep-nesting": "90,000 nested <div>",
    "tiny-elements": "1,900,000 <i></i> (13 MB)",
}


def _measure(server: LoopbackServer, folder: Path, source: str) -> tuple[float, float, str]:
    database = f"sqlite:///{folder / (source + '.db')}"
    config = folder / f"{source}.yaml"
    config.write_text(fault_config(server, dead_port=unused_port(), database=database))
    done = tidings(["--config", str(config), "crawl", source, "--json"], folder, timeout_s=300)
    outcome = "ok" if done.returncode == 0 else "failed"
    return done.wall_s, done.max_rss_mib, outcome


def _large_page(cards: int) -> str:
    card = "<article><h3><a href='/s{n}'>Story {n}</a></h3><p>teaser {n}</p></article>"
    return "<html><body>" + "".join(card.format(n=n) for n in range(cards)) + "</body></html>"


async def _stall_ms(html: str, *, threaded: bool) -> tuple[float, float]:
    """(parse seconds, the loop's longest gap in ms) while `html` is extracted."""
    from scraper.parse import extract

    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.01)
    started = time.perf_counter()

    def parse() -> object:
        return extract(html, page_url="http://news.test/", selectors=None)

    await asyncio.to_thread(parse) if threaded else parse()
    took = time.perf_counter() - started
    done.set()
    await ticker
    return took, max(gaps) * 1000


def loop_stall() -> None:
    html = _large_page(20_000)
    print(
        f"\n| {len(html) // 1024} KB page, automatic extraction | parse s | longest loop gap ms |"
    )
    print("|---|---|---|")
    for threaded in (False, True):
        took, gap = asyncio.run(_stall_ms(html, threaded=threaded))
        print(f"| {'worker thread' if threaded else 'inline'} | {took:.2f} | {gap:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    rounds = parser.parse_args().rounds
    rows: dict[str, list[tuple[float, float, str]]] = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory() as tmp, LoopbackServer(fault_site()) as server:
        for _ in range(rounds):
            for name in CASES:
                rows[name].append(_measure(server, Path(tmp), name))
    print("| case | what | outcome | wall s | peak RSS MiB | over baseline MiB |")
    print("|---|---|---|---|---|---|")
    base = statistics.median(r[1] for r in rows["healthy-b"])
    for name, what in CASES.items():
        wall = statistics.median(r[0] for r in rows[name])
        rss = statistics.median(r[1] for r in rows[name])
        outcome = rows[name][-1][2]
        assert outcome == EXPECTED[name].status, (name, outcome)
        print(f"| {name} | {what} | {outcome} | {wall:.2f} | {rss:.1f} | {rss - base:+.1f} |")
    loop_stall()


if __name__ == "__main__":
    main()
