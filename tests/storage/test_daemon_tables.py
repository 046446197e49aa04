"""Leases, heartbeats, source state and interrupted runs, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage import (
    Holder,
    SourceState,
    beat,
    enable_source,
    finish_run,
    heartbeats,
    interrupt_orphaned_runs,
    interrupt_runs,
    lease_of,
    live_leases,
    load_source_state,
    load_source_states,
    mark_stopped,
    release_dead_leases,
    release_lease,
    renew_leases,
    resume_since,
    save_source_state,
    start_run,
    take_lease,
)
from storage.query import list_runs

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ME = Holder("me-token", "host-a", 100)
OTHER = Holder("other-token", "host-a", 200)


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_a_lease_is_exclusive_until_it_expires(engine: Engine) -> None:
    assert take_lease(engine, "acme", ME, ttl_s=60, now=NOW)
    assert not take_lease(engine, "acme", OTHER, ttl_s=60, now=_at(30))
    assert take_lease(engine, "acme", ME, ttl_s=60, now=_at(30))  # ours: renewed
    assert not take_lease(engine, "acme", OTHER, ttl_s=60, now=_at(60))
    assert take_lease(engine, "acme", OTHER, ttl_s=60, now=_at(91))
    lease = lease_of(engine, "acme")
    assert lease is not None
    assert lease.holder == OTHER


def test_racing_takers_get_one_lease(engine: Engine) -> None:
    holders = [Holder(f"t{i}", "host", i) for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        won = list(pool.map(lambda h: take_lease(engine, "acme", h, ttl_s=60, now=NOW), holders))
    assert sum(won) == 1


def test_renew_and_release_touch_only_the_holders_leases(engine: Engine) -> None:
    take_lease(engine, "a", ME, ttl_s=60, now=NOW)
    take_lease(engine, "b", OTHER, ttl_s=60, now=NOW)
    assert renew_leases(engine, ME, ttl_s=60, now=_at(50)) == 1
    assert [lease.source for lease in live_leases(engine, now=_at(100))] == ["a"]
    release_lease(engine, "b", ME)  # not ours: kept
    release_lease(engine, "a", ME)
    assert lease_of(engine, "a") is None
    assert lease_of(engine, "b") is not None


def test_dead_local_holders_are_released(engine: Engine) -> None:
    take_lease(engine, "a", ME, ttl_s=60, now=NOW)
    take_lease(engine, "b", OTHER, ttl_s=60, now=NOW)
    take_lease(engine, "c", Holder("far", "host-b", 200), ttl_s=60, now=NOW)
    freed = release_dead_leases(
        engine, host="host-a", is_alive=lambda pid: pid != 200, keep=[ME.token]
    )
    assert freed == ["b"]
    assert lease_of(engine, "c") is not None  # another host's pid cannot be checked here


def test_running_runs_become_interrupted(engine: Engine) -> None:
    held = start_run(engine, source="held", now=NOW)
    orphan = start_run(engine, source="orphan", now=NOW)
    take_lease(engine, "held", ME, ttl_s=60, now=NOW)
    assert interrupt_orphaned_runs(engine, now=_at(1)) == 1
    statuses = {r.id: r.status for r in list_runs(engine, source=None, limit=10)}
    assert statuses == {held: "running", orphan: "interrupted"}
    assert interrupt_runs(engine, source="held", now=_at(2)) == 1
    assert {r.status for r in list_runs(engine, source=None, limit=10)} == {"interrupted"}


def test_resume_since_is_the_first_run_after_the_last_ok_one(engine: Engine) -> None:
    assert resume_since(engine, "acme") is None
    for offset, status in ((0, "ok"), (10, "interrupted"), (20, "failed"), (30, None)):
        run = start_run(engine, source="acme", now=_at(offset))
        if status:
            finish_run(engine, run, status=status, counters={}, error=None, now=_at(offset + 5))
    assert resume_since(engine, "acme") == _at(10)
    run = start_run(engine, source="acme", now=_at(40))
    finish_run(engine, run, status="ok", counters={}, error=None, now=_at(45))
    assert resume_since(engine, "acme") is None


def test_heartbeats_beat_and_stop(engine: Engine) -> None:
    beat(engine, ME, started_at=NOW, now=NOW)
    beat(engine, ME, started_at=NOW, now=_at(10))
    beat(engine, OTHER, started_at=NOW, now=_at(5))
    mark_stopped(engine, OTHER, now=_at(6))
    rows = heartbeats(engine)
    assert [(b.pid, b.beat_at, b.stopped_at) for b in rows] == [
        (100, _at(10), None),
        (200, _at(5), _at(6)),
    ]


def test_source_state_round_trips_and_enable_clears_disabling(engine: Engine) -> None:
    state = SourceState(
        name="acme",
        failures=4,
        failure_weight=6.0,
        retry_at=_at(600),
        disabled_reason="4 failed runs in a row; last: HTTP 404",
        health="failing",
        health_reason="HTTP 404",
        health_since=NOW,
        interval_s=300.0,
        updated_at=NOW,
    )
    save_source_state(engine, state)
    assert load_source_state(engine, "acme") == state
    assert enable_source(engine, "acme", now=_at(1))
    assert not enable_source(engine, "nobody", now=_at(1))
    enabled = load_source_states(engine)["acme"]
    assert (enabled.disabled_reason, enabled.failures, enabled.retry_at) == (None, 0, None)
    assert enabled.health == "failing"  # health changes with the next run, not on enable


def test_begin_run_takes_the_lease_marks_dead_runs_and_finds_the_resume_point(
    engine: Engine,
) -> None:
    from storage import begin_run, end_run

    dead = start_run(engine, source="acme", now=NOW)  # a killed process's run
    start = begin_run(engine, source="acme", holder=ME, lease_ttl_s=60, now=_at(10))
    assert start is not None
    assert (start.interrupted, start.resume_since) == (1, NOW)
    assert begin_run(engine, source="acme", holder=OTHER, lease_ttl_s=60, now=_at(11)) is None
    end_run(
        engine,
        start.run_id,
        source="acme",
        holder=ME,
        status="ok",
        counters={"pages": 2},
        error=None,
        now=_at(20),
    )
    assert lease_of(engine, "acme") is None
    runs = {r.id: (r.status, r.pages) for r in list_runs(engine, source="acme", limit=5)}
    assert runs == {dead: ("interrupted", 0), start.run_id: ("ok", 2)}
    again = begin_run(engine, source="acme", holder=OTHER, lease_ttl_s=60, now=_at(30))
    assert again is not None
    assert (again.interrupted, again.resume_since) == (0, None)
