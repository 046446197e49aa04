"""A rich progress display for long crawls, drawn on stderr so stdout stays parseable.

Imported by the CLI only when it draws one (a terminal, no `--json`), so rich.progress costs
nothing otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from types import TracebackType

    from rich.console import Console

    from scraper.crawl import SourceResult

__all__ = ["CountProgress", "CrawlProgress"]


class CrawlProgress:
    """One bar per source: pages walked out of the page cap, and items stored so far."""

    def __init__(self, console: Console) -> None:
        self._bars = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> CrawlProgress:
        self._bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bars.stop()

    def source_started(self, source: str, max_pages: int) -> None:
        self._tasks[source] = self._bars.add_task(source, total=max_pages, note="")

    def page_done(self, source: str, url: str, counters: Mapping[str, int]) -> None:
        note = f"{counters.get('store/new', 0)} new"
        self._bars.update(self._tasks[source], completed=counters.get("pages", 0), note=note)

    def source_finished(self, result: SourceResult) -> None:
        task = self._tasks[result.source]
        self._bars.update(
            task,
            total=result.counters.get("pages", 0) or 1,
            completed=result.counters.get("pages", 0) or 1,
            note=result.status,
        )


class CountProgress:
    """One bar: rows done out of a known total (an export)."""

    def __init__(self, console: Console, description: str, total: int) -> None:
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task(description, total=total)

    def __enter__(self) -> CountProgress:
        self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._bar.stop()

    def update(self, done: int) -> None:
        """`done` rows so far."""
        self._bar.update(self._task, completed=done)
