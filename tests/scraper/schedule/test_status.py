"""`tidings sources` and `tidings status` rows from a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scraper.config import Settings, settings_from_dict
from scraper.crawl import open_engine
from scraper.schedule import daemon_status, source_rows
from storage import (
    Holder,
    SourceState,
    beat,
    finish_run,
    mark_stopped,
    save_source_state,
    start_run,
    take_lease,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def _settings(url: str) -> Settings:
    return settings_from_dict(
        {
            "database": url,
            "daemon": {"heartbeat": "10s"},
            "sources": [
                {"name": "auto", "url": "https://auto.test/", "schedule": "auto"},
                {"name": "fixed", "url": "https://fixed.test/", "schedule": "15m"},
                {"name": "late", "url": "https://late.test/", "schedule": "5m"},
                {"name": "broken", "url": "https://broken.test/", "schedule": "5m"},
            ],
        }
    )


def _state(name: str, **changes: object) -> SourceState:
    base = SourceState(name, 0, 0.0, None, None, "ok", None, NOW, None, NOW)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_sources_show_effective_interval_health_reason_and_next_run(sqlite_url: str) -> None:
    settings = _settings(sqlite_url)
    engine = open_engine(sqlite_url)
    for name in ("auto", "fixed", "late", "broken"):
        run = start_run(engine, source=name, now=_at(-3600 if name == "late" else -60))
        finish_run(
            engine,
            run,
            status="ok",
            counters={},
            error=None,
            now=_at(-3590 if name == "late" else -50),
        )
    save_source_state(engine, _state("auto", interval_s=1200.0))
    reason = "3 failed runs in a row; last: HTTP 404"
    save_source_state(engine, _state("broken", disabled_reason=reason, health="failing"))
    rows = {row["name"]: row for row in source_rows(settings, engine, now=NOW)}
    assert (rows["auto"]["schedule"], rows["auto"]["interval"]) == ("auto", "every 20m")
    assert rows["auto"]["next_run"] == _at(-50 + 1200)
    assert rows["fixed"]["next_run"] == _at(-50 + 900)
    assert (rows["broken"]["health"], rows["broken"]["reason"]) == ("disabled", reason)
    assert rows["broken"]["next_run"] == "disabled"
    report = daemon_status(settings, engine, now=NOW)
    assert [row["source"] for row in report.overdue] == ["late"]
    assert [row["source"] for row in report.sick] == ["broken"]


def test_status_is_alive_only_with_a_fresh_beat(sqlite_url: str) -> None:
    settings = _settings(sqlite_url)
    engine = open_engine(sqlite_url)
    assert not daemon_status(settings, engine, now=NOW).alive  # never started
    me = Holder("t", "host", 1)
    beat(engine, me, started_at=NOW, now=NOW)
    assert daemon_status(settings, engine, now=_at(25)).alive
    assert not daemon_status(settings, engine, now=_at(31)).alive  # stale: 3 beats missed
    take_lease(engine, "fixed", me, ttl_s=60, now=NOW)
    running = daemon_status(settings, engine, now=_at(5)).running
    assert [(r["source"], r["holder"]) for r in running] == [("fixed", "host pid 1")]
    mark_stopped(engine, me, now=_at(6))
    report = daemon_status(settings, engine, now=_at(7))
    assert not report.alive
    assert report.daemons[0]["state"] == "stopped"
