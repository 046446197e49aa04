"""Where a process's storage calls run: off the event loop, on threads shared per engine.

SQLite has one writer. Every crawl in a process (the daemon runs dozens at once) sends its
storage calls to the same single thread for an SQLite engine, so they queue in order instead
of racing for the file's write lock: competing connections would wait in SQLite's busy handler,
whose growing sleeps made the scale benchmark's p99 lag 3 s. One thread also keeps one
connection and one malloc arena instead of a default pool's several (about 3 MB of peak RSS on
the crawl benchmark). A server database takes `SERVER_DB_THREADS` calls in parallel.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from threading import Lock
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

__all__ = ["SERVER_DB_THREADS", "database_threads", "in_database"]

SERVER_DB_THREADS = 4
T = TypeVar("T")
_EXECUTORS: weakref.WeakKeyDictionary[Engine, ThreadPoolExecutor] = weakref.WeakKeyDictionary()
_LOCK = Lock()


def database_threads(engine: Engine) -> ThreadPoolExecutor:
    """The engine's storage threads, made on first use and kept as long as the engine."""
    with _LOCK:
        executor = _EXECUTORS.get(engine)
        if executor is None:
            workers = 1 if engine.dialect.name == "sqlite" else SERVER_DB_THREADS
            executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tidings-db")
            _EXECUTORS[engine] = executor
        return executor


async def in_database(engine: Engine, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking storage call for `engine` on its threads; the loop stays free."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(database_threads(engine), partial(call, *args, **kwargs))
