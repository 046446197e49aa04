"""Issue 11's measurement: `tidings run` as N cluster nodes on one PostgreSQL, one command.

    python -m benchmarks.cluster [--nodes 3] [--compare 1] [--sources 2000] [--interval 30]
                                 [--duration 180] [--latency 0.1-0.3] [--concurrency 64]

Each configuration gets a fresh database on the test server (TIDINGS_TEST_PG_URL, default
postgres@127.0.0.1:5432), the daemon benchmark's latency-adding site (`daemon_site`, its own
process, 20 cards a page with an ETag), and N node processes started as a user starts them.
After `--duration` seconds every node gets SIGTERM. Everything is read from the database:

- runs against the expected count: every run made, plus one for each source whose next due
  time (its last run's end + interval, + 3 s of grace) passed before the end without a run,
  plus one for each source that never ran;
- duplicate runs: a run that starts while the same source's previous run is still open, or
  sooner than half an interval after it finished (must be 0);
- lag: a run's start minus its due time (previous run's end + interval), p50/p99/max;
- PostgreSQL transactions per run (`pg_stat_database.xact_commit + xact_rollback` of the
  benchmark database over the run: pg_stat_statements needs a server restart to load, so
  statements are not counted one by one; procrastinate's statements are one transaction each).

`--compare K` runs the same load again on K nodes (default 1) for the comparison.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.daemon import OUT, _pct, _site, _spread, _three

__all__ = ["main"]

_GRACE_S = 3.0  # a due run may wait this long (dispatch tick, queue) before it counts as missed
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _admin() -> str:
    return os.environ.get("TIDINGS_TEST_PG_URL", DEFAULT_PG)


def _database(admin_url: str) -> str:
    name = f"tidings_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop(admin_url: str, url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _config(folder: Path, url: str, args: argparse.Namespace) -> None:
    base = f"http://127.0.0.1:{args.port}"
    sources = [
        {"name": f"s{i}", "url": f"{base}/s{i}/", "schedule": f"{args.interval}s", "max_pages": 1}
        for i in range(args.sources)
    ]
    config = {
        "database": url,
        "cluster": {"stall_timeout": "30s", "dispatch": "1s"},
        "defaults": {
            "delay": "0s",
            "retries": 0,
            "timeout": "10s",
            "jitter": 0,
            "obey_robots": False,
            "concurrency_per_host": 64,
        },
        "daemon": {"heartbeat": "5s", "concurrency": args.concurrency},
        "sources": sources,
    }
    (folder / "config.yaml").write_text(json.dumps(config, indent=1), encoding="utf-8")


def _transactions(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                "WHERE datname = current_database()"
            )
        ).scalar_one()
    engine.dispose()
    return int(count)


def _runs(url: str) -> dict[str, list[tuple[datetime, datetime | None, str]]]:
    engine = create_engine(url)
    by_source: dict[str, list[tuple[datetime, datetime | None, str]]] = defaultdict(list)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT source, started_at, finished_at, status FROM crawl_runs ORDER BY id")
        )
        for source, started, finished, status in rows:
            by_source[source].append((started, finished, status))
    engine.dispose()
    return by_source


def _measure(nodes: int, args: argparse.Namespace) -> dict[str, object]:
    folder = OUT / f"cluster-{nodes}"
    folder.mkdir(parents=True, exist_ok=True)
    admin = _admin()
    url = _database(admin)
    site = _site(folder, args.port, args.latency, 20)
    _config(folder, url, args)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    try:
        subprocess.run([sys.executable, "-m", "scraper", "db", "upgrade"], cwd=folder, check=True)
        before = _transactions(url)
        procs = []
        for n in range(nodes):
            with open(folder / f"node{n}.log", "wb") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "scraper", "-v", "run"],
                        cwd=folder,
                        env=env,
                        stderr=log,
                    )
                )
        time.sleep(args.duration)
        after = _transactions(url)
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        exits = [proc.wait(timeout=30) for proc in procs]
        return {"nodes": nodes, "exit_codes": exits, **_report(_runs(url), after - before, args)}
    finally:
        site.terminate()
        site.wait()
        _drop(admin, url)


def _report(
    runs: dict[str, list[tuple[datetime, datetime | None, str]]],
    transactions: int,
    args: argparse.Namespace,
) -> dict[str, object]:
    interval = float(args.interval)
    end = max(f or s for rs in runs.values() for s, f, _ in rs)
    counts, missed, lags, duplicates = [], 0, [], 0
    for source_runs in runs.values():
        counts.append(len(source_runs))
        last_end = source_runs[-1][1]
        if last_end is not None and (end - last_end).total_seconds() > interval + _GRACE_S:
            missed += 1  # due before the end and never started
        for (_s0, f0, _), (s1, _f1, _) in itertools.pairwise(source_runs):
            if f0 is None or s1 < f0 or (s1 - f0).total_seconds() < interval / 2:
                duplicates += 1
                continue
            lags.append((s1 - f0).total_seconds() - interval)
    total = sum(counts)
    statuses: dict[str, int] = defaultdict(int)
    for source_runs in runs.values():
        for _s, _f, status in source_runs:
            statuses[status] += 1
    return {
        "sources": args.sources,
        "sources_run": len(runs),
        "interval_s": interval,
        "duration_s": args.duration,
        "runs": total,
        "runs_expected": sum(counts) + missed + (args.sources - len(runs)),
        "runs_per_source_min_median_max": _spread(counts),
        "duplicate_runs": duplicates,
        "lag_s_p50_p99_max": _three(lags),
        "lag_s_p90": round(_pct(lags, 0.9), 3),
        "statuses": dict(statuses),
        "pg_transactions": transactions,
        "pg_transactions_per_run": round(transactions / max(1, total), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="tidings run as a cluster: N nodes, one PG")
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--compare", type=int, default=1, help="then the same on K nodes (0: no)")
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--interval", type=int, default=30)
    parser.add_argument("--duration", type=float, default=180)
    parser.add_argument("--latency", default="0.1-0.3")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--port", type=int, default=8741)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = [_measure(args.nodes, args)]
    if args.compare:
        results.append(_measure(args.compare, args))
    (OUT / "cluster.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    keys = list(results[0])
    print("| measure | " + " | ".join(f"{r['nodes']} node(s)" for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for key in keys:
        print(f"| {key} | " + " | ".join(str(r[key]) for r in results) + " |")


if __name__ == "__main__":
    main()
