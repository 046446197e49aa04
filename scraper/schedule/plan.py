"""Which sources get a job and when each first runs: config joined with what the database
says (last finished runs, backoff, disabling). Pure: the daemon reads, this decides.

On a reload (`old` given), a source whose settings did not change keeps its job as it is
(`next_run` None); added and changed ones are planned afresh from the database, so a reload
neither delays nor repeats anybody's run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from scraper.config import Defaults, Settings, SourceSpec
from scraper.schedule.decide import due_after, spread_overdue, with_backoff
from scraper.schedule.triggers import next_cron_fire, period_s
from storage import SourceState

__all__ = ["Plans", "SourcePlan", "first_due", "plan_sources"]


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """A scheduled source: its spec, its period, and when its job next runs (None: keep the
    job as scheduled)."""

    spec: SourceSpec
    defaults: Defaults
    period_s: float
    next_run: datetime | None

    def with_period(self, period: float) -> SourcePlan:
        return replace(self, period_s=period)

    def is_same_config(self, other: SourcePlan) -> bool:
        return self.spec == other.spec and self.defaults == other.defaults


@dataclass(frozen=True, slots=True)
class Plans:
    """`wanted`: the sources that get a job; `skipped`: the others, with the reason."""

    wanted: dict[str, SourcePlan] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def first_due(
    settings: Settings,
    spec: SourceSpec,
    state: SourceState | None,
    last_finished: datetime | None,
    *,
    now: datetime,
) -> datetime:
    """When `spec` is due, from its last finished run and its backoff (may be in the past)."""
    if spec.cron is not None:
        due = now if last_finished is None else next_cron_fire(spec, last_finished)
    else:
        period = period_s(settings, spec, state, now)
        due = due_after(last_finished, interval_s=period, now=now)
    return with_backoff(due, state.retry_at if state else None)


def plan_sources(
    settings: Settings,
    states: Mapping[str, SourceState],
    last_finished: Mapping[str, datetime],
    *,
    now: datetime,
    old: Mapping[str, SourcePlan] | None = None,
) -> Plans:
    """Plan every configured source (see the module docstring)."""
    plans = Plans()
    dues: dict[str, datetime] = {}
    for spec in settings.sources:
        name, state = spec.name, states.get(spec.name)
        if not spec.enabled:
            plans.skipped[name] = "enabled: false in config"
            continue
        if state is not None and state.disabled_reason is not None:
            plans.skipped[name] = f"disabled: {state.disabled_reason}"
            continue
        period = period_s(settings, spec, state, now)
        plan = SourcePlan(spec, settings.defaults, period, None)
        previous = old.get(name) if old is not None else None
        if previous is not None and plan.is_same_config(previous):
            plans.wanted[name] = replace(previous, next_run=None)
            continue
        plans.wanted[name] = plan
        dues[name] = first_due(settings, spec, state, last_finished.get(name), now=now)
    spread = spread_overdue(dues, now=now, window_s=settings.daemon.startup_window)
    for name, when in spread.items():
        plans.wanted[name] = replace(plans.wanted[name], next_run=when)
    return plans
