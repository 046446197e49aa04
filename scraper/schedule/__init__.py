"""The daemon: one job per source on APScheduler, and the decisions behind it.

`decide` holds the pure decisions (next run, backoff, health, adaptive interval), `plan` joins
config with the database into jobs, `triggers` builds APScheduler triggers, `job` is the one
library call a scheduler feeds (`run_source`), `daemon` is the loop and its signals,
`metrics` the Prometheus side, `alerts` the health webhook, `status` what `tidings status` and
`tidings sources` show. With `cluster:` on, `cluster` runs a node of several sharing the
sources through procrastinate's PostgreSQL queue, and `dispatch` says which sources it queues
(the same decisions, asked on each tick).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scraper.schedule.daemon import STOP_GRACE_S, Daemon
from scraper.schedule.job import JobResult, run_source
from scraper.schedule.metrics import Metrics, MetricsServer
from scraper.schedule.status import DaemonStatus, daemon_status, enable, source_rows

if TYPE_CHECKING:
    from scraper.schedule.cluster import ClusterNode


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
    "daemon_status",
    "enable",
    "run_source",
    "source_rows",
]
