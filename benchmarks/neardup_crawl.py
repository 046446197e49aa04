"""The issue-4 benchmark crawl with near-duplicate detection off and on, in one run.

    python -m benchmarks.neardup_crawl [--rounds 3] [--sources 10] [--pages 50]

Generates the site (`sitegen`, the same seed as `run.sh`), serves it with nginx (`server`),
and runs `tidings crawl` as a whole process under GNU time into a fresh SQLite file, rounds
alternating which side goes first: `dedup: {enabled: false}` against `{enabled: true}`. Prints
each side's median CPU (user+sys) and wall, the spread, and the median of per-round ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import yaml

from benchmarks.crawlers import Measured, run_tidings, tidings_config
from benchmarks.server import NginxServer
from benchmarks.sitegen import generate_site, load_manifest

__all__ = ["main"]


def _config(site: Path, base_url: str, *, dedup: bool) -> str:
    config = yaml.safe_load(tidings_config(load_manifest(site), base_url))
    config["dedup"] = {"enabled": dedup}
    return yaml.safe_dump(config, sort_keys=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sources", type=int, default=10)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tidings-neardup-crawl-") as tmp:
        work = Path(tmp)
        site = work / "site"
        manifest = generate_site(site, sources=args.sources, pages=args.pages)
        results: dict[bool, list[Measured]] = {False: [], True: []}
        with NginxServer(site, work / "nginx") as server:
            configs = {}
            for dedup in (False, True):
                configs[dedup] = work / f"dedup-{dedup}.yaml"
                configs[dedup].write_text(_config(site, server.base_url, dedup=dedup), "utf-8")
            for round_no in range(args.rounds):
                order = (False, True) if round_no % 2 == 0 else (True, False)
                for dedup in order:
                    db = work / f"r{round_no}-{dedup}.db"
                    log = work / f"r{round_no}-{dedup}.log"
                    results[dedup].append(run_tidings(configs[dedup], db, log=log))
        print(f"{manifest.unique_items:,} unique items, {args.rounds} rounds\n")
        print("| dedup | CPU s (median, spread) | wall s | stored | CPU on/off |")
        print("|---|---|---|---|---|")
        ratios = [
            on.cpu_s / off.cpu_s for off, on in zip(results[False], results[True], strict=True)
        ]
        for dedup in (False, True):
            runs = results[dedup]
            cpu = [r.cpu_s for r in runs]
            wall = statistics.median(r.wall_s for r in runs)
            print(
                f"| {'on' if dedup else 'off'} | {statistics.median(cpu):.2f} "
                f"({min(cpu):.2f}-{max(cpu):.2f}) | {wall:.2f} "
                f"| {runs[0].stored:,} | {statistics.median(ratios) if dedup else 1:.2f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
