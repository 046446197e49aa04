"""Where a tidings crawl spends its CPU: py-spy samples, grouped by subsystem and by function.

`py-spy record --gil` samples only the thread holding the GIL, so the shares are shares of
Python CPU time (waiting on the network or on a lock is not counted). A sample belongs to the
first subsystem, in `_SUBSYSTEMS` order, that has a frame on its stack; imports come first
because they happen everywhere. The function table counts a function once per sample it
appears in (inclusive time), within the crawl only (`_crawl_page` on the stack).

    .venv/bin/python -m benchmarks.profile CONFIG DB OUT_DIR
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from benchmarks.report import Cell, table

__all__ = ["profile_crawl", "summarize"]

_SUBSYSTEMS = (
    ("imports and start-up", ("_find_and_load", "load_settings", "open_engine", "build_client")),
    ("fetch: httpx + LeanTransport (h11)", ("Fetcher.fetch",)),
    ("parse: extract_page (selectolax)", ("extract (", "extract_page")),
    ("pipelines: Pipeline.process", ("Pipeline.process",)),
    (
        "storage: SQLAlchemy + sqlite3",
        ("write_page", "load_fetch_state", "begin_run (", "end_run (", "sync_sources"),
    ),
    ("thread hand-off (database thread)", ("run_in_executor", "ThreadPoolExecutor", "_worker")),
    ("event loop, TaskGroup, other", ("",)),
)


def profile_crawl(config: Path, db: Path, out: Path, *, rate_hz: int = 250) -> str | None:
    """Record one `tidings crawl` of `config` into `db`; the markdown summary, or None if
    py-spy is missing or may not attach (it needs ptrace)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return None
    raw = out / "profile.collapsed.txt"
    cmd = [
        spy, "record", "--gil", "-r", str(rate_hz), "-f", "raw", "-o", str(raw), "--",
        sys.executable, "-m", "scraper", "--config", str(config), "--db", f"sqlite:///{db}",
        "crawl", "--json",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not raw.exists():
        (out / "profile.error.txt").write_text(done.stderr, encoding="utf-8")
        return None
    text = summarize(raw.read_text(encoding="utf-8"))
    (out / "profile.md").write_text(text + "\n", encoding="utf-8")
    return text


def _stacks(collapsed: str) -> list[tuple[list[str], int]]:
    stacks = []
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _name(frame: str) -> str:
    """`func (path/to/module.py:12)` -> `func (module.py)`."""
    func, _, where = frame.partition(" (")
    return f"{func} ({where.split(':')[0].rsplit('/', 1)[-1]})" if where else func


def summarize(collapsed: str, *, top: int = 25) -> str:
    """Two markdown tables: samples by subsystem, and the top functions inside the crawl."""
    stacks = _stacks(collapsed)
    total = sum(count for _, count in stacks) or 1
    groups: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    crawl_total = 0
    for frames, count in stacks:
        joined = ";".join(frames)
        for label, needles in _SUBSYSTEMS:
            if any(needle in joined for needle in needles):
                groups[label] += count
                break
        if "_crawl_page" in joined:
            crawl_total += count
            for name in {_name(frame) for frame in frames}:
                functions[name] += count
    group_rows: list[list[Cell]] = [
        [label, 100 * groups[label] / total] for label, _ in _SUBSYSTEMS
    ]
    skip = ("runpy", "<module>", "Typer", "typer", "run_until_complete", "run_forever")
    # The trunk (CLI, event loop, the crawl's own frames down to _crawl_page) is on every
    # crawl sample and says nothing; `count < 0.98 * crawl_total` leaves it out.
    function_rows: list[list[Cell]] = [
        [name, 100 * count / total, 100 * count / (crawl_total or 1)]
        for name, count in functions.most_common(top * 2)
        if count < 0.98 * crawl_total and not any(word in name for word in skip)
    ]
    del function_rows[top:]
    return (
        f"{total} samples (GIL held)\n\n"
        + table(["subsystem", "% of CPU samples"], group_rows)
        + "\n\n"
        + table(["function (inclusive)", "% of all samples", "% of the crawl"], function_rows)
    )


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[3])
    out.mkdir(parents=True, exist_ok=True)
    text = profile_crawl(Path(argv[1]), Path(argv[2]), out)
    print(text or "py-spy could not record (see profile.error.txt)")
    return 0 if text else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
