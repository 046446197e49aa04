"""Issue 14's numbers: full-text search, the API under load, and export, on a large database.

    python -m benchmarks.search                      # 1M items (the build takes minutes)
    python -m benchmarks.search --items 50000        # a quick run
    python -m benchmarks.search --reuse              # measure an existing build again
    python -m benchmarks.search --reuse --sections api   # one section (query,cli,api,export)
    python -m benchmarks.search --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
    python -m benchmarks.search --items 100000 --db postgresql+psycopg://postgres@host/dbname

1. build: `--items` synthetic items (`searchcorpus`: Zipf vocabulary) written by
   `storage.write_page` in pages of 100, so the FTS index is kept as in a crawl; items/s.
2. `query TEXT` over the fixed 50 queries (rare, common, pairs, phrases, prefixes), top 20 by
   relevance with snippets: in-process (`storage.find_items`, a warm-up pass, then 3 passes),
   and as whole `tidings query` processes (one pass); p50/p95, and p50 by kind.
3. `/items?q=` under 20 concurrent clients (threads, one keep-alive connection each) against a
   `tidings serve` process, then `--workers 2`: each client sends the 50 queries in its own
   order; p50/p95 and requests/s.
4. `tidings export --format jsonl` of everything, and of one source in 20: wall and peak RSS
   (GNU time's maximum resident set of the export process), to show memory does not grow
   with rows.
5. with `--pg URL`: the same build and in-process figures on PostgreSQL (a private schema,
   dropped afterwards).

`--db` is the SQLite file, or a PostgreSQL URL: then every section runs there, in the
benchmark's own schema `tidings_bench_search` (re-created by a build, kept for `--reuse`).

Results print as markdown and are written to benchmarks/out/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

from benchmarks.pgschema import fresh_schema, is_postgresql, schema_size_mb, schema_url
from benchmarks.searchcorpus import Corpus
from storage import ItemFilter, count_items, find_items, open_database, write_page

__all__ = ["main"]

OUT = Path(__file__).resolve().parent / "out"
CLIENTS = 20
TOP = 20
_NOW = None


def build(url: str, corpus: Corpus, total: int) -> dict[str, float]:
    """Write `total` items through write_page; the rate."""
    engine = open_database(url)
    started = time.perf_counter()
    done = 0
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    for source, items in corpus.pages(total):
        write_page(engine, source=source, items=items, now=now)
        done += len(items)
        if done % 100_000 < len(items):
            print(f"  built {done:,} items, {time.perf_counter() - started:.0f} s", flush=True)
    seconds = time.perf_counter() - started
    stored = count_items(engine)
    engine.dispose()
    return {"items": stored, "seconds": seconds, "items_per_s": stored / seconds}


def in_process(url: str, queries: list[tuple[str, str]], passes: int = 3) -> dict[str, object]:
    """Latency of find_items per query (ms), after a warm-up pass."""
    engine = open_database(url)
    timings: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for round_ in range(passes + 1):
        for kind, query in queries:
            started = time.perf_counter()
            page = find_items(engine, ItemFilter(text=query, limit=TOP))
            elapsed = (time.perf_counter() - started) * 1000
            hits[query] = len(page.hits)
            if round_:
                timings.setdefault(kind, []).append(elapsed)
    engine.dispose()
    every = [t for values in timings.values() for t in values]
    return {
        **_percentiles(every),
        "by_kind_p50_ms": {kind: statistics.median(v) for kind, v in timings.items()},
        "queries_with_no_hit": sorted(q for q, n in hits.items() if n == 0),
    }


def cli_processes(url: str, queries: list[tuple[str, str]]) -> dict[str, float]:
    """Wall time of whole `tidings query` processes (ms)."""
    timings = []
    for _, query in queries:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "scraper", "--db", url, "query", query, "--limit", str(TOP),
             "--format", "json"],
            capture_output=True, check=False, env=_env(),
        )  # fmt: skip
        timings.append((time.perf_counter() - started) * 1000)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode())
    return _percentiles(timings)


def api_load(
    url: str, queries: list[tuple[str, str]], clients: int, workers: int = 1
) -> dict[str, float]:
    """`/items?q=` latency (ms) with `clients` concurrent clients on a `tidings serve`."""
    with _server(url, workers) as base:
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()

        def client(seed: int) -> None:
            order = queries[:]
            random.Random(seed).shuffle(order)
            with httpx.Client(base_url=base, timeout=120) as http:
                for _, query in order:
                    started = time.perf_counter()
                    response = http.get("/items", params={"q": query, "limit": TOP})
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        latencies.append(elapsed)
                        if response.status_code != 200:
                            failures.append(f"{response.status_code} {response.text[:80]}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return {**_percentiles(latencies), "requests_per_s": len(latencies) / wall}


def export(url: str, out: Path, *args: str) -> dict[str, float]:
    """One `tidings export` process: wall (s), peak RSS (MB), rows, output size (MB).

    The peak is GNU time's (`%M`), not this process's wait4: Linux keeps in a child's maximum
    RSS what it held before exec, a copy of this benchmark's own memory (98 MB at 100k items).
    """
    command = [sys.executable, "-m", "scraper", "--db", url, "export", *args, "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "maxrss_kb=%M", *command],
        capture_output=True,
        check=False,
        env=_env(),
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode() or "export failed")
    last = done.stderr.decode().strip().splitlines()[-1]
    with out.open("rb") as rows:
        count = sum(1 for _ in rows)
    return {
        "seconds": wall,
        "peak_rss_mb": int(last.removeprefix("maxrss_kb=")) / 1024,
        "rows": count,
        "file_mb": out.stat().st_size / 2**20,
    }


@contextmanager
def _server(url: str, workers: int) -> Iterator[str]:
    port = 18000 + os.getpid() % 1000
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scraper",
            "--db",
            url,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stderr=subprocess.PIPE,
        env=_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/healthz", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("tidings serve did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def _pg_schema(base_url: str) -> Iterator[str]:
    schema = f"tidings_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _size_mb(url: str, db: str) -> float:
    """The database's size on disk: the SQLite files, or the PostgreSQL schema's tables."""
    if is_postgresql(url):
        return schema_size_mb(url)
    return sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 2**20


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "n": len(ordered),
    }


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument(
        "--db",
        default=str(OUT / "search.db"),
        help="the SQLite file, or a PostgreSQL URL (its schema tidings_bench_search)",
    )
    parser.add_argument("--reuse", action="store_true", help="measure an existing --db again")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--pg", help="also build and measure on this PostgreSQL server")
    parser.add_argument(
        "--sections",
        default="query,cli,api,export",
        help="which measurements to run (comma list of query, cli, api, export)",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    corpus = Corpus()
    queries = corpus.queries(args.items)
    on_pg = is_postgresql(args.db)
    backend = "pg" if on_pg else "sqlite"
    results: dict[str, object] = {"items": args.items, "database": backend}

    def measured(name: str, value: object) -> None:
        results[name] = value
        print(f"{name}: {json.dumps(value)}", flush=True)
        (OUT / "search.json").write_text(json.dumps(results, indent=2), encoding="utf-8")

    if on_pg:
        schema = "tidings_bench_search"
        url = schema_url(args.db, schema) if args.reuse else fresh_schema(args.db, schema)
    else:
        url = f"sqlite:///{args.db}"
        if not args.reuse:
            for stale in Path(args.db).parent.glob(Path(args.db).name + "*"):
                stale.unlink()
    if not args.reuse:
        print(f"building {args.items:,} items in {backend} ...", flush=True)
        measured(f"{backend}_build", build(url, corpus, args.items))
    measured(f"{backend}_db_mb", _size_mb(url, args.db))
    sections = set(args.sections.split(","))
    if "query" in sections:
        measured("query_in_process", in_process(url, queries))
    if "cli" in sections:
        measured("query_cli_process", cli_processes(url, queries))
    if "api" in sections:
        measured("api_items_q", api_load(url, queries, args.clients))
        measured("api_items_q_2_workers", api_load(url, queries, args.clients, workers=2))
    if "export" in sections:
        measured("export_all", export(url, OUT / "export.jsonl", "--format", "jsonl"))
        measured("export_one_source", export(url, OUT / "export-s00.jsonl", "--source", "s00"))
    if args.pg:
        with _pg_schema(args.pg) as pg_url:
            measured("pg_build", build(pg_url, corpus, args.items))
            measured("pg_query_in_process", in_process(pg_url, queries))
    print(_report(results))
    return 0


def _report(results: dict[str, object]) -> str:
    lines = [
        f"## search benchmark, {results['items']:,} items",
        "",
        "| measure | value |",
        "|---|---|",
    ]

    def flat(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                flat(f"{prefix} {key}".strip(), inner)
        elif isinstance(value, float):
            lines.append(f"| {prefix} | {value:,.1f} |")
        else:
            lines.append(f"| {prefix} | {value} |")

    for key, value in results.items():
        if key != "items":
            flat(key, value)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
