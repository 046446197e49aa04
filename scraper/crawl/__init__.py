"""One crawl run: sources -> pages -> stored counts, and the one-page previews built on it.

`run` walks each source's pages (fetch, parse, pipeline, store); `sources` turns config into
the plain arguments the layers below take; `results` is what a run reports; `groupcommit`
batches SQLite writes; `previews` and `discovery` extract one page without storing it;
`status` shapes run history; `demo` serves and configures the bundled site; `engine` opens
the database at the edge; `recovery` marks dead runs interrupted; `cutoff` bounds a stop.

Every name loads on first use (PEP 562), so each command imports the modules it runs and no
more: `tidings crawl` used to import the demo site's server, discovery, the previews and the
run history with this package (2 MB of peak RSS and ~10 ms of CPU a start, measured). The
modules are not named like the functions they hold (`discovery.discover`): a submodule, once
imported, is an attribute of its package, and would then shadow a function of the same name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.crawl.cutoff import STOP_GRACE_S
    from scraper.crawl.database import in_database
    from scraper.crawl.dedupcheck import check_dedup_keys
    from scraper.crawl.demo import DEMO_PORT, demo_settings, serve_demo, serve_forever
    from scraper.crawl.discovery import Discovery, discover, source_block
    from scraper.crawl.engine import open_engine, open_reader
    from scraper.crawl.failures import HARD_FAILURES, failure_kind
    from scraper.crawl.leases import LEASE_TTL_S
    from scraper.crawl.previews import item_fields, preview, read_target
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
    from scraper.crawl.sources import fetch_policy, near_policy, pipeline_for, selector_spec
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
    "check_dedup_keys",
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
    "near_policy",
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

_MODULES = {
    "cutoff": ("STOP_GRACE_S",),
    "database": ("in_database",),
    "dedupcheck": ("check_dedup_keys",),
    "demo": ("DEMO_PORT", "demo_settings", "serve_demo", "serve_forever"),
    "discovery": ("Discovery", "discover", "source_block"),
    "engine": ("open_engine", "open_reader"),
    "failures": ("HARD_FAILURES", "failure_kind"),
    "leases": ("LEASE_TTL_S",),
    "previews": ("item_fields", "preview", "read_target"),
    "recovery": ("is_alive", "recover_interrupted"),
    "results": (
        "CURRENT_SOURCE",
        "CrawlOptions",
        "Progress",
        "SourceResult",
        "duplicates",
        "health",
    ),
    "run": ("FetchObserver", "crawl"),
    "sources": ("fetch_policy", "near_policy", "pipeline_for", "selector_spec"),
    "status": ("run_rows",),
}
_LAZY = {name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names}

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
