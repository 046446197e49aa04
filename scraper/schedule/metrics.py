"""Prometheus metrics and `/healthz` for `tidings run --metrics-port`.

Names follow Prometheus conventions (base units, `_total` counters, `_seconds`). The server is
a small threaded HTTP server on its own thread, so it still answers when the event loop is
stuck, which is exactly when `/healthz` must say 503: the loop stamps `tick()` every
`TICK_S`, and a stamp older than `STUCK_AFTER_S` means the scheduler loop is not running.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Metric,
    generate_latest,
)
from prometheus_client.registry import Collector

__all__ = ["STUCK_AFTER_S", "TICK_S", "Metrics", "MetricsServer", "keep_ticking"]

TICK_S = 0.5
STUCK_AFTER_S = 5.0
_ITEM_OUTCOMES = {
    "new": "store/new",
    "updated": "store/updated",
    "unchanged": "store/unchanged",
    "duplicate": "store/duplicate",
}
_FETCH_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_LAG_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """The daemon's metrics on their own registry (no process-global state)."""

    def __init__(self, node: str | None = None, *, stuck_after_s: float = STUCK_AFTER_S) -> None:
        self.registry = CollectorRegistry()
        self.stuck_after_s = stuck_after_s
        r = self.registry
        # What /metrics serves: with `node` (a cluster), every sample also says which node.
        self.exposed = r if node is None else _labelled(r, node)
        self.fetches = Counter(
            "tidings_fetches",
            "Listing fetches, by source and status.",
            ["source", "status"],
            registry=r,
        )
        self.items = Counter(
            "tidings_items",
            "Cards stored, by source and outcome.",
            ["source", "outcome"],
            registry=r,
        )
        self.runs = Counter(
            "tidings_runs", "Runs, by source and status.", ["source", "status"], registry=r
        )
        self.fetch_seconds = Histogram(
            "tidings_fetch_duration_seconds",
            "Time to fetch one page.",
            buckets=_FETCH_BUCKETS,
            registry=r,
        )
        self.last_success = Gauge(
            "tidings_last_success_timestamp_seconds",
            "When each source last finished a run ok (Unix time).",
            ["source"],
            registry=r,
        )
        self.lag = Histogram(
            "tidings_scheduler_lag_seconds",
            "From a run's due time to its start.",
            buckets=_LAG_BUCKETS,
            registry=r,
        )
        self.health = Gauge("tidings_sources", "Sources, by health state.", ["health"], registry=r)
        self._health_seen: set[str] = set()
        self._tick = time.monotonic()

    def tick(self) -> None:
        """Called by the event loop: it is alive."""
        self._tick = time.monotonic()

    def is_stuck(self) -> bool:
        return time.monotonic() - self._tick > self.stuck_after_s

    def observe_fetch(self, source: str, status: int, seconds: float) -> None:
        self.fetches.labels(source, str(status)).inc()
        self.fetch_seconds.observe(seconds)

    def observe_run(self, source: str, status: str, counters: Mapping[str, int], at: float) -> None:
        """One finished run: its status, stored cards, failed fetches, and last success."""
        self.runs.labels(source, status).inc()
        for outcome, key in _ITEM_OUTCOMES.items():
            if counters.get(key):
                self.items.labels(source, outcome).inc(counters[key])
        for key, count in counters.items():
            if key.startswith("failure/") and count:
                self.fetches.labels(source, key.removeprefix("failure/")).inc(count)
        if status == "ok":
            self.last_success.labels(source).set(at)

    def set_health(self, states: Iterable[str]) -> None:
        """How many sources are in each health state now (a state with none shows 0)."""
        counts: dict[str, int] = {}
        for state in states:
            counts[state] = counts.get(state, 0) + 1
        for state in self._health_seen - counts.keys():  # seen before, none now: show 0
            self.health.labels(state).set(0)
        self._health_seen |= counts.keys()
        for state, count in counts.items():
            self.health.labels(state).set(count)


async def keep_ticking(metrics: Metrics) -> None:
    """Stamp the loop alive every `TICK_S`, until cancelled (the daemon runs it on its loop)."""
    while True:
        metrics.tick()
        await asyncio.sleep(TICK_S)


class MetricsServer:
    """`/metrics` and `/healthz` on host:port, on a daemon thread."""

    def __init__(self, metrics: Metrics, host: str, port: int) -> None:
        self._server = ThreadingHTTPServer((host, port), _handler(metrics))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="tidings-metrics", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> MetricsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler(metrics: Metrics) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/metrics":
                self._send(200, generate_latest(metrics.exposed), CONTENT_TYPE_LATEST)
            elif self.path.split("?")[0] == "/healthz":
                stuck = metrics.is_stuck()
                body = b"stuck: the scheduler loop stopped\n" if stuck else b"ok\n"
                self._send(503 if stuck else 200, body, "text/plain; charset=utf-8")
            else:
                self._send(404, b"not found\n", "text/plain; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return  # scrapes every few seconds would drown the daemon's own log

    return _Handler


def _labelled(registry: CollectorRegistry, node: str) -> CollectorRegistry:
    """A registry that serves `registry`'s samples with a `node` label added to each."""
    out = CollectorRegistry(auto_describe=False)
    out.register(_NodeLabel(registry, node))
    return out


class _NodeLabel(Collector):
    def __init__(self, registry: CollectorRegistry, node: str) -> None:
        self._registry = registry
        self._node = node

    def collect(self) -> Iterable[Metric]:
        for family in self._registry.collect():
            labelled = Metric(family.name, family.documentation, family.type, family.unit)
            for sample in family.samples:
                labels = {**sample.labels, "node": self._node}
                labelled.add_sample(
                    sample.name, labels, sample.value, sample.timestamp, sample.exemplar
                )
            yield labelled
