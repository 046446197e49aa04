"""Issue 4's benchmark, end to end: tidings against Scrapy on one generated site behind nginx.

    bash benchmarks/run.sh [--smoke] [--rounds N] [--sources S] [--pages P] [--profile]

Sections, each printed as a markdown table and saved under benchmarks/out/ (results.md,
results.json, logs, the site and the databases):

1. the site (`sitegen`) and nginx's own request rate (`server`);
2. crawl rounds: tidings and Scrapy back to back, the order alternating, each a whole process
   under GNU time, into a fresh SQLite file, the stored count checked against the manifest;
3. the ratios tidings/Scrapy (median of the per-round ratios) against the issue's targets;
4. the re-crawl: `tidings crawl` again on each round's database, nothing changed on the site;
   and the start-up floor (`floor`, every round): processes that only import the libraries;
5. CPU per request of four HTTP stacks, from a hand-written asyncio GET to tidings' whole
   fetch (`fetchbench`); then the parse micro-benchmark (`parsebench`);
6. the scale test (`scale`): 100k and 1M synthetic cards through pipelines and storage;
7. with `--profile`, where a tidings crawl spends its CPU (`profile`, py-spy).

`--smoke` is a CI-sized run: 2 sources x 3 pages, 1 round, 1k cards of scale. Timings on a
shared machine are noisy; compare the ratios of one run, not numbers across runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.crawlers import Measured, run_scrapy, run_tidings, tidings_config
from benchmarks.fetchbench import run_fetch_bench
from benchmarks.floor import Floor, measure_floors, median_floors
from benchmarks.parsebench import ParseResult, load_pages, run_parse_bench
from benchmarks.profile import profile_crawl
from benchmarks.report import (
    crawl_table,
    fetch_table,
    floor_table,
    parse_table,
    ratio_table,
    recrawl_table,
    scale_table,
    server_table,
    table,
)
from benchmarks.scale import ScaleResult, run_scale
from benchmarks.server import NginxServer, measure_server
from benchmarks.sitegen import Manifest, generate_site, load_manifest

__all__ = ["main"]

OUT = Path(__file__).resolve().parent / "out"
LOAD_CONNECTIONS = 64


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="tidings vs Scrapy (issue 4)")
    parser.add_argument("--smoke", action="store_true", help="tiny site, 1 round, 1k scale")
    parser.add_argument("--sources", type=int, default=10)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--parse-pages", type=int, default=50, help="pages in the micro-bench")
    parser.add_argument("--requests", type=int, default=2000, help="GETs per HTTP stack")
    parser.add_argument("--profile", action="store_true", help="py-spy profile of one crawl")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.smoke:
        args.sources, args.pages, args.rounds = 2, 3, 1
        args.scale, args.parse_pages, args.requests = [1_000], 6, 50
    return args


class _Report:
    """Prints each section as it completes and keeps it for results.md."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts: list[str] = []

    def section(self, title: str, body: str) -> None:
        text = f"## {title}\n\n{body}\n"
        print(text, flush=True)
        self.parts.append(text)
        (self.out / "results.md").write_text("\n".join(self.parts), encoding="utf-8")


def _crawl_rounds(
    args: argparse.Namespace, site: Path, server: NginxServer, config: Path
) -> tuple[list[tuple[Measured, Measured]], list[tuple[Measured, Measured]], list[Floor]]:
    """(tidings, scrapy) and (first, re-crawl) per round, the order alternating by round; and
    the start-up floors, measured in every round and given as medians."""
    pairs, recrawls, floors = [], [], []
    for number in range(1, args.rounds + 1):
        work = args.out / f"round{number}"
        work.mkdir(exist_ok=True)
        results: dict[str, Measured] = {}
        order = ("tidings", "scrapy") if number % 2 else ("scrapy", "tidings")
        for tool in order:
            db = work / f"{tool}.db"
            for stale in work.glob(f"{tool}.db*"):
                stale.unlink()
            if tool == "tidings":
                results[tool] = run_tidings(config, db, log=work / "tidings.log")
            else:
                results[tool] = run_scrapy(site, server.base_url, db, log=work / "scrapy.log")
            print(f"round {number} {tool}: {_brief(results[tool])}", file=sys.stderr)
        again = run_tidings(
            config, work / "tidings.db", log=work / "recrawl.log", tool="tidings re-crawl"
        )
        print(f"round {number} re-crawl: {_brief(again)}", file=sys.stderr)
        floors.append(measure_floors(work / "floor"))
        pairs.append((results["tidings"], results["scrapy"]))
        recrawls.append((results["tidings"], again))
    return pairs, recrawls, median_floors(floors)


