"""What cluster nodes read and repair: recent last runs, stale holders' leases, and the job
queue's schema (PostgreSQL only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect

from storage import (
    JOB_QUEUE_TABLE,
    Holder,
    beat,
    ensure_job_queue,
    finish_run,
    last_finished_since,
    lease_of,
    mark_stopped,
    release_stale_holders,
    start_run,
    take_lease,
)
from storage.jobqueue import apply_job_queue_schema, drop_job_queue_schema

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LIVE = Holder("live-token", "host-a", 100)
DEAD = Holder("dead-token", "host-b", 200)
ONE_OFF = Holder("crawl-token", "host-c", 300)  # `tidings crawl`: no heartbeat row


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_last_finished_since_reads_only_the_window(engine: Engine) -> None:
    old = start_run(engine, source="old", now=_at(-500))
    finish_run(engine, old, status="ok", counters={}, error=None, now=_at(-490))
    for start in (-100, -50):
        run = start_run(engine, source="acme", now=_at(start))
        finish_run(engine, run, status="ok", counters={}, error=None, now=_at(start + 5))
    start_run(engine, source="busy", now=_at(-10))  # still running: its start counts

    got = last_finished_since(engine, _at(-200))

    assert got == {"acme": _at(-45), "busy": _at(-10)}


def test_stale_holders_lose_their_leases_and_one_off_crawls_keep_theirs(engine: Engine) -> None:
    for holder in (LIVE, DEAD):
        beat(engine, holder, started_at=_at(-100), now=_at(-100))
    beat(engine, LIVE, started_at=_at(-100), now=_at(-1))
    for source, holder in (("a", LIVE), ("b", DEAD), ("c", ONE_OFF)):
        assert take_lease(engine, source, holder, ttl_s=600, now=_at(-50))

    freed = release_stale_holders(engine, stale_before=_at(-30))

    assert freed == ["b"]
    assert lease_of(engine, "b") is None
    assert {lease_of(engine, s).holder.token for s in "ac"} == {"live-token", "crawl-token"}  # type: ignore[union-attr]


def test_a_stopped_holder_counts_as_stale(engine: Engine) -> None:
    beat(engine, LIVE, started_at=_at(-10), now=_at(-1))
    assert take_lease(engine, "a", LIVE, ttl_s=600, now=_at(-1))
    mark_stopped(engine, LIVE, now=_at(0))
    assert release_stale_holders(engine, stale_before=_at(-30)) == ["a"]


def test_the_job_queue_schema_is_on_postgresql_only(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert (JOB_QUEUE_TABLE in tables) == (engine.dialect.name == "postgresql")


@pytest.mark.postgres
def test_the_job_queue_schema_drops_and_applies_again(pg_url: str) -> None:
    from storage import open_database

    engine = open_database(pg_url)
    try:
        with engine.begin() as conn:
            drop_job_queue_schema(conn)
        assert not inspect(engine).has_table(JOB_QUEUE_TABLE)
        assert ensure_job_queue(engine)  # as a cluster node does at start
        with engine.begin() as conn:
            assert apply_job_queue_schema(conn)  # a second call finds it there
        assert inspect(engine).has_table(JOB_QUEUE_TABLE)
    finally:
        engine.dispose()
