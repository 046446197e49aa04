"""Issue 10's measurements of `tidings run`, one command each (numbers: benchmarks/README.md).

    python -m benchmarks.daemon scale [--sources 1000] [--interval 10] [--duration 600]
    python -m benchmarks.daemon soak  [--duration 1800] [--interval 3]
    python -m benchmarks.daemon cost  [--sources 100]

- **scale**: N sources on one loopback server (`daemon_site`, its own process) that adds
  100-300 ms to every answer, each on an interval, no jitter, robots.txt off (so a run's first
  request is its page). Lag = the first request of a run (server log) minus its due time (the
  daemon's `job.started` log line); runs per source against the due times in the window; RSS
  every second (peak, and the last 10% of samples against the first 10% after warm-up).
- **soak**: the bundled demo site, its sources on a short interval; RSS, open fds and threads
  at the start, middle and end.
- **cost**: CPU of the daemon process per run, first crawls (200, 20 cards stored) against
  unchanged sources (one conditional request answered 304), from /proc over two windows.

The daemon runs as a user runs it (`python -m scraper -v run`), logging JSON to a file in
`benchmarks/out/daemon-<mode>/` with its config, database and the server log. `--db URL` runs
the daemon on PostgreSQL instead, in its own schema (`tidings_bench_daemon_<mode>`), and writes
`daemon-<mode>-pg/`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks.pgschema import fresh_schema

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    at: float
    rss_mb: float
    cpu_s: float
    threads: int
    fds: int


@dataclass
class Run:
    folder: Path
    proc: subprocess.Popen[bytes]
    samples: list[Sample] = field(default_factory=list)


def _sample(pid: int) -> Sample:
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return Sample(
        at=time.time(),
        rss_mb=int(fields["VmRSS"].split()[0]) / 1024,
        cpu_s=(int(stat[11]) + int(stat[12])) / _TICK,
        threads=int(fields["Threads"]),
        fds=len(os.listdir(f"/proc/{pid}/fd")),
    )


def _name(mode: str, db: str | None) -> str:
    """`daemon-<mode>`, and `-pg` on PostgreSQL, so both backends' runs stay side by side."""
    return f"daemon-{mode}" + ("-pg" if db else "")


def _folder(mode: str, db: str | None) -> Path:
    folder = OUT / _name(mode, db)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _database(folder: Path, mode: str, db: str | None) -> str:
    """The run's database: a new SQLite file in its folder, or its own PostgreSQL schema."""
    if db is None:
        return f"sqlite:///{folder / 'daemon.db'}"
    return fresh_schema(db, f"tidings_bench_daemon_{mode}")


def _config(
    folder: Path, database: str, sources: list[dict[str, object]], **daemon: object
) -> None:
    config = {
        "database": database,
        "defaults": {
            "delay": "0s",
            "retries": 0,
            "timeout": "10s",
            "jitter": 0,
            "obey_robots": False,
            "concurrency_per_host": 8,
        },
        "daemon": {"heartbeat": "5s", **daemon},
        "sources": sources,
    }
    (folder / "config.yaml").write_text(json.dumps(config, indent=1), encoding="utf-8")


