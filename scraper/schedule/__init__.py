"""The daemon: one job per source on APScheduler, and the decisions behind it.

`decide` holds the pure decisions (next run, backoff, health, adaptive interval), `plan` joins
config with the database into jobs, `triggers` builds APScheduler triggers, `job` is the one
library call a scheduler feeds (`run_source`), `daemon` is the loop and its signals,
`metrics` the Prometheus side, `alerts` the health webhook, `status` what `tidings status` and
`tidings sources` show.
"""

from __future__ import annotations

from scraper.schedule.daemon import STOP_GRACE_S, Daemon
from scraper.schedule.job import JobResult, run_source
from scraper.schedule.metrics import Metrics, MetricsServer
from scraper.schedule.status import DaemonStatus, daemon_status, enable, source_rows

__all__ = [
    "STOP_GRACE_S",
    "Daemon",
    "DaemonStatus",
    "JobResult",
    "Metrics",
    "MetricsServer",
    "daemon_status",
    "enable",
    "run_source",
    "source_rows",
]
