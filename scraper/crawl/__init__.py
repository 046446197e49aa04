"""One crawl run: sources -> pages -> stored counts, and the one-page previews built on it.

`run` walks each source's pages (fetch, parse, pipeline, store); `sources` turns config into
the plain arguments the layers below take; `results` is what a run reports; `groupcommit`
batches SQLite writes; `preview` and `discover` extract one page without storing it; `status`
shapes run history; `demo` serves and configures the bundled site; `engine` opens
the database at the edge.
"""

from __future__ import annotations

from scraper.crawl.cutoff import STOP_GRACE_S
from scraper.crawl.database import in_database
from scraper.crawl.demo import DEMO_PORT, demo_settings, serve_demo, serve_forever
from scraper.crawl.discover import Discovery, discover, source_block
from scraper.crawl.engine import open_engine, open_reader
from scraper.crawl.failures import HARD_FAILURES, failure_kind
from scraper.crawl.leases import LEASE_TTL_S
from scraper.crawl.preview import item_fields, preview, read_target
from scraper.crawl.recovery import is_alive, recover_interrupted
from scraper.crawl.results import (
    CURRENT_SOURCE,
    CrawlOptions,
    Progress,
    SourceResult,
    duplicates,
    health,
)
from scraper.crawl.run import FetchObserver, crawl
from scraper.crawl.sources import fetch_policy, pipeline_for, selector_spec
from scraper.crawl.status import run_rows

__all__ = [
    "CURRENT_SOURCE",
    "DEMO_PORT",
    "HARD_FAILURES",
    "LEASE_TTL_S",
    "STOP_GRACE_S",
    "CrawlOptions",
    "Discovery",
    "FetchObserver",
    "Progress",
    "SourceResult",
    "crawl",
    "demo_settings",
    "discover",
    "duplicates",
    "failure_kind",
    "fetch_policy",
    "health",
    "in_database",
    "is_alive",
    "item_fields",
    "open_engine",
    "open_reader",
    "pipeline_for",
    "preview",
    "read_target",
    "recover_interrupted",
    "run_rows",
    "selector_spec",
    "serve_demo",
    "serve_forever",
    "source_block",
]