def _daemon(folder: Path, duration: float) -> Run:
    """Start the daemon, sample it every second for `duration`, SIGTERM it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    with open(folder / "daemon.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scraper", "-v", "run"], cwd=folder, env=env, stderr=log
        )
    run = Run(folder, proc)
    end = time.time() + duration
    while time.time() < end and proc.poll() is None:
        run.samples.append(_sample(proc.pid))
        time.sleep(1.0)
    stopped = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=30)
    print(f"daemon exit {code} {time.monotonic() - stopped:.1f} s after SIGTERM", file=sys.stderr)
    return run


def _events(folder: Path, name: str) -> list[dict[str, object]]:
    out = []
    for line in (folder / "daemon.log").read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and f'"{name}"' in line:
            event = json.loads(line)
            if event.get("event") == name:
                out.append(event)
    return out


def _when(text: object) -> float:
    return datetime.fromisoformat(str(text)).timestamp()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _rss_trend(samples: list[Sample]) -> tuple[float, float, float]:
    """(peak, mean of the first 10% after warm-up, mean of the last 10%), MB."""
    warm = samples[len(samples) // 10 :] or samples
    tenth = max(1, len(warm) // 10)
    first = statistics.mean(s.rss_mb for s in warm[:tenth])
    last = statistics.mean(s.rss_mb for s in warm[-tenth:])
    return max(s.rss_mb for s in samples), first, last


def _site(folder: Path, port: int, latency: str, cards: int) -> subprocess.Popen[bytes]:
    site = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.daemon_site",
            "--port",
            str(port),
            "--latency",
            latency,
            "--cards",
            str(cards),
            "--log",
            str(folder / "requests.log"),
        ],
        cwd=ROOT,
    )
    time.sleep(1.0)
    return site


def _requests(folder: Path) -> dict[str, list[float]]:
    by_path: dict[str, list[float]] = defaultdict(list)
    for line in (folder / "requests.log").read_text().splitlines():
        at, path = line.split(" ", 1)
        by_path[path].append(float(at))
    return by_path


def scale(args: argparse.Namespace) -> dict[str, object]:
    folder = _folder("scale", args.db)
    site = _site(folder, args.port, args.latency, 20)
    base = f"http://127.0.0.1:{args.port}"
    sources = [
        {"name": f"s{i}", "url": f"{base}/s{i}/", "schedule": f"{args.interval}s", "max_pages": 1}
        for i in range(args.sources)
    ]
    database = _database(folder, "scale", args.db)
    _config(folder, database, sources, startup_window=f"{args.window}s", concurrency=args.sources)
    started = time.time()
    try:
        run = _daemon(folder, args.duration)
    finally:
        site.terminate()
        site.wait()
    stopped = run.samples[-1].at if run.samples else time.time()
    requests = _requests(folder)
    lags, steady, sched, runs = [], [], [], defaultdict(int)
    warm_until = started + args.window + 2 * args.interval  # first crawls store 20 cards each
    for event in _events(folder, "job.started"):
        source, due = str(event["source"]), _when(event["due"])
        if due > stopped:
            continue
        runs[source] += 1
        sched.append(float(event["lag_s"]))  # type: ignore[arg-type]
        first = next((t for t in requests.get(f"/{source}/", []) if t >= due - 0.001), None)
        if first is not None:
            lags.append(first - due)
            if due >= warm_until:
                steady.append(first - due)
    planned = {str(e["source"]): _when(e["next_run"]) for e in _events(folder, "job.planned")}
    expected = {
        name: int((stopped - t0) // args.interval) + 1
        for name, t0 in planned.items()
        if t0 <= stopped
    }
    short = {n: expected[n] - runs.get(n, 0) for n in expected if runs.get(n, 0) < expected[n] - 1}
    peak, first_rss, last_rss = _rss_trend(run.samples)
    cpu = run.samples[-1].cpu_s if run.samples else 0.0
    return {
        "database": "postgresql" if args.db else "sqlite",
        "sources": args.sources,
        "interval_s": args.interval,
        "duration_s": round(stopped - started),
        "runs": sum(runs.values()),
        "runs_expected": sum(expected.values()),
        "sources_missing_a_run": len(short),
        "runs_per_source_min_median_max": _spread(list(runs.values())),
        "lag_to_first_request_s_p50_p99_max": _three(lags),
        "same_after_first_crawls_s_p50_p99_max": _three(steady),
        "scheduler_lag_s_p50_p99_max": _three(sched),
        "rss_mb_peak_first10_last10": [round(peak, 1), round(first_rss, 1), round(last_rss, 1)],
        "cpu_s_daemon": round(cpu, 1),
        "cpu_share_of_one_core": round(cpu / max(1.0, stopped - started), 2),
    }


def _three(values: list[float]) -> list[float]:
    return [round(_pct(values, 0.5), 3), round(_pct(values, 0.99), 3), round(max(values or [0]), 3)]


def _spread(values: list[int]) -> list[float]:
    return [min(values or [0]), statistics.median(values or [0]), max(values or [0])]


def soak(args: argparse.Namespace) -> dict[str, object]:
    from scraper.crawl import demo_settings
    from scraper.demo import DemoServer

    folder = _folder("soak", args.db)
    with DemoServer("127.0.0.1", 0) as demo:
        settings = demo_settings(demo.base_url)
        sources = [
            json.loads(s.model_dump_json(exclude_defaults=True)) | {"schedule": f"{args.interval}s"}
            for s in settings.sources
        ]
        _config(folder, _database(folder, "soak", args.db), sources, startup_window="2s")
        run = _daemon(folder, args.duration)
        served = len(demo.requests)
    marks = {"start": run.samples[min(10, len(run.samples) - 1)]}
    marks["middle"] = run.samples[len(run.samples) // 2]
    marks["end"] = run.samples[-1]
    finished = _events(folder, "source.finished")
    return {
        "database": "postgresql" if args.db else "sqlite",
        "sources": len(sources),
        "interval_s": args.interval,
        "duration_s": args.duration,
        "runs": len(finished),
        "requests_served": served,
        "failed_runs": sum(1 for e in finished if e.get("status") != "ok"),
        **{
            f"{name}_rss_mb_fds_threads": [round(s.rss_mb, 1), s.fds, s.threads]
            for name, s in marks.items()
        },
    }


def cost(args: argparse.Namespace) -> dict[str, object]:
    folder = _folder("cost", args.db)
    site = _site(folder, args.port, "0-0", 20)
    base = f"http://127.0.0.1:{args.port}"
    interval = 40
    sources = [
        {"name": f"s{i}", "url": f"{base}/s{i}/", "schedule": f"{interval}s", "max_pages": 1}
        for i in range(args.sources)
    ]
    _config(
        folder,
        _database(folder, "cost", args.db),
        sources,
        startup_window="10s",
        concurrency=args.sources,
    )
    try:
        run = _daemon(folder, 2 * interval + 12)
    finally:
        site.terminate()
        site.wait()
    t0 = run.samples[0].at
    first = _window(run, t0 + 1, t0 + interval - 5)
    again = _window(run, t0 + interval + 1, t0 + 2 * interval + 10)
    starts = [_when(e["due"]) for e in _events(folder, "job.started")]
    n_first = sum(1 for t in starts if t < t0 + interval - 5)
    n_again = sum(1 for t in starts if t0 + interval + 1 <= t < t0 + 2 * interval + 10)
    statuses = _statuses(folder)
    return {
        "database": "postgresql" if args.db else "sqlite",
        "sources": args.sources,
        "first_crawl_cpu_ms_per_run": round(1000 * first / max(1, n_first), 2),
        "unchanged_cpu_ms_per_run": round(1000 * again / max(1, n_again), 2),
        "runs_first_unchanged": [n_first, n_again],
        "answers_200_304": [statuses.get(200, 0), statuses.get(304, 0)],
    }


def _window(run: Run, start: float, end: float) -> float:
    inside = [s for s in run.samples if start <= s.at <= end]
    return inside[-1].cpu_s - inside[0].cpu_s if len(inside) >= 2 else 0.0


def _statuses(folder: Path) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for event in _events(folder, "source.finished"):
        pages = int(event.get("pages", 0))  # type: ignore[call-overload]
        not_modified = int(event.get("fetch/not_modified", 0))  # type: ignore[call-overload]
        counts[304] += not_modified
        counts[200] += pages - not_modified
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description="tidings run: scale, soak and cost")
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("scale")
    one.add_argument("--sources", type=int, default=1000)
    one.add_argument("--interval", type=int, default=10)
    one.add_argument("--duration", type=float, default=600)
    one.add_argument("--latency", default="0.1-0.3")
    one.add_argument("--window", type=int, default=60, help="startup window, s (the default)")
    one.add_argument("--port", type=int, default=8731)
    two = sub.add_parser("soak")
    two.add_argument("--duration", type=float, default=1800)
    two.add_argument("--interval", type=int, default=3)
    three = sub.add_parser("cost")
    three.add_argument("--sources", type=int, default=100)
    three.add_argument("--port", type=int, default=8732)
    for mode in (one, two, three):
        mode.add_argument(
            "--db",
            help="a PostgreSQL URL: the daemon uses its own schema there (tidings_bench_daemon_"
            "<mode>, re-created) instead of a new SQLite file",
        )
    args = parser.parse_args()
    result = {"scale": scale, "soak": soak, "cost": cost}[args.mode](args)
    (OUT / f"{_name(args.mode, args.db)}.json").write_text(
        json.dumps(result, indent=1), encoding="utf-8"
    )
    print(f"| {args.mode} | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
