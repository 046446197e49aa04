"""What a crawl is asked and what it reports: options, one result per source, progress events.

Kept apart from `crawl` so the CLI, `status` and the progress display can name these types
without importing the crawl machinery.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

__all__ = ["CURRENT_SOURCE", "CrawlOptions", "Progress", "SourceResult", "duplicates", "health"]

# The source whose run the current task serves: log lines from layers that know only URLs
# (fetch, robots) get it as a field (`scraper.cli.logs`). Each source runs in its own task.
CURRENT_SOURCE: ContextVar[str | None] = ContextVar("tidings_source", default=None)


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """How far to walk: `full` skips the stop rule and validators; `max_pages` caps a source."""

    full: bool = False
    max_pages: int | None = None


@dataclass(frozen=True, slots=True)
class SourceResult:
    """The outcome of one source's run, as stored in crawl_runs."""

    source: str
    status: str
    counters: Mapping[str, int]
    error: str | None = None
    run_id: int | None = None

    @property
    def duplicate(self) -> int:
        return duplicates(self.counters)

    def summary(self) -> dict[str, object]:
        """The row the CLI prints: pages, new, updated, duplicate, errors."""
        get = self.counters.get
        return {
            "source": self.source,
            "status": self.status,
            "pages": get("pages", 0),
            "new": get("store/new", 0),
            "updated": get("store/updated", 0),
            "unchanged": get("store/unchanged", 0),
            "duplicate": self.duplicate,
            "invalid": sum(
                v for k, v in self.counters.items() if k.startswith("pipeline/rejected/")
            ),
            "errors": get("errors", 0),
            "health": health(self.counters),
            "error": self.error,
        }


def duplicates(counters: Mapping[str, int]) -> int:
    """Cards already taken: stored under another source, or repeated within the run."""
    return counters.get("store/duplicate", 0) + counters.get("dedup/repeat", 0)


def health(counters: Mapping[str, int]) -> str:
    """ "selectors broken" when configured selectors found nothing where automatic did."""
    return "selectors broken" if counters.get("health/selectors_broken") else "ok"


class Progress(Protocol):
    """What a progress display hears; the crawl works the same without one."""

    def source_started(self, source: str, max_pages: int) -> None: ...

    def page_done(self, source: str, url: str, counters: Mapping[str, int]) -> None: ...

    def source_finished(self, result: SourceResult) -> None: ...