def _brief(m: Measured) -> str:
    return f"{m.wall_s:.2f} s wall, {m.cpu_s:.2f} s CPU, {m.pages} pages, {m.stored} stored"


def _site_section(manifest: Manifest) -> str:
    return table(
        ["sources", "pages", "cards", "without date", "unique items", "MB", "KB/page"],
        [[
            manifest.sources, manifest.pages, manifest.cards, manifest.cards_without_date,
            manifest.unique_items, manifest.bytes_total / 2**20,
            manifest.bytes_total / 1024 / manifest.pages,
        ]],
    )  # fmt: skip


def _machine() -> str:
    import os

    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, load average {os.getloadavg()[0]:.2f} "
        f"at start"
    )


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    report = _Report(args.out)
    site = args.out / "site"
    manifest = generate_site(site, sources=args.sources, pages=args.pages)
    expected = manifest.unique_items
    report.section("Site", _machine() + "\n\n" + _site_section(manifest))
    config = args.out / "bench.yaml"
    results: dict[str, object] = {"manifest": manifest.as_dict(), "machine": _machine()}
    with NginxServer(site, args.out / "nginx") as server:
        config.write_text(tidings_config(load_manifest(site), server.base_url), encoding="utf-8")
        rate, tool = measure_server(
            server.base_url + manifest.start_paths[0], seconds=3, connections=LOAD_CONNECTIONS
        )
        pairs, recrawls, floors = _crawl_rounds(args, site, server, config)
        best = max(t.pages_per_s for t, _ in pairs)
        report.section("Server", server_table(rate, tool, LOAD_CONNECTIONS, best))
        report.section("Crawl rounds", crawl_table([list(p) for p in pairs], expected))
        report.section("tidings / Scrapy", ratio_table(pairs, expected))
        report.section("Re-crawl, nothing changed", recrawl_table(recrawls))
        report.section("Start-up floor: the libraries alone", floor_table(floors, pairs, recrawls))
        costs = run_fetch_bench(server.base_url + manifest.start_paths[0], requests=args.requests)
        middle = sorted((t for t, _ in pairs), key=lambda m: m.cpu_s)[len(pairs) // 2]
        report.section("HTTP: CPU per request, 10 in flight", fetch_table(costs, middle))
        if args.profile:
            profiled = _profile(args.out, config)
            report.section("Profile of one tidings crawl (py-spy --gil)", profiled)
    results.update(
        server={"req_per_s": rate, "tool": tool},
        rounds=[[asdict(t), asdict(s)] for t, s in pairs],
        recrawls=[asdict(again) for _, again in recrawls],
        floors=[asdict(floor) for floor in floors],
        fetch=[asdict(cost) for cost in costs],
    )
    parsed = _parse_section(args, site, manifest, report)
    scaled = _scale_section(args, report)
    results.update(parse=[asdict(r) for r in parsed], scale=[asdict(r) for r in scaled])
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = all(t.stored == expected == s.stored for t, s in pairs) and all(
        r.returncode == 0 for pair in pairs for r in pair
    )
    print(f"results: {args.out / 'results.md'}", file=sys.stderr)
    return 0 if ok else 1


def _profile(out: Path, config: Path) -> str:
    work = out / "profile"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    text = profile_crawl(config, work / "tidings.db", work)
    return text or "py-spy could not attach (needs ptrace); see out/profile/profile.error.txt"


def _parse_section(
    args: argparse.Namespace, site: Path, manifest: Manifest, report: _Report
) -> list[ParseResult]:
    pages = load_pages(site, "http://127.0.0.1:8080", limit=args.parse_pages)
    results = run_parse_bench(pages, manifest.as_dict(), repeat=5)
    report.section(f"Parse micro-benchmark ({len(pages)} pages, best of 5)", parse_table(results))
    return results


def _scale_section(args: argparse.Namespace, report: _Report) -> list[ScaleResult]:
    results = []
    for total in args.scale:
        started = time.perf_counter()
        db = args.out / "scale" / f"scale-{total}.db"
        db.parent.mkdir(exist_ok=True)
        results.append(run_scale(total, db))
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()  # a 1M-row file is ~0.5 GB; the numbers are what we keep
        print(f"scale {total}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if results:
        report.section("Scale: pipelines + write_page into SQLite", scale_table(results))
    return results


if __name__ == "__main__":
    raise SystemExit(main())
