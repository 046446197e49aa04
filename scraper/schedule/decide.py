"""The daemon's decisions, as pure functions of a source's runs and the clock (no I/O).

- **When next.** A source is due an interval after its last finished run (`due_after`), or at
  its backoff instant if that is later (`with_backoff`). Sources overdue when the daemon starts
  are spread evenly over a start-up window, most overdue first (`spread_overdue`), so a restart
  after a long stop does not fire every source in the same second.
- **Backoff.** Each failed run adds a weight: 1 for a temporary failure (timeout, 5xx, 429,
  network), `HARD_WEIGHT` for a hard one (404, 410, DNS, TLS). The wait is the interval doubled
  per unit of weight past the first, capped (`backoff_s`); `max_failures` failures in a row
  disable the source. A successful run clears both.
- **Health.** What the run says about the source, beyond ok/failed: no cards, a body that is not
  HTML or a feed, an empty body, selectors that broke (`health_of`).
- **Adaptive interval.** For `schedule: auto`: a run that brings new items moves the interval
  toward the one at which a run would bring about `TARGET_NEW_PER_RUN` (geometric mean of the
  current and that target); a run with nothing new stretches it by `STRETCH`. Always within the
  source's bounds (`adapt_interval`). The same idea as Miniflux's entry-frequency scheduler and
  Media Cloud's rss-fetcher, reduced to one step per run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from scraper.crawl import HARD_FAILURES
from storage import SourceState

__all__ = [
    "HARD_WEIGHT",
    "OK",
    "STRETCH",
    "TARGET_NEW_PER_RUN",
    "Policy",
    "RunOutcome",
    "adapt_interval",
    "backoff_s",
    "due_after",
    "failure_weight",
    "health_of",
    "misfire_grace_s",
    "next_state",
    "spread_overdue",
    "with_backoff",
]

OK = "ok"
HARD_WEIGHT = 2.0
TARGET_NEW_PER_RUN = 3.0
STRETCH = 1.5
_NOT_HTML = "not HTML or a feed"
_EMPTY = "empty body"


@dataclass(frozen=True, slots=True)
class Policy:
    """What the decisions need from config, as plain values (seconds)."""

    interval_s: float
    max_failures: int
    backoff_max_s: float
    bounds_s: tuple[float, float] | None = None  # set for `schedule: auto`


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """One finished run as the decisions see it."""

    status: str  # ok | failed | interrupted | held
    counters: Mapping[str, int]
    error: str | None
    elapsed_s: float | None  # since the source's previous run started; None for the first


def due_after(last_finished: datetime | None, *, interval_s: float, now: datetime) -> datetime:
    """When a source is due: an interval after its last finished run; now if it never ran."""
    return now if last_finished is None else last_finished + timedelta(seconds=interval_s)


def with_backoff(due: datetime, retry_at: datetime | None) -> datetime:
    """The later of the schedule's due time and the backoff's earliest retry."""
    return due if retry_at is None or retry_at <= due else retry_at


def spread_overdue(
    dues: Mapping[str, datetime], *, now: datetime, window_s: float
) -> dict[str, datetime]:
    """Overdue sources (due at or before `now`) get evenly spaced times in [now, now + window),
    most overdue first (ties by name); the others keep their due time."""
    overdue = sorted((due, name) for name, due in dues.items() if due <= now)
    out = {name: due for name, due in dues.items() if due > now}
    step = window_s / len(overdue) if overdue else 0.0
    for index, (_due, name) in enumerate(overdue):
        out[name] = now + timedelta(seconds=step * index)
    return out


def misfire_grace_s(interval_s: float) -> int:
    """How late a run may start and still run: one interval (APScheduler's 1 s default drops
    runs whenever the loop is busy for a second); coalescing merges what piles up."""
    return max(1, math.ceil(interval_s))


def failure_weight(counters: Mapping[str, int]) -> float:
    """1 for a temporary failure, `HARD_WEIGHT` for a hard one (from `failure/<kind>`)."""
    kinds = {
        k.removeprefix("failure/") for k, n in counters.items() if k.startswith("failure/") and n
    }
    return HARD_WEIGHT if kinds & HARD_FAILURES else 1.0


def backoff_s(weight: float, *, interval_s: float, cap_s: float) -> float:
    """The wait before the next try after failures of total `weight` (0: no wait):
    `interval * 2 ** (weight - 1)`, at most `cap_s`."""
    if weight <= 0:
        return 0.0
    return min(cap_s, interval_s * 2 ** (weight - 1))


def health_of(outcome: RunOutcome) -> tuple[str, str | None]:
    """The health state a run shows, with its reason; `ok` has none."""
    get = outcome.counters.get
    if outcome.status == "failed":
        error = outcome.error or "the run failed"
        if _NOT_HTML in error:
            return "not html", error
        if _EMPTY in error:
            return "empty", error
        return "failing", error
    if get("health/selectors_broken", 0):
        return "selectors broken", "the configured selectors found no cards; automatic did"
    if get("parse/empty_page", 0) and not get("items", 0):
        return "no cards", "the listing had 0 cards"
    return OK, None


def adapt_interval(
    current_s: float, *, new_items: int, elapsed_s: float | None, bounds_s: tuple[float, float]
) -> float:
    """The next interval of a `schedule: auto` source (see the module docstring)."""
    low, high = bounds_s
    if new_items > 0 and elapsed_s is not None and elapsed_s > 0:
        target = elapsed_s * TARGET_NEW_PER_RUN / new_items
        proposed = math.sqrt(current_s * target)
    elif new_items > 0:
        proposed = current_s
    else:
        proposed = current_s * STRETCH
    return min(high, max(low, proposed))


def next_state(
    previous: SourceState | None, name: str, outcome: RunOutcome, policy: Policy, now: datetime
) -> SourceState:
    """A source's standing after `outcome`. Interrupted and held runs say nothing about the
    source, so only the clock moves."""
    state = previous or SourceState(
        name=name,
        failures=0,
        failure_weight=0.0,
        retry_at=None,
        disabled_reason=None,
        health=OK,
        health_reason=None,
        health_since=now,
        interval_s=None,
        updated_at=now,
    )
    if outcome.status not in (OK, "failed"):
        return replace(state, updated_at=now)
    health, reason = health_of(outcome)
    since = state.health_since if health == state.health else now
    state = replace(state, health=health, health_reason=reason, health_since=since, updated_at=now)
    if outcome.status == OK:
        return replace(
            state,
            failures=0,
            failure_weight=0.0,
            retry_at=None,
            interval_s=_adapted(state, outcome, policy),
        )
    return _failed(state, outcome, policy, now)


def _failed(state: SourceState, outcome: RunOutcome, policy: Policy, now: datetime) -> SourceState:
    failures = state.failures + 1
    weight = state.failure_weight + failure_weight(outcome.counters)
    wait = backoff_s(weight, interval_s=policy.interval_s, cap_s=policy.backoff_max_s)
    disabled = state.disabled_reason
    if failures >= policy.max_failures:
        disabled = f"{failures} failed runs in a row; last: {outcome.error or 'unknown'}"
    return replace(
        state,
        failures=failures,
        failure_weight=weight,
        retry_at=now + timedelta(seconds=wait),
        disabled_reason=disabled,
    )


def _adapted(state: SourceState, outcome: RunOutcome, policy: Policy) -> float | None:
    if policy.bounds_s is None:
        return None
    current = state.interval_s or policy.interval_s
    new = outcome.counters.get("store/new", 0)
    return adapt_interval(
        current, new_items=new, elapsed_s=outcome.elapsed_s, bounds_s=policy.bounds_s
    )
