"""`tidings run` with `cluster:` on: one node of several sharing the sources through PostgreSQL.

The job engine is procrastinate (its tables come with our migrations). Each node runs two of its
workers: one on the dispatch queue (one job at a time) and one on the crawl queue
(`daemon.concurrency` at a time). A periodic `tidings.dispatch` task, deferred once per tick for
the whole cluster (procrastinate keys periodic jobs by their timestamp), asks `dispatch` which
sources are due, with the single node's decisions, and defers `tidings.crawl_source(name)` for
each with a per-source `queueing_lock` (never queued twice) and `lock` (never run twice). The
crawl is the same `run_source` the single node calls, under the same lease.

A node that dies stops beating (procrastinate's worker heartbeat and our `daemon_heartbeats`
row). Every node watches for jobs whose worker has been silent for `cluster.stall_timeout`:
it frees that holder's leases, marks its runs interrupted and puts the jobs back in the queue,
where another node takes them. A node that cannot reach the database for that long gives up
(exit 1, the reason logged): by then its jobs belong to the others. SIGTERM/SIGINT stop both
workers, let the crawls finish the page in hand, and return within `STOP_GRACE_S`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from procrastinate import App, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued, ProcrastinateException
from procrastinate.worker import Worker
from sqlalchemy.engine import Engine, make_url

from scraper.config import Settings
from scraper.crawl import check_dedup_keys, recover_interrupted
from scraper.errors import StorageError, TidingsError, describe
from scraper.schedule.daemon import STOP_GRACE_S
from scraper.schedule.dispatch import due_sources, lookback_start
from scraper.schedule.job import run_source
from scraper.schedule.metrics import TICK_S, Metrics
from storage import (
    Holder,
    beat,
    current_holder,
    ensure_job_queue,
    interrupt_orphaned_runs,
    last_finished_since,
    load_source_states,
    mark_stopped,
    release_stale_holders,
)

__all__ = ["CRAWL_QUEUE", "DISPATCH_QUEUE", "ClusterNode"]

logger = logging.getLogger(__name__)
CRAWL_QUEUE = "tidings.crawl"
DISPATCH_QUEUE = "tidings.dispatch"
_DISPATCH_LOCK = "tidings.dispatch"
_POOL_MAX = 4  # procrastinate's connections per node (the crawls use SQLAlchemy's pool)
_ACTIVE = (
    "SELECT lock FROM procrastinate_jobs "
    "WHERE queue_name = %(queue)s AND status IN ('todo', 'doing')"
)
Loader = Callable[[], Settings]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _lock(source: str) -> str:
    return f"crawl:{source}"


class ClusterNode:
    """One node: two procrastinate workers, a heartbeat and a stall watcher, until a signal."""

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
        self._name = self._holder.node
        self._stall_s = settings.cluster.stall_timeout
        self._stopping = asyncio.Event()
        self._crawl_stop = asyncio.Event()
        self._started = _utcnow()
        self._failure = _WorkerFailure()
        self._app = self._make_app()

    def _make_app(self) -> App:
        url = make_url(self._settings.database).set(drivername="postgresql")
        connector = PsycopgConnector(
            conninfo=url.render_as_string(hide_password=False),
            kwargs={"application_name": f"tidings {self._name}"[:63]},  # pool checks each one
            min_size=1,
            max_size=_POOL_MAX,
        )
        app = App(connector=connector)
        every = int(self._settings.cluster.dispatch)

        @app.periodic(cron=f"* * * * * */{every}", periodic_id="dispatch")
        @app.task(
            name="tidings.dispatch",
            queue=DISPATCH_QUEUE,
            lock=_DISPATCH_LOCK,
            queueing_lock=_DISPATCH_LOCK,
        )
        async def dispatch(timestamp: int) -> int:
            return await self._dispatch()

        @app.task(name="tidings.crawl_source", queue=CRAWL_QUEUE)
        async def crawl_source(name: str, due: str) -> str:
            return await self._crawl(name, datetime.fromisoformat(due))

        self._crawl_task = crawl_source
        return app

    async def run(self) -> None:
        """Work until SIGTERM/SIGINT; raise StorageError when the job queue gave up."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(self.reload()))
        await asyncio.to_thread(ensure_job_queue, self._engine)
        await asyncio.to_thread(recover_interrupted, self._engine, now=_utcnow())
        await asyncio.to_thread(check_dedup_keys, self._settings, self._engine, now=_utcnow())
        await self._beat()
        logging.getLogger("procrastinate").addHandler(self._failure)
        async with self._app.open_async():
            workers = [
                self._worker(DISPATCH_QUEUE, 1),
                self._worker(CRAWL_QUEUE, self._settings.daemon.concurrency),
            ]
            failure = await self._work(workers)
        await self._stopped()
        if failure is not None:
            raise StorageError(f"node {self._name} stopped: {failure}")

    def stop(self) -> None:
        """What SIGTERM does (for callers that run the node in-process)."""
        self._stopping.set()

    async def reload(self) -> None:
        """SIGHUP: take the new sources and their settings; the database and `cluster` stay."""
        try:
            settings = await asyncio.to_thread(self._load)
        except TidingsError as exc:
            logger.error("config.rejected", extra={"error": describe(exc)})
            return
        keep = {"database": self._settings.database, "cluster": self._settings.cluster}
        self._settings = settings.model_copy(update=keep)
        logger.warning("config.reloaded", extra={"sources": len(settings.sources)})

    def _worker(self, queue: str, concurrency: int) -> Worker:
        beat_s = min(self._settings.daemon.heartbeat, self._stall_s / 3)
        return Worker(
            self._app,
            queues=[queue],
            name=queue,
            concurrency=concurrency,
            install_signal_handlers=False,
            update_heartbeat_interval=beat_s,
            stalled_worker_timeout=self._stall_s,
            fetch_job_polling_interval=self._settings.cluster.dispatch,
            shutdown_graceful_timeout=STOP_GRACE_S,
            delete_jobs="successful",
        )

    async def _work(self, workers: list[Worker]) -> str | None:
        """Run the workers and side loops until a stop signal, or until one of them ends on its
        own (the reason, then)."""
        runs = [
            asyncio.create_task(w.run(), name=f"worker {w.worker_name}")  # type: ignore[no-untyped-call]
            for w in workers
        ]
        side = [
            asyncio.create_task(self._heartbeat(), name="heartbeat"),
            asyncio.create_task(self._watch_stalled(), name="stall watcher"),
            asyncio.create_task(self._tick(), name="tick"),
        ]
        stopping = asyncio.create_task(self._stopping.wait())
        logger.warning(
            "node.started", extra={"node": self._name, "sources": len(self._settings.sources)}
        )
        done, _ = await asyncio.wait([*runs, *side, stopping], return_when=asyncio.FIRST_COMPLETED)
        failure = None if stopping in done else self._why(done)
        logger.warning("node.stopping", extra={"node": self._name, "reason": failure})
        self._crawl_stop.set()
        for worker in workers:
            worker.stop()  # type: ignore[no-untyped-call]
        await asyncio.wait(runs, timeout=STOP_GRACE_S + 1)
        for task in [*side, *runs, stopping]:
            task.cancel()
        await asyncio.gather(*side, *runs, stopping, return_exceptions=True)
        return failure

    def _why(self, done: set[asyncio.Task[object]]) -> str:
        for task in done:
            if not task.cancelled() and (exc := task.exception()) is not None:
                return f"{task.get_name()} failed: {describe(exc)}"
        detail = self._failure.last or "see the log above"
        return f"the job queue's worker ended ({detail})"

    async def _dispatch(self) -> int:
        """Queue the due sources (see `dispatch`). The active jobs are read BEFORE the runs: a
        job that finishes in between has stored its run already, so it is never queued again
        for the turn it just made."""
        settings, now = self._settings, _utcnow()
        rows = await self._app.connector.execute_query_all_async(_ACTIVE, queue=CRAWL_QUEUE)
        active = {str(row["lock"]).removeprefix("crawl:") for row in rows}
        states = await asyncio.to_thread(load_source_states, self._engine)
        since = lookback_start(settings, states, now=now)
        last = await asyncio.to_thread(last_finished_since, self._engine, since)
        queued = 0
        for due in due_sources(settings, states, last, active=active, now=now):
            deferrer = self._crawl_task.configure(
                lock=_lock(due.name), queueing_lock=_lock(due.name)
            )
            try:
                await deferrer.defer_async(name=due.name, due=due.due.isoformat())
            except AlreadyEnqueued:
                continue
            queued += 1
        return queued

    async def _crawl(self, name: str, due: datetime) -> str:
        lag = (_utcnow() - due).total_seconds()
        if self._metrics is not None:
            self._metrics.lag.observe(max(0.0, lag))
        logger.info(
            "job.started",
            extra={
                "source": name,
                "due": due.isoformat(),
                "lag_s": round(lag, 3),
                "node": self._name,
            },
        )
        outcome = await run_source(
            self._settings,
            self._engine,
            name,
            stop=self._crawl_stop,
            holder=self._holder,
            on_fetch=self._metrics.observe_fetch if self._metrics else None,
        )
        result = outcome.result
        if self._metrics is not None:
            self._metrics.observe_run(name, result.status, result.counters, _utcnow().timestamp())
        return result.status

    async def _watch_stalled(self) -> None:
        while True:
            await asyncio.sleep(self._stall_s / 3)
            try:
                await self._recover_stalled()
            except Exception as exc:  # a lost race or a lost connection: the next round retries
                logger.warning("cluster.recovery_failed", extra={"error": describe(exc)})

    async def _recover_stalled(self) -> None:
        """Free the leases of holders silent for a stall timeout and mark their runs
        interrupted (every round: our heartbeat and procrastinate's go stale at slightly
        different moments), then put the jobs of silent workers back in the queue."""
        now = _utcnow()
        cutoff = now - timedelta(seconds=self._stall_s)
        freed = await asyncio.to_thread(release_stale_holders, self._engine, stale_before=cutoff)
        marked = await asyncio.to_thread(interrupt_orphaned_runs, self._engine, now=now)
        jobs = self._app.job_manager
        stalled = list(await jobs.get_stalled_jobs(seconds_since_heartbeat=self._stall_s))
        retried = []
        for job in stalled:
            try:
                await jobs.retry_job(job)
            except ProcrastinateException:  # another node put it back first
                continue
            retried.append(job.task_kwargs.get("name", job.task_name))
        if stalled:
            await jobs.prune_stalled_workers(self._stall_s)
        if freed or marked or retried:
            logger.warning(
                "cluster.stalled_jobs_retried",
                extra={"jobs": retried, "leases_freed": freed, "runs_interrupted": marked},
            )

    async def _heartbeat(self) -> None:
        """Beat; survive short database outages, give up after a stall timeout without one."""
        last_ok = _utcnow()
        while True:
            await asyncio.sleep(self._settings.daemon.heartbeat)
            try:
                await self._beat()
            except Exception as exc:  # the engine reconnects on the next try (pool_pre_ping)
                silent = (_utcnow() - last_ok).total_seconds()
                logger.error("node.heartbeat_failed", extra={"error": describe(exc)})
                if silent > self._stall_s:
                    raise StorageError(
                        f"no heartbeat stored for {silent:.0f} s (the database is unreachable: "
                        f"{describe(exc)}); its jobs are retried on the other nodes"
                    ) from exc
                continue
            last_ok = _utcnow()

    async def _tick(self) -> None:
        while True:
            if self._metrics is not None:
                self._metrics.tick()
            await asyncio.sleep(TICK_S)

    async def _beat(self) -> None:
        await asyncio.to_thread(
            beat, self._engine, self._holder, started_at=self._started, now=_utcnow()
        )

    async def _stopped(self) -> None:
        logging.getLogger("procrastinate").removeHandler(self._failure)
        try:
            await asyncio.to_thread(mark_stopped, self._engine, self._holder, now=_utcnow())
        except Exception as exc:  # the row then goes stale, which says the same
            logger.error("node.mark_stopped_failed", extra={"error": describe(exc)})
        logger.warning("node.stopped", extra={"node": self._name})


class _WorkerFailure(logging.Handler):
    """Keeps the last error procrastinate logged, to say why a worker ended on its own."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.last = record.getMessage()
