"""What `tidings runs` shows: crawl history. (`tidings sources`, which needs the schedule to
say when a source is next due, is `scraper.schedule.status`.)"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from scraper.crawl.results import duplicates
from storage import RunRecord, list_runs

__all__ = ["run_rows"]


def run_rows(engine: Engine, *, source: str | None, limit: int) -> list[dict[str, object]]:
    """Crawl history, newest first, with the counters people look at."""
    return [_run_row(run) for run in list_runs(engine, source=source, limit=limit)]


def _run_row(run: RunRecord) -> dict[str, object]:
    return {
        "id": run.id,
        "source": run.source,
        "started": run.started_at,
        "finished": run.finished_at,
        "status": run.status,
        "pages": run.pages,
        "new": run.new,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "duplicate": duplicates(run.stats),
        "invalid": run.invalid,
        "errors": run.errors,
        "error": run.error,
    }
