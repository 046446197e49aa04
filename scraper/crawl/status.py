"""What `tidings sources` and `tidings runs` show: configuration joined with run history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine

from scraper.config import Settings
from scraper.crawl.results import duplicates, health
from storage import RunRecord, last_runs, list_runs

__all__ = ["run_rows", "source_rows"]


def source_rows(settings: Settings, engine: Engine) -> list[dict[str, object]]:
    """One row per configured source: where it points, its last run, and when it is due next."""
    last = last_runs(engine)
    rows: list[dict[str, object]] = []
    for spec in settings.sources:
        run = last.get(spec.name)
        interval = settings.interval_s(spec)
        due = run.started_at + timedelta(seconds=interval) if run else None
        rows.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "url": ", ".join(spec.start_urls),
                "schedule": spec.cron or _every(interval),
                "enabled": spec.enabled,
                "last_run": run.started_at if run else None,
                "last_status": run.status if run else None,
                "last_new": run.new if run else None,
                "last_error": run.error if run else None,
                "health": health(run.stats) if run else None,
                "next_run": (due if spec.cron is None else None) if run else "on first start",
            }
        )
    return rows


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


def _every(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size and seconds % size == 0:
            return f"every {int(seconds // size)}{unit}"
    return f"every {seconds:g}s"
