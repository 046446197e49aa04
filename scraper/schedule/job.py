"""The daemon's job: crawl one source, then decide and store its standing. One library call.

`run_source` is what a scheduler (APScheduler here, procrastinate across nodes) calls for a
due source: `crawl` under the source's lease, then `record_result`: the pure decisions of
`decide` (backoff, disabling, health, adaptive interval) stored with
`storage.save_source_state`, and a webhook POST when the health state changed. It returns what
the caller needs to plan the next run. `crawl_sources` is the one-off crawl (`tidings crawl`)
recorded the same way, so a source's standing never depends on who crawled it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from scraper.config import Settings, SourceSpec
from scraper.crawl import (
    CrawlOptions,
    FetchObserver,
    Progress,
    SourceResult,
    crawl,
    in_database,
)
from scraper.schedule.alerts import post_alert
from scraper.schedule.decide import OK, Policy, RunOutcome, next_state
from scraper.schedule.triggers import period_s
from storage import (
    Holder,
    SourceState,
    load_source_state,
    load_source_states,
    save_source_state,
)

__all__ = ["JobResult", "crawl_sources", "policy_for", "record_result", "run_source"]

logger = logging.getLogger(__name__)
Now = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class JobResult:
    """A job's outcome: the crawl's result, and the source's standing after it (the previous
    one, unchanged, when the source was held by another process)."""

    result: SourceResult
    state: SourceState | None
    health_changed: bool


def policy_for(
    settings: Settings, spec: SourceSpec, state: SourceState | None, now: datetime
) -> Policy:
    """The decisions' inputs for `spec`: its current period, the daemon's failure limits."""
    daemon = settings.daemon
    return Policy(
        interval_s=period_s(settings, spec, state, now),
        max_failures=daemon.max_failures,
        backoff_max_s=daemon.backoff_max,
        bounds_s=settings.interval_bounds_s(spec) if spec.is_auto else None,
    )


async def run_source(
    settings: Settings,
    engine: Engine,
    name: str,
    *,
    stop: asyncio.Event | None = None,
    holder: Holder | None = None,
    on_fetch: FetchObserver | None = None,
    now: Now = _utcnow,
    states: MutableMapping[str, SourceState] | None = None,
) -> JobResult:
    """Crawl source `name` once and store what follows for it (see the module docstring).

    `states` is the caller's copy of the stored states (the daemon's: it is the one writer of
    them), read instead of the database and kept up to date; a state whose only change is the
    clock is not written (except under `schedule: auto`, whose next interval needs it). At a
    hundred runs a second on SQLite, each saved read or write is queueing time saved.
    """
    settings.source(name)  # an unknown name fails here, before any database work
    if states is not None and name in states:
        previous: SourceState | None = states[name]
    else:
        previous = await in_database(engine, load_source_state, engine, name)
    [result] = await crawl(
        settings, engine, sources=[name], stop=stop, holder=holder, on_fetch=on_fetch, now=now
    )
    return await record_result(settings, engine, result, previous, now=now, states=states)


async def crawl_sources(
    settings: Settings,
    engine: Engine,
    names: Sequence[str] = (),
    *,
    options: CrawlOptions | None = None,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
    now: Now = _utcnow,
) -> list[JobResult]:
    """A one-off crawl (`tidings crawl`) of the named sources (all enabled ones when none are),
    each outcome recorded as the daemon records its runs: health, failures, backoff, disabling.

    A failing source crawled by hand so shows in `tidings sources` and `status` exactly as
    after a daemon run, and a successful one clears its failures. The states are read after
    the crawl, when the sources' leases have just been given back, as the daemon's own record
    of the run would be.
    """
    results = await crawl(
        settings, engine, sources=names, options=options, progress=progress, stop=stop, now=now
    )
    states = await in_database(engine, load_source_states, engine)
    return [
        await record_result(settings, engine, r, states.get(r.source), now=now) for r in results
    ]


async def record_result(
    settings: Settings,
    engine: Engine,
    result: SourceResult,
    previous: SourceState | None,
    *,
    now: Now = _utcnow,
    states: MutableMapping[str, SourceState] | None = None,
) -> JobResult:
    """Decide and store a source's standing after one run of it (`result`), from `previous`.

    A run skipped as "held" changes nothing; an interrupted one moves only the clock.
    """
    name = result.source
    if result.status == "held":
        return JobResult(result, previous, health_changed=False)
    spec = settings.source(name)
    at = now()
    elapsed = (at - previous.updated_at).total_seconds() if previous else None
    outcome = RunOutcome(result.status, result.counters, result.error, elapsed)
    state = next_state(previous, name, outcome, policy_for(settings, spec, previous, at), at)
    if spec.is_auto or not _only_the_clock_moved(previous, state):
        await in_database(engine, save_source_state, engine, state)
    if states is not None:
        states[name] = state
    was = previous.health if previous else OK
    changed = state.health != was
    if changed:
        await _announce(settings, spec, state, was)
    if state.is_disabled and not (previous and previous.is_disabled):
        logger.warning("source.disabled", extra={"source": name, "reason": state.disabled_reason})
    return JobResult(result, state, health_changed=changed)


def _only_the_clock_moved(previous: SourceState | None, state: SourceState) -> bool:
    return previous is not None and replace(state, updated_at=previous.updated_at) == previous


async def _announce(settings: Settings, spec: SourceSpec, state: SourceState, was: str) -> None:
    """Log the health change, and POST it when a webhook is configured."""
    fields = {
        "source": spec.name,
        "health": state.health,
        "previous": was,
        "reason": state.health_reason,
    }
    level = logging.INFO if state.health == OK else logging.WARNING
    logger.log(level, "health.changed", extra=fields)
    webhook = settings.alerts.webhook
    if webhook is not None:
        payload = {**fields, "url": ", ".join(spec.start_urls), "at": state.updated_at.isoformat()}
        await post_alert(webhook, payload)
