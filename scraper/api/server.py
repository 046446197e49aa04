"""Run the app on uvicorn until SIGINT or SIGTERM (uvicorn's own handlers finish the requests
in hand, then return).

One process serves every request on one core (Python's GIL); `workers > 1` starts that many
processes behind one socket (uvicorn's supervisor), each with its own read-only engine. The
workers find the database URL in an environment variable the parent sets for them: they are
new interpreters, and a URL is all they need to open their own engine.
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

import uvicorn

from scraper.api.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Engine

__all__ = ["serve", "worker_app"]

_WORKER_URL_ENV = "TIDINGS_SERVE_WORKER_DATABASE_URL"


def serve(
    engine: Engine, *, host: str, port: int, workers: int = 1, access_log: bool = False
) -> None:
    """Serve the API and the search page for `engine` on `host:port` (blocks)."""
    options = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": access_log,
        "server_header": False,
    }
    if workers == 1:
        server = uvicorn.Server(uvicorn.Config(create_app(engine), **options))  # type: ignore[arg-type]
        _exit_quietly_after(server)
        return
    os.environ[_WORKER_URL_ENV] = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    uvicorn.run(
        "scraper.api.server:worker_app",
        factory=True,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )


def _exit_quietly_after(server: uvicorn.Server) -> None:
    """Run `server`; on SIGTERM or SIGINT it finishes the requests in hand and this returns
    (so the command exits 0). uvicorn hands the signal back to the handler it found once it
    has shut down: with the defaults, that would kill the process (SIGTERM) or raise
    KeyboardInterrupt (SIGINT) after a clean shutdown."""
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _ignore(_signum: int, _frame: object) -> None:
    """Stands in for the default handlers while the server runs (see above)."""


def worker_app() -> FastAPI:
    """The app of one worker process: its own read-only engine on the parent's database."""
    from storage import make_engine, make_read_only

    engine = make_engine(os.environ[_WORKER_URL_ENV])
    make_read_only(engine)
    return create_app(engine)
