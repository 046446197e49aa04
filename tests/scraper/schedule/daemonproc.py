"""A `tidings run` subprocess for tests, its log read line by line, and a small listing site.

The daemon runs exactly as a user starts it (`python -m scraper -v run`), in its own folder with
its own config.yaml and SQLite file. Its stderr is not a terminal, so each log line is one JSON
object; a reader thread keeps them (and keeps the pipe from filling up).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.scraper.loopback import Handler, RecordedRequest, Reply

__all__ = [
    "DaemonProcess",
    "listing_routes",
    "listing_source",
    "tidings",
    "wait_until",
    "write_config",
]

HTML = (("Content-Type", "text/html; charset=utf-8"),)
Event = dict[str, Any]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}


def tidings(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """One `tidings` command, run to completion."""
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def write_config(folder: Path, sources: Sequence[dict[str, object]], **extra: object) -> Path:
    """config.yaml (as JSON, which is YAML) with a SQLite file in `folder`."""
    config = {
        "database": f"sqlite:///{folder / 'daemon.db'}",
        "defaults": {"delay": "0s", "retries": 0, "timeout": "5s", "jitter": 0},
        "daemon": {"heartbeat": "1s", "startup_window": "0s"},
        "sources": list(sources),
        **extra,
    }
    path = folder / "config.yaml"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return path


def wait_until(check: Callable[[], object], *, timeout: float, what: str) -> Any:
    """Poll `check` until it returns something truthy; fail the test naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class DaemonProcess:
    """`tidings -v run` in `folder`; `events` are its parsed log lines."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scraper", "-v", "run", *args],
            cwd=folder,
            env=_env(),
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self.raw: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.raw.append(line)
                with contextlib.suppress(json.JSONDecodeError):
                    self._events.append(json.loads(line))

    @property
    def events(self) -> list[Event]:
        with self._lock:
            return list(self._events)

    def named(self, event: str, **fields: object) -> list[Event]:
        return [
            e
            for e in self.events
            if e.get("event") == event and all(e.get(k) == v for k, v in fields.items())
        ]

    def wait_for(
        self, event: str, *, timeout: float = 20, count: int = 1, **fields: object
    ) -> list[Event]:
        return wait_until(
            lambda: (found := self.named(event, **fields)) and len(found) >= count and found,
            timeout=timeout,
            what=f"{count} x {event} {fields} in the daemon's log",
        )

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def stop(self, timeout: float = 15) -> int:
        """SIGTERM, and the exit code (SIGKILL after `timeout`, then the test fails)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._reader.join(timeout=5)


def listing_source(name: str, base_url: str, **extra: object) -> dict[str, object]:
    """A source for `listing_routes(name, ...)`, read with explicit selectors."""
    return {
        "name": name,
        "url": f"{base_url}/{name}/1",
        "items": "article",
        "fields": {"title": "h2 a", "url": "h2 a@href"},
        "next_page": "a[rel=next]@href",
        "max_pages": 10,
        **extra,
    }


def listing_routes(
    name: str, *, pages: int = 1, per_page: int = 3, delay_s: float = 0.0
) -> dict[str, Handler]:
    """`/NAME/1` .. `/NAME/PAGES`: `per_page` cards each, `rel=next` to the following page."""

    def page(number: int) -> Handler:
        cards = "".join(
            f'<article><h2><a href="/{name}/story-{number}-{i}">Story {number}.{i} of {name}</a>'
            f"</h2></article>"
            for i in range(per_page)
        )
        more = f'<a rel="next" href="/{name}/{number + 1}">more</a>' if number < pages else ""
        body = f"<!DOCTYPE html><html><body>{cards}{more}</body></html>".encode()

        def handle(_request: RecordedRequest, _hit: int) -> Reply:
            return Reply(200, body, HTML, delay_s=delay_s)

        return handle

    return {f"/{name}/{n}": page(n) for n in range(1, pages + 1)}
