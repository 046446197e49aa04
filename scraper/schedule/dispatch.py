"""Which sources a cluster queues now: the single node's decisions, asked on every dispatch.

On one node APScheduler holds each source's next run; in a cluster nothing is held in memory:
every dispatch recomputes each source's due time from the database with the same `first_due`
(interval or crontab, backoff, adaptive interval) and queues the ones whose time has come.
Jitter is the same bound as on one node, drawn from a generator seeded with the source and its
last finished run, so every dispatch (on whichever node) draws the same delay for that run.
Sources with a job waiting or running are left out: that is what keeps a source from being
queued twice while it runs.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from scraper.config import Settings, SourceSpec
from scraper.schedule.plan import first_due
from scraper.schedule.triggers import period_s
from storage import SourceState

__all__ = ["WEEK_S", "Due", "due_sources", "jitter_s", "lookback_start"]

WEEK_S = 7 * 86400.0


@dataclass(frozen=True, slots=True)
class Due:
    """A source to queue, and when it became due (for the lag)."""

    name: str
    due: datetime


def jitter_s(name: str, last_finished: datetime, bound_s: float) -> float:
    """A delay in [0, bound_s], the same for every caller that asks about this run."""
    if bound_s <= 0:
        return 0.0
    return random.Random(f"{name}@{last_finished.isoformat()}").uniform(0, bound_s)


def lookback_start(
    settings: Settings, states: Mapping[str, SourceState], *, now: datetime
) -> datetime:
    """How far back the dispatch must read runs: two of the longest periods (a week at least
    with a crontab, whose gaps can exceed its period); a source whose last run is older than
    this is due whatever that run was."""
    longest = max(
        (period_s(settings, s, states.get(s.name), now) for s in settings.sources), default=0.0
    )
    if any(s.cron is not None for s in settings.sources):
        longest = max(longest, WEEK_S)
    return now - timedelta(seconds=2 * longest + 60)


def due_sources(
    settings: Settings,
    states: Mapping[str, SourceState],
    last_finished: Mapping[str, datetime],
    *,
    active: Collection[str],
    now: datetime,
) -> list[Due]:
    """The enabled, not disabled, not active sources due at or before `now`, most overdue
    first."""
    out = [
        Due(spec.name, due)
        for spec in settings.sources
        if spec.enabled and spec.name not in active
        if not ((state := states.get(spec.name)) and state.is_disabled)
        if (due := _due(settings, spec, state, last_finished.get(spec.name), now)) <= now
    ]
    return sorted(out, key=lambda d: (d.due, d.name))


def _due(
    settings: Settings,
    spec: SourceSpec,
    state: SourceState | None,
    last: datetime | None,
    now: datetime,
) -> datetime:
    due = first_due(settings, spec, state, last, now=now)
    if last is None:
        return due
    bound = settings.jitter_for(spec).bound_s(period_s(settings, spec, state, now))
    return due + timedelta(seconds=jitter_s(spec.name, last, bound))
