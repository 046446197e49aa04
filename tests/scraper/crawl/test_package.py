"""`scraper.crawl` loads its names on first use: each resolves to its module's object, whatever
was imported before, and a crawl does not load the commands (nor the storage and pipeline
modules) it does not run."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import scraper.crawl

_CHECK_NAMES = """
import importlib, pkgutil, types
import scraper.crawl as crawl
for info in pkgutil.iter_modules(crawl.__path__):
    importlib.import_module(f"scraper.crawl.{info.name}")  # every submodule first
for name in crawl.__all__:
    value = getattr(crawl, name)
    assert not isinstance(value, types.ModuleType), name
    assert value is getattr(importlib.import_module(crawl._LAZY[name]), name), name
"""

_CHECK_CRAWL_IMPORTS = """
import sys
from scraper.crawl import CrawlOptions, crawl, open_engine, recover_interrupted
from scraper.schedule import crawl_sources  # what `tidings crawl` runs, recording each run
loaded = {name.rsplit(".", 1)[1] for name in sys.modules if name.startswith("scraper.crawl.")}
print(" ".join(sorted(loaded)))
others = ("storage.nodes", "storage.neardup", "pipelines.neardup", "apscheduler")
print(" ".join(name for name in others if name in sys.modules))
"""


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_name_is_listed_and_resolves() -> None:
    assert set(scraper.crawl._LAZY) == set(scraper.crawl.__all__)
    for name in scraper.crawl.__all__:
        assert not isinstance(getattr(scraper.crawl, name), ModuleType), name


def test_names_resolve_to_functions_after_their_modules_were_imported() -> None:
    """A submodule named like a function would shadow it once imported (`discover`)."""
    _run(_CHECK_NAMES)


def test_a_crawl_loads_no_demo_discovery_preview_or_history() -> None:
    """Nor the cluster's storage module, near-duplicate detection (off by default) or the
    daemon's scheduler."""
    crawl_modules, others = _run(_CHECK_CRAWL_IMPORTS).split("\n")[:2]
    loaded = set(crawl_modules.split())
    assert {"run", "engine", "recovery"} <= loaded
    assert not loaded & {"demo", "discovery", "previews", "status"}
    assert others == ""
