"""`tidings demo`: the bundled site served on 127.0.0.1 and the settings that crawl it.

The demo must work offline on a fresh clone, so its settings are built in code from
`scraper.demo.demo_sources`, not read from config.yaml. If the fixed port is already serving
the demo (`tidings demo --serve` in another terminal), that server is reused, so item URLs keep
the same host and port across runs and the database holds each demo article once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import httpx

from scraper.config import DEFAULT_USER_AGENT, Settings, database_url, settings_from_dict
from scraper.demo import DEFAULT_PORT, DemoServer, demo_sources
from scraper.errors import ConfigError

__all__ = ["DEMO_PORT", "demo_settings", "serve_demo", "serve_forever"]

DEMO_PORT = DEFAULT_PORT
_HOST = "127.0.0.1"
# Our own loopback server: a short gap keeps the politeness code in play without a slow demo.
_DEMO_DEFAULTS = {"delay": "20ms", "concurrency_per_host": 4, "timeout": "10s", "retries": 1}


def demo_settings(base_url: str, *, database: str | None = None) -> Settings:
    """Settings that crawl every demo source at `base_url` into `database`.

    `database` is the `--db` option; then `TIDINGS_DATABASE_URL`; then ./tidings.db.
    """
    return settings_from_dict(
        {
            "database": database_url(database),
            "user_agent": DEFAULT_USER_AGENT,
            "defaults": _DEMO_DEFAULTS,
            "dedup": {"enabled": True},  # the demo's cross-posted story shows as one
            "sources": demo_sources(base_url),
        },
        origin="<demo>",
    )


@contextmanager
def serve_demo(port: int = DEMO_PORT) -> Iterator[str]:
    """Yield the base URL of a running demo site: ours, or one already serving on `port`."""
    server = DemoServer(_HOST, port)
    try:
        server.start()
    except OSError:
        if _is_demo(port):
            yield f"http://{_HOST}:{port}"
            return
        server = DemoServer(_HOST, 0).start()  # the port belongs to something else
    try:
        yield server.base_url
    finally:
        server.stop()


def serve_forever(port: int, *, log: TextIO) -> None:
    """Serve until SIGINT or SIGTERM, logging one line per request to `log`."""
    server = DemoServer(_HOST, port, log=log)
    try:
        server.start()
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {_HOST}:{port}: {exc.strerror or exc}", field="--port"
        ) from exc
    done = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    log.write(f"serving the demo site at {server.base_url}/ (Ctrl-C to stop)\n")
    log.flush()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()


def _is_demo(port: int) -> bool:
    try:
        response = httpx.get(f"http://{_HOST}:{port}/robots.txt", timeout=2.0)
    except httpx.HTTPError:
        return False
    server: str = response.headers.get("server", "")
    return server.startswith("tidings-demo")
