"""Crawl runs and sources: what a run's counters become, and how runs are listed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from storage import (
    RunRecord,
    SourceRecord,
    finish_run,
    last_runs,
    list_runs,
    start_run,
    sync_sources,
)
from storage.models import sources_table

NOW = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
COUNTERS = {
    "pages": 3,
    "store/new": 40,
    "store/updated": 2,
    "store/unchanged": 17,
    "store/duplicate": 5,
    "pipeline/rejected/empty_title": 4,
    "pipeline/rejected/bad_url": 1,
    "pipeline/repeats": 6,
    "errors": 1,
    "fetch/status/200": 3,
}


def test_started_run_is_running_with_zero_counters(engine: Engine) -> None:
    run_id = start_run(engine, source="acme", now=NOW)
    [run] = list_runs(engine)
    assert run == RunRecord(
        id=run_id, source="acme", started_at=NOW, finished_at=None, status="running",
        pages=0, new=0, updated=0, unchanged=0, duplicate=0, invalid=0, errors=0,
        error=None, stats={},
    )  # fmt: skip


def test_finished_run_fills_columns_from_counters(engine: Engine) -> None:
    run_id = start_run(engine, source="acme", now=NOW)
    end = NOW + timedelta(seconds=42)
    finish_run(engine, run_id, status="failed", counters=COUNTERS, error="boom", now=end)
    [run] = list_runs(engine)
    assert (run.status, run.finished_at, run.error) == ("failed", end, "boom")
    columns = (run.pages, run.new, run.updated, run.unchanged, run.duplicate, run.invalid)
    assert columns == (3, 40, 2, 17, 5, 5)
    assert run.errors == 1
    assert run.stats == COUNTERS


def test_missing_counters_are_zero(engine: Engine) -> None:
    run_id = start_run(engine, source="acme", now=NOW)
    finish_run(engine, run_id, status="interrupted", counters={}, error=None, now=NOW)
    [run] = list_runs(engine)
    assert (run.status, run.pages, run.new, run.invalid, run.stats) == ("interrupted", 0, 0, 0, {})


def test_unknown_status_is_refused(engine: Engine) -> None:
    run_id = start_run(engine, source="acme", now=NOW)
    with pytest.raises(ValueError, match="'done'"):
        finish_run(engine, run_id, status="done", counters={}, error=None, now=NOW)
    assert list_runs(engine)[0].status == "running"


def test_unknown_run_id_is_refused(engine: Engine) -> None:
    with pytest.raises(LookupError, match="999"):
        finish_run(engine, 999, status="ok", counters={}, error=None, now=NOW)


def _start_runs(engine: Engine) -> dict[tuple[str, int], int]:
    ids = {}
    for minute, source in enumerate(["acme", "globex", "acme", "initech", "acme", "globex"]):
        ids[source, minute] = start_run(engine, source=source, now=NOW + timedelta(minutes=minute))
    return ids


def test_list_runs_newest_first_with_filter_and_limit(engine: Engine) -> None:
    ids = _start_runs(engine)
    assert [r.id for r in list_runs(engine)] == [ids[k] for k in sorted(ids, key=lambda k: -k[1])]
    acme = list_runs(engine, source="acme", limit=2)
    assert [r.id for r in acme] == [ids["acme", 4], ids["acme", 2]]
    assert list_runs(engine, source="nobody") == []


def test_last_runs_is_the_newest_per_source(engine: Engine) -> None:
    ids = _start_runs(engine)
    newest = last_runs(engine)
    assert {name: run.id for name, run in newest.items()} == {
        "acme": ids["acme", 4],
        "globex": ids["globex", 5],
        "initech": ids["initech", 3],
    }


def _sources(engine: Engine) -> dict[str, tuple[str, list[str], float]]:
    with engine.connect() as conn:
        rows = conn.execute(select(sources_table)).all()
    return {r.name: (r.kind, json.loads(r.urls), r.interval_s) for r in rows}


def test_sync_sources_upserts_and_keeps_others(engine: Engine) -> None:
    acme = SourceRecord("acme", "listing", ("https://acme.test/news/", "https://acme.test/p/"), 900)
    globex = SourceRecord("globex", "feed", ("https://globex.test/rss.xml",), 1800.0)
    sync_sources(engine, [acme, globex], now=NOW)
    moved = SourceRecord("acme", "feed", ("https://acme.test/feed",), 60.5)
    sync_sources(engine, [moved], now=NOW + timedelta(hours=1))
    assert _sources(engine) == {
        "acme": ("feed", ["https://acme.test/feed"], 60.5),
        "globex": ("feed", ["https://globex.test/rss.xml"], 1800.0),
    }
