"""What `tidings sources` and `tidings status` show: config joined with runs, the daemon's
heartbeat, leases and each source's standing.

A daemon is alive when its newest heartbeat has no clean stop and is younger than
`FRESH_BEATS` heartbeat periods. A source is overdue when it is past its due time by more than
its jitter bound plus half a period (at least one heartbeat), and nobody is crawling it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from scraper.config import Settings, SourceSpec
from scraper.crawl import health
from scraper.schedule.decide import OK
from scraper.schedule.plan import first_due
from scraper.schedule.triggers import period_s
from storage import (
    Heartbeat,
    Lease,
    RunRecord,
    SourceState,
    enable_source,
    heartbeats,
    last_runs,
    live_leases,
    load_source_states,
)

__all__ = ["FRESH_BEATS", "DaemonStatus", "daemon_status", "enable", "source_rows"]

FRESH_BEATS = 3
_NODES_SHOWN = 50  # a cluster lists every node that beat lately (newest first)


@dataclass(frozen=True, slots=True)
class DaemonStatus:
    """`tidings status`: `alive` decides the exit code; the lists are rows to print."""

    alive: bool
    daemons: list[dict[str, object]]
    running: list[dict[str, object]]
    overdue: list[dict[str, object]]
    sick: list[dict[str, object]]


def source_rows(settings: Settings, engine: Engine, *, now: datetime) -> list[dict[str, object]]:
    """One row per configured source: where it points, its last run, its standing, its next
    run and its effective interval."""
    last = last_runs(engine)
    states = load_source_states(engine)
    return [
        _source_row(settings, spec, last.get(spec.name), states.get(spec.name), now)
        for spec in settings.sources
    ]


def _source_row(
    settings: Settings,
    spec: SourceSpec,
    run: RunRecord | None,
    state: SourceState | None,
    now: datetime,
) -> dict[str, object]:
    period = period_s(settings, spec, state, now)
    return {
        "name": spec.name,
        "kind": spec.kind,
        "url": ", ".join(spec.start_urls),
        "schedule": _schedule(spec, period),
        "interval": _every(period),
        "enabled": spec.enabled and not (state and state.is_disabled),
        "last_run": run.started_at if run else None,
        "last_status": run.status if run else None,
        "last_new": run.new if run else None,
        "last_error": run.error if run else None,
        "health": _health(state, run),
        "reason": _reason(state),
        "next_run": _next_run(settings, spec, run, state, now),
    }


def _schedule(spec: SourceSpec, period: float) -> str:
    if spec.cron is not None:
        return spec.cron
    return "auto" if spec.is_auto else _every(period)


def _health(state: SourceState | None, run: RunRecord | None) -> str | None:
    if state is not None:
        return "disabled" if state.is_disabled else state.health
    return health(run.stats) if run else None


def _reason(state: SourceState | None) -> str | None:
    if state is None:
        return None
    if state.is_disabled:
        return state.disabled_reason
    if state.retry_at is not None and state.failures:
        return f"{state.failures} failed; backing off until {state.retry_at:%Y-%m-%d %H:%M:%S}Z"
    return state.health_reason


def _next_run(
    settings: Settings,
    spec: SourceSpec,
    run: RunRecord | None,
    state: SourceState | None,
    now: datetime,
) -> object:
    if not spec.enabled or (state and state.is_disabled):
        return "disabled"
    if run is None:
        return "on first start"
    return first_due(settings, spec, state, run.finished_at or run.started_at, now=now)


def daemon_status(settings: Settings, engine: Engine, *, now: datetime) -> DaemonStatus:
    """Is a daemon alive and fresh, what runs now, what is overdue, which sources are sick."""
    beats = heartbeats(engine, limit=_NODES_SHOWN)
    fresh_s = FRESH_BEATS * settings.daemon.heartbeat
    leases = live_leases(engine, now=now)
    daemons = [_daemon_row(b, now, fresh_s, leases) for b in beats]
    running = [
        {"source": lease.source, "holder": str(lease.holder), "since": lease.taken_at}
        for lease in leases
    ]
    busy = {lease.source for lease in leases}
    rows = source_rows(settings, engine, now=now)
    overdue = [
        {
            "source": row["name"],
            "due": row["next_run"],
            "late_s": round((now - due).total_seconds()),
        }
        for row, spec in zip(rows, settings.sources, strict=True)
        if isinstance(due := row["next_run"], datetime)
        and spec.name not in busy
        and due + timedelta(seconds=_slack_s(settings, spec, now)) < now
    ]
    sick = [
        {"source": row["name"], "health": row["health"], "reason": row["reason"]}
        for row in rows
        if row["health"] not in (None, OK)
    ]
    alive = bool(daemons) and daemons[0]["state"] == "alive"
    return DaemonStatus(alive, daemons, running, overdue, sick)


def _daemon_row(
    beat: Heartbeat, now: datetime, fresh_s: float, leases: list[Lease]
) -> dict[str, object]:
    """One daemon, or one node of a cluster: its heartbeat and the sources it crawls now."""
    age = (now - beat.beat_at).total_seconds()
    state = "stopped" if beat.stopped_at else ("alive" if age <= fresh_s else "stale")
    mine = [x.source for x in leases if (x.holder.host, x.holder.pid) == (beat.host, beat.pid)]
    return {
        "host": beat.host,
        "pid": beat.pid,
        "started": beat.started_at,
        "heartbeat_age_s": round(age, 1),
        "state": state,
        "running": ", ".join(mine),
    }


def _slack_s(settings: Settings, spec: SourceSpec, now: datetime) -> float:
    period = period_s(settings, spec, None, now)
    jitter = settings.jitter_for(spec).bound_s(period)
    return jitter + max(period / 2, settings.daemon.heartbeat)


def enable(engine: Engine, name: str, *, now: datetime) -> bool:
    """`tidings sources --enable NAME`: clear the disabling and the backoff."""
    return enable_source(engine, name, now=now)


def _every(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size and seconds % size == 0:
            return f"every {int(seconds // size)}{unit}"
    return f"every {seconds:g}s"
