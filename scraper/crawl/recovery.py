"""After a crash: free the leases of dead processes on this host, mark their runs interrupted.

Called once when `tidings run` or `tidings crawl` starts. A run always holds its source's
lease, so a "running" run whose source nobody holds is dead. A killed process on this host is
noticed at once (its pid is gone); one on another host when its lease lapses. The walk that
picks up where an interrupted run stopped is in `run` (it needs the lease anyway); which pages
it walks past is `is_resumed`.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

from sqlalchemy.engine import Engine

from storage import FetchState, current_holder, interrupt_orphaned_runs, release_dead_leases

__all__ = ["is_alive", "is_resumed", "recover_interrupted"]

logger = logging.getLogger(__name__)


def recover_interrupted(engine: Engine, *, now: datetime) -> int:
    """Free dead local holders' leases and mark orphaned runs interrupted; how many runs."""
    me = current_holder()
    freed = release_dead_leases(engine, host=me.host, is_alive=is_alive, keep=[me.token])
    marked = interrupt_orphaned_runs(engine, now=now)
    if freed or marked:
        logger.warning("runs.interrupted", extra={"runs": marked, "leases_freed": len(freed)})
    return marked


def is_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host (signal 0 checks, sends nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def is_resumed(since: datetime | None, stored: FetchState | None) -> bool:
    """Whether a run that did not complete (one since `since`) stored this page, so the walk
    must go past it whatever it brings."""
    if since is None or stored is None or stored.fetched_at is None:
        return False
    return stored.fetched_at >= since
