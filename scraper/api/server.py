"""Run the app on uvicorn until SIGINT or SIGTERM (uvicorn's own handlers finish the requests
in hand, then return)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import uvicorn

from scraper.api.app import create_app

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["serve"]


def serve(engine: Engine, *, host: str, port: int, access_log: bool = False) -> None:
    """Serve the API and the search page for `engine` on `host:port` (blocks)."""
    config = uvicorn.Config(
        create_app(engine),
        host=host,
        port=port,
        log_level="warning",
        access_log=access_log,
        server_header=False,
    )
    uvicorn.Server(config).run()
