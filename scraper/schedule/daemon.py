"""`tidings run`: one APScheduler job per source, on one asyncio loop, until a signal.

The daemon only plans and feeds jobs; each job is `run_source` (crawl one source, decide its
standing). Planning reads the database, so a restart loses nothing: each source is due an
interval after its last finished run (or at its backoff), and the sources overdue at start are
spread over `daemon.startup_window`. Jobs have `max_instances=1`, `coalesce=True` and a misfire
grace of one period; leases keep other processes off a source while it runs.

Signals: SIGTERM/SIGINT pause the scheduler (no new runs), tell the running crawls to finish
the page in hand, wait up to `STOP_GRACE_S` for them (the crawl cuts off its own sources then:
`crawl.cutoff`), and return (exit 0). SIGHUP re-reads
config.yaml: added, removed and changed sources take effect; a config that does not validate is
logged with its file:line and the old one keeps running. A heartbeat row shows the loop alive.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from scraper.config import Settings
from scraper.crawl import STOP_GRACE_S, check_dedup_keys, in_database, recover_interrupted
from scraper.errors import TidingsError, describe
from scraper.schedule.decide import misfire_grace_s
from scraper.schedule.job import JobResult, run_source
from scraper.schedule.metrics import Metrics, keep_ticking
from scraper.schedule.plan import SourcePlan, plan_sources
from scraper.schedule.triggers import trigger_for
from storage import (
    Holder,
    SourceState,
    beat,
    current_holder,
    load_source_states,
    mark_stopped,
)

__all__ = ["STOP_GRACE_S", "Daemon"]

logger = logging.getLogger(__name__)
Loader = Callable[[], Settings]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Daemon:
    """The scheduler loop over `run_source`; `run()` returns after SIGTERM or SIGINT."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        load: Loader,
        metrics: Metrics | None = None,
        holder: Holder | None = None,
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._load = load
        self._metrics = metrics
        self._holder = holder or current_holder()
        self._stopping = asyncio.Event()
        self._crawl_stop = asyncio.Event()
        self._slots = asyncio.Semaphore(settings.daemon.concurrency)
        self._running: dict[str, asyncio.Task[None]] = {}
        self._plans: dict[str, SourcePlan] = {}
        self._states: dict[str, SourceState] = {}  # as stored; `run_source` keeps it current
        self._reloads: set[asyncio.Task[None]] = set()
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._started = _utcnow()

    async def run(self) -> None:
        """Plan, start, beat until a stop signal, then stop gracefully."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        loop.add_signal_handler(signal.SIGHUP, self._reload_soon)
        await in_database(self._engine, recover_interrupted, self._engine, now=_utcnow())
        await in_database(
            self._engine, check_dedup_keys, self._settings, self._engine, now=_utcnow()
        )
        await self._beat()
        self._scheduler.add_listener(self._submitted, EVENT_JOB_SUBMITTED)
        self._scheduler.start()
        await self._apply(self._settings, first=True)
        logger.warning(
            "daemon.started",
            extra={"pid": self._holder.pid, "host": self._holder.host, "sources": len(self._plans)},
        )
        async with asyncio.TaskGroup() as group:
            beating = group.create_task(self._heartbeat())
            ticking = group.create_task(
                keep_ticking(self._metrics) if self._metrics else asyncio.sleep(0)
            )
            await self._stopping.wait()
            await self._stop()
            beating.cancel()
            ticking.cancel()
        await in_database(self._engine, mark_stopped, self._engine, self._holder, now=_utcnow())
        logger.warning("daemon.stopped", extra={"pid": self._holder.pid})

    def _reload_soon(self) -> None:
        """SIGHUP: reload on the loop; the task is kept until done (the loop holds it weakly)."""
        task = asyncio.get_running_loop().create_task(self.reload())
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)

    def stop(self) -> None:
        """What SIGTERM does (for callers that run the daemon in-process)."""
        self._stopping.set()

    async def reload(self) -> None:
        """Re-read config.yaml and apply it; keep the old config when the new one is wrong."""
        try:
            settings = await asyncio.to_thread(self._load)
        except TidingsError as exc:
            logger.error("config.rejected", extra={"error": describe(exc)})
            return
        if settings.database != self._settings.database:
            logger.warning("config.database_unchanged", extra={"reason": "needs a restart"})
            settings = settings.model_copy(update={"database": self._settings.database})
        await self._apply(settings, first=False)
        logger.warning("config.reloaded", extra={"sources": len(self._plans)})

    async def _apply(self, settings: Settings, *, first: bool) -> None:
        """Make the jobs match `settings`: add, replace and remove (see `plan`)."""
        states = await in_database(self._engine, load_source_states, self._engine)
        last = await in_database(self._engine, _last_finished, self._engine)
        plans = plan_sources(
            settings, states, last, now=_utcnow(), old=None if first else self._plans
        )
        self._settings = settings
        for name in set(self._plans) - set(plans.wanted) - set(plans.skipped):
            self._remove(name, "removed from config")
        for name, plan in plans.wanted.items():
            if plan.next_run is not None:
                self._states.pop(name, None)  # (re)planned from the database: read it afresh
                self._schedule(plan)
            self._plans[name] = plan
        for name, reason in plans.skipped.items():
            self._remove(name, reason)

    def _schedule(self, plan: SourcePlan) -> None:
        spec = plan.spec
        self._scheduler.add_job(
            self._job,
            trigger=trigger_for(self._settings, spec, plan.period_s),
            args=[spec.name],
            id=spec.name,
            name=spec.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=misfire_grace_s(plan.period_s),
            next_run_time=plan.next_run,
            replace_existing=True,
        )
        logger.info(
            "job.planned",
            extra={
                "source": spec.name,
                "next_run": plan.next_run.isoformat() if plan.next_run else None,
            },
        )

    def _remove(self, name: str, reason: str) -> None:
        self._plans.pop(name, None)
        try:
            self._scheduler.remove_job(name)
        except JobLookupError:
            return
        logger.warning("job.removed", extra={"source": name, "reason": reason})

    def _submitted(self, event: JobSubmissionEvent) -> None:
        due = max(event.scheduled_run_times)
        lag = (_utcnow() - due).total_seconds()
        if self._metrics is not None:
            self._metrics.lag.observe(max(0.0, lag))
        logger.info(
            "job.started",
            extra={"source": event.job_id, "due": due.isoformat(), "lag_s": round(lag, 3)},
        )

    async def _job(self, name: str) -> None:
        task = asyncio.current_task()
        if self._stopping.is_set() or task is None:
            return
        self._running[name] = task
        try:
            async with self._slots:
                if self._stopping.is_set():
                    return
                outcome = await run_source(
                    self._settings,
                    self._engine,
                    name,
                    stop=self._crawl_stop,
                    holder=self._holder,
                    on_fetch=self._metrics.observe_fetch if self._metrics else None,
                    states=self._states,
                )
            self._after(name, outcome)
        except Exception as exc:  # a job that fails never stops the daemon
            logger.error("job.failed", extra={"source": name, "error": describe(exc)})
        finally:
            self._running.pop(name, None)

    def _after(self, name: str, outcome: JobResult) -> None:
        """Apply a run's decisions to the job: disable, back off, or adapt the interval."""
        result, state = outcome.result, outcome.state
        if self._metrics is not None:
            self._metrics.observe_run(name, result.status, result.counters, _utcnow().timestamp())
        plan = self._plans.get(name)
        if state is None or plan is None or self._stopping.is_set():
            return
        if state.is_disabled:
            self._remove(name, state.disabled_reason or "disabled")
            return
        job = self._scheduler.get_job(name)
        if job is None:
            return
        if plan.spec.is_auto and state.interval_s and state.interval_s != plan.period_s:
            self._plans[name] = plan = plan.with_period(state.interval_s)
            job.reschedule(trigger_for(self._settings, plan.spec, plan.period_s))
            job.modify(misfire_grace_time=misfire_grace_s(plan.period_s))
        if state.retry_at is not None and job.next_run_time and state.retry_at > job.next_run_time:
            job.modify(next_run_time=state.retry_at)
            logger.warning(
                "source.backoff", extra={"source": name, "retry_at": state.retry_at.isoformat()}
            )

    async def _heartbeat(self) -> None:
        """Beat, and pick up sources re-enabled with `tidings sources --enable`."""
        while True:
            await asyncio.sleep(self._settings.daemon.heartbeat)
            try:
                await self._beat_and_reconcile()
            except SQLAlchemyError as exc:  # the database is away: `status` shows us stale
                logger.error("heartbeat.failed", extra={"error": describe(exc)})

    async def _beat_and_reconcile(self) -> None:
        """Beat; refresh the health gauge; take in states written by others since (a
        `tidings crawl` by hand records its runs too); schedule sources enabled again since."""
        await self._beat()
        states = await in_database(self._engine, load_source_states, self._engine)
        for name, stored in states.items():
            known = self._states.get(name)
            if known is not None and stored.updated_at > known.updated_at:
                self._states[name] = stored
        if self._metrics is not None:
            self._metrics.set_health(
                "disabled" if s.is_disabled else s.health for s in states.values()
            )
        enabled = {s.name for s in self._settings.sources if s.enabled}
        back = [
            n
            for n, st in states.items()
            if n in enabled and n not in self._plans and not st.is_disabled
        ]
        if back:
            await self._apply(self._settings, first=False)

    async def _beat(self) -> None:
        await in_database(
            self._engine, beat, self._engine, self._holder, started_at=self._started, now=_utcnow()
        )

    async def _stop(self) -> None:
        """No new runs; the running ones finish their page and commit, or are cut off."""
        logger.warning("daemon.stopping", extra={"running": len(self._running)})
        self._scheduler.pause()
        self._crawl_stop.set()
        running = list(self._running.values())
        if running:
            _done, late = await asyncio.wait(running, timeout=STOP_GRACE_S)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        self._scheduler.shutdown(wait=False)


def _last_finished(engine: Engine) -> dict[str, datetime]:
    """Each source's last finished run's end (its start while it is still running)."""
    from storage import last_runs

    return {name: run.finished_at or run.started_at for name, run in last_runs(engine).items()}
