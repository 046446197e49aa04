"""Run the Scrapy peer over a generated site and write its stats as JSON.

    .venv/bin/python -m benchmarks.scrapy_peer SITE_DIR BASE_URL DB_PATH STATS_JSON

SITE_DIR holds the manifest (start paths and selectors); BASE_URL is where nginx serves it.
The stats file gets Scrapy's own counters (responses, items) for the benchmark's table.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from benchmarks.scrapy_peer.spider import SETTINGS, ListingSpider

__all__ = ["main"]


def main(argv: list[str]) -> int:
    """Crawl, then dump the stats; exit 1 if Scrapy logged errors."""
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    site, base_url, db_path, stats_path = Path(argv[1]), argv[2], argv[3], Path(argv[4])
    manifest: dict[str, Any] = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    process = CrawlerProcess({**SETTINGS, "PEER_DB_PATH": db_path})
    crawler = process.create_crawler(ListingSpider)
    process.crawl(
        crawler,
        start_urls=[base_url.rstrip("/") + path for path in manifest["start_paths"]],
        selectors=manifest["scrapy_selectors"],
    )
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    plain = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in stats.items()}
    stats_path.write_text(json.dumps(plain, indent=2, default=str) + "\n", encoding="utf-8")
    return 1 if plain.get("log_count/ERROR", 0) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
