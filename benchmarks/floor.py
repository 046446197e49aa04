"""What a new process pays before it crawls: the import floor of each crawler's libraries.

Both crawlers are measured as whole processes, so interpreter start-up and imports are in every
number. Part of that is ours to cut (and was cut: commands import what they use); part is the
libraries the design fixes. This measures that part on its own: a process that imports them
and exits, under GNU time like the crawls (wall, CPU, peak RSS), best of a few runs.

- tidings: httpx, selectolax (lexbor), tenacity, PyYAML, typer, pydantic and SQLAlchemy, each
  used once the way tidings must use it: one pydantic model defined (its schema machinery loads
  on the first model: 8 MB here) and one SQLite connection opened (the pool and the dialect).
  That is what `tidings crawl` cannot run without.
- Scrapy: `scrapy.crawler` (Twisted, parsel, lxml and the rest come with it).
- a bare interpreter, for scale.

The libraries are imported the way `tidings` imports them (`cli.main`, `scraper.runtime`): the
garbage collector off (collecting the ~100k objects imports make costs 0.1 s at every start),
pydantic's plugin scan off, and httpx's command-line client left out (httpx imports it, with
click, rich and pygments, whenever click is installed: 5 MB). Scrapy's with the collector off
too, so the floors compare libraries.

The report (`report.floor_table`) then says which share of each target the floor takes. For
example an unchanged re-crawl in a new process can never cost less than the floor, whatever the
crawl does; in a long-running process (the daemon) it costs only its in-crawl time.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.crawlers import time_command

__all__ = ["FLOORS", "Floor", "measure_floors", "median_floors"]

# label -> the statement the process runs
FLOORS: dict[str, str] = {
    "python (bare interpreter)": "pass",
    "tidings' libraries (httpx, selectolax, tenacity, PyYAML, typer, pydantic, SQLAlchemy)": (
        "import gc, os, sys; gc.disable(); os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "sys.modules['httpx._main'] = None\n"
        "import httpx, selectolax.lexbor, tenacity, yaml, typer, sqlalchemy\n"
        "from pydantic import BaseModel\n"
        "class Model(BaseModel):\n"
        "    x: int = 0\n"
        "sqlalchemy.create_engine('sqlite://').connect().close()\n"
    ),
    "Scrapy's libraries (scrapy.crawler)": "import gc; gc.disable()\nimport scrapy.crawler",
}
TIDINGS_FLOOR = next(label for label in FLOORS if label.startswith("tidings"))
SCRAPY_FLOOR = next(label for label in FLOORS if label.startswith("Scrapy"))


@dataclass(frozen=True, slots=True)
class Floor:
    """One import-only process: its least wall and CPU, and its median peak RSS (over runs)."""

    label: str
    wall_s: float
    cpu_s: float
    rss_mb: float


def measure_floors(out: Path, *, repeat: int = 1) -> list[Floor]:
    """Each of FLOORS run `repeat` times; GNU time's reports are kept under `out`.

    The benchmark measures them once per round, next to that round's crawls, so that the
    machine's load is the same for the floor and for what is compared with it."""
    out.mkdir(parents=True, exist_ok=True)
    floors = []
    for number, (label, statement) in enumerate(FLOORS.items()):
        runs = [
            time_command([sys.executable, "-c", statement], log=out / f"floor{number}-{i}.log")
            for i in range(repeat)
        ]
        failed = [run for run in runs if run.returncode != 0]
        if failed:
            raise RuntimeError(f"{label}: exit {failed[0].returncode}: {failed[0].stderr[-300:]}")
        floors.append(
            Floor(
                label=label,
                wall_s=min(run.wall_s for run in runs),
                cpu_s=min(run.cpu_s for run in runs),
                rss_mb=statistics.median(run.rss_mb for run in runs),
            )
        )
    return floors


def median_floors(rounds: list[list[Floor]]) -> list[Floor]:
    """Each floor's median over the rounds (every round measures the same FLOORS in order)."""
    return [
        Floor(
            label=same[0].label,
            wall_s=statistics.median(f.wall_s for f in same),
            cpu_s=statistics.median(f.cpu_s for f in same),
            rss_mb=statistics.median(f.rss_mb for f in same),
        )
        for same in zip(*rounds, strict=True)
    ]
