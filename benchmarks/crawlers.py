"""Run one crawler process under `/usr/bin/time -v` and read back what it did.

Both crawlers are measured the same way, as whole processes: wall time, user+sys CPU and peak
RSS come from GNU time, so interpreter start-up and imports count for both. tidings runs as a
user would run it, `tidings --config bench.yaml --db sqlite:///x.db crawl --json`, from a
generated config with the manifest's selectors, politeness delay 0 and 64 requests per host.
Its in-process crawl time is read from its own `crawl_runs` rows (first start to last
finish), which shows how much of the wall is start-up. Scrapy runs `benchmarks.scrapy_peer`.
Stored counts are read from each SQLite file directly.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

__all__ = ["Measured", "run_scrapy", "run_tidings", "tidings_config", "time_command"]

ROOT = Path(__file__).resolve().parent.parent
_TIME = "/usr/bin/time"
_PATH = os.environ.get("PYTHONPATH", "")
_TIME_FIELDS = {
    "user_s": re.compile(r"User time \(seconds\): ([0-9.]+)"),
    "sys_s": re.compile(r"System time \(seconds\): ([0-9.]+)"),
    "rss_kb": re.compile(r"Maximum resident set size \(kbytes\): ([0-9]+)"),
}
_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([0-9.]+)")


@dataclass(frozen=True, slots=True)
class Measured:
    """One crawler process: its cost, and what it fetched, extracted and stored."""

    tool: str
    wall_s: float
    cpu_s: float
    rss_mb: float
    pages: int
    cards: int
    stored: int
    returncode: int
    # In-process crawl time: tidings' first run start to last run finish (crawl_runs), Scrapy's
    # own elapsed_time_seconds (engine start to close). Start-up and imports are outside it.
    crawl_s: float | None = None

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0

    @property
    def items_per_s(self) -> float:
        return self.cards / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else 0.0


@dataclass(frozen=True, slots=True)
class _Timed:
    wall_s: float
    cpu_s: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def time_command(cmd: list[str], *, log: Path) -> _Timed:
    """Run `cmd` under GNU time -v; its stderr (and time's report) are kept in `log`."""
    report = log.with_suffix(".time")
    done = subprocess.run(
        [_TIME, "-v", "-o", str(report), *cmd],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), _PATH)))},
    )
    text = report.read_text(encoding="utf-8")
    log.write_text(done.stderr + "\n" + text, encoding="utf-8")
    values = {k: float(m.group(1)) for k, p in _TIME_FIELDS.items() if (m := p.search(text))}
    wall = _WALL.search(text)
    if wall is None or len(values) != len(_TIME_FIELDS):
        raise RuntimeError(f"no GNU time report for {cmd[0]}: {text[-500:]}")
    hours, minutes, seconds = wall.groups()
    wall_s = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    return _Timed(
        wall_s=wall_s,
        cpu_s=values["user_s"] + values["sys_s"],
        rss_mb=values["rss_kb"] / 1024,
        returncode=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
    )


def tidings_config(manifest: dict[str, object], base_url: str) -> str:
    """config.yaml for the generated site: the manifest's selectors, no politeness delay."""
    selectors = manifest["tidings_selectors"]
    assert isinstance(selectors, dict)
    paths = manifest["start_paths"]
    assert isinstance(paths, list)
    pages = manifest["pages_per_source"]
    assert isinstance(pages, int)
    sources = [
        {"name": path.strip("/"), "url": base_url.rstrip("/") + path, **selectors} for path in paths
    ]
    config = {
        "user_agent": "tidings-bench/0.1 (+benchmark on 127.0.0.1)",
        "defaults": {
            "delay": "0s",
            "concurrency_per_host": 64,
            "max_pages": pages + 1,  # >= pages: the last page's missing rel=next ends the walk
            "obey_robots": False,  # as Scrapy's ROBOTSTXT_OBEY=False: the same requests
        },
        "sources": sources,
    }
    return yaml.safe_dump(config, sort_keys=False)


def run_tidings(config: Path, db: Path, *, log: Path, tool: str = "tidings") -> Measured:
    """`tidings crawl --json` on `config` into the SQLite file `db` (kept for a re-crawl)."""
    last_run = _max_run_id(db)
    binary = Path(sys.executable).with_name("tidings")
    cmd = [str(binary), "--config", str(config), "--db", f"sqlite:///{db}", "crawl", "--json"]
    timed = time_command(cmd, log=log)
    rows = json.loads(timed.stdout) if timed.stdout.strip() else []
    pages = sum(int(row["pages"]) for row in rows)
    cards = sum(int(row.get("stats", {}).get("items", 0)) for row in rows)
    return Measured(
        tool=tool,
        wall_s=timed.wall_s,
        cpu_s=timed.cpu_s,
        rss_mb=timed.rss_mb,
        pages=pages,
        cards=cards,
        stored=_count(db),
        returncode=timed.returncode,
        crawl_s=_crawl_window(db, after_id=last_run),
    )


def run_scrapy(site: Path, base_url: str, db: Path, *, log: Path) -> Measured:
    """The Scrapy peer into the SQLite file `db`."""
    stats_file = log.with_suffix(".stats.json")
    cmd = [sys.executable, "-m", "benchmarks.scrapy_peer", str(site), base_url, str(db)]
    timed = time_command([*cmd, str(stats_file)], log=log)
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return Measured(
        tool="scrapy",
        wall_s=timed.wall_s,
        cpu_s=timed.cpu_s,
        rss_mb=timed.rss_mb,
        pages=int(stats.get("response_received_count", 0)),
        cards=int(stats.get("item_scraped_count", 0)),
        stored=_count(db),
        returncode=timed.returncode,
        crawl_s=float(stats["elapsed_time_seconds"]) if "elapsed_time_seconds" in stats else None,
    )


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        (n,) = conn.execute("SELECT count(*) FROM items").fetchone()
    return int(n)


def _max_run_id(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        (n,) = conn.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()
    return int(n)


def _crawl_window(db: Path, *, after_id: int) -> float | None:
    """Seconds from the first run's start to the last run's finish, among runs after `after_id`."""
    with sqlite3.connect(db) as conn:
        first, last = conn.execute(
            "SELECT min(started_at), max(finished_at) FROM crawl_runs WHERE id > ?", (after_id,)
        ).fetchone()
    if first is None or last is None:
        return None
    return (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
