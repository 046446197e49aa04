"""The daemon: one job per source on APScheduler, and the decisions behind it.

`decide` holds the pure decisions (next run, backoff, health, adaptive interval), `plan` joins
config with the database into jobs, `triggers` builds APScheduler triggers, `job` is the one
library call a scheduler feeds (`run_source`; `crawl_sources` is `tidings crawl`'s, recorded
the same way), `daemon` is the loop and its signals,
`metrics` the Prometheus side, `alerts` the health webhook, `status` what `tidings status` and
`tidings sources` show. With `cluster:` on, `cluster` runs a node of several sharing the
sources through procrastinate's PostgreSQL queue, and `dispatch` says which sources it queues
(the same decisions, asked on each tick).

The daemon loop and the metrics load on first use (`__getattr__`): `tidings crawl` records
through `job` and `status` but needs no APScheduler scheduler or Prometheus client (~70 ms of
CPU at start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scraper.schedule.job import JobResult, crawl_sources, record_result, run_source
from scraper.schedule.status import DaemonStatus, daemon_status, enable, source_rows

if TYPE_CHECKING:
    from scraper.schedule.cluster import ClusterNode
    from scraper.schedule.daemon import STOP_GRACE_S, Daemon
    from scraper.schedule.metrics import Metrics, MetricsServer

_ON_DEMAND = {
    "STOP_GRACE_S": "scraper.schedule.daemon",
    "Daemon": "scraper.schedule.daemon",
    "Metrics": "scraper.schedule.metrics",
    "MetricsServer": "scraper.schedule.metrics",
}


def __getattr__(name: str) -> object:
    """The daemon loop and the metrics, imported when first named (see the docstring)."""
    module = _ON_DEMAND.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


def cluster_node() -> type[ClusterNode]:
    """`ClusterNode`, imported on demand: a single node never loads procrastinate."""
    from scraper.schedule.cluster import ClusterNode

    return ClusterNode


__all__ = [
    "STOP_GRACE_S",
    "ClusterNode",
    "Daemon",
    "DaemonStatus",
    "JobResult",
    "Metrics",
    "MetricsServer",
    "cluster_node",
    "crawl_sources",
    "daemon_status",
    "enable",
    "record_result",
    "run_source",
    "source_rows",
]
