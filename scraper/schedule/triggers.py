"""APScheduler triggers for sources: an interval or a crontab, each with its jitter bound.

A source's period is its configured interval, its adapted one under `schedule: auto`, or for a
crontab the gap between its next two fire times (what jitter and the misfire grace scale with).
APScheduler is imported where a trigger is built: `tidings crawl` records its runs through
`job`, which asks `period_s` of interval sources only (0.7 MB and 9 ms a start, measured).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apscheduler.triggers.base import BaseTrigger
    from apscheduler.triggers.cron import CronTrigger

    from scraper.config import Settings, SourceSpec
    from storage import SourceState

__all__ = ["cron_trigger", "next_cron_fire", "period_s", "trigger_for"]


def cron_trigger(spec: SourceSpec) -> CronTrigger:
    """The source's crontab, read in its own timezone."""
    from apscheduler.triggers.cron import CronTrigger

    assert spec.cron is not None
    return CronTrigger.from_crontab(spec.cron, timezone=spec.zone)


def next_cron_fire(spec: SourceSpec, after: datetime) -> datetime:
    """The first crontab fire time strictly after `after` (aware UTC)."""
    fire: datetime = cron_trigger(spec).get_next_fire_time(None, after + timedelta(microseconds=1))
    return fire.astimezone(UTC)


def period_s(
    settings: Settings, spec: SourceSpec, state: SourceState | None, now: datetime
) -> float:
    """The source's current period in seconds (see the module docstring)."""
    if spec.cron is not None:
        first = next_cron_fire(spec, now)
        return (next_cron_fire(spec, first) - first).total_seconds()
    if spec.is_auto and state is not None and state.interval_s:
        return state.interval_s
    return settings.interval_s(spec)


def trigger_for(settings: Settings, spec: SourceSpec, period: float) -> BaseTrigger:
    """An interval trigger, or the crontab, delaying each run by up to the jitter bound."""
    jitter = settings.jitter_for(spec).bound_s(period) or None
    if spec.cron is not None:
        trigger = cron_trigger(spec)
        trigger.jitter = jitter
        return trigger
    from apscheduler.triggers.interval import IntervalTrigger

    return IntervalTrigger(seconds=period, jitter=jitter, timezone=UTC)
