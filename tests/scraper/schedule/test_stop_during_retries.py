"""SIGTERM while a source waits out `429 Retry-After: 30` (4 attempts: 90 s of waits) still
stops `tidings crawl` and `tidings run` within 10 s: the wait is cut short, the waiting run is
marked interrupted (not failed, so its health is untouched), and what the other source stored
is kept. So does a request in flight to a server that takes 30 s to answer: it is cut off 8 s
after the signal. Real child processes, a loopback site, a SQLite file."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scraper.loopback import LoopbackServer, RecordedRequest, Reply
from tests.scraper.processes import start_tidings
from tests.scraper.schedule.daemonproc import (
    DaemonProcess,
    listing_routes,
    listing_source,
    wait_until,
    write_config,
)

STOP_BOUND_S = 10.0  # the promise for SIGTERM; a wait that ignored it would take 30 s or more
RETRY_AFTER_S = 30


def _busy(_request: RecordedRequest, _hit: int) -> Reply:
    return Reply(429, b"slow down", (("Retry-After", str(RETRY_AFTER_S)),))


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    with LoopbackServer(listing_routes("acme", pages=2)) as server:
        server.route("/busy/1", _busy)
        yield server


def _config(folder: Path, site: LoopbackServer) -> Path:
    sources = [
        listing_source("busy", site.base_url, schedule="1h"),
        listing_source("acme", site.base_url, schedule="1h"),
    ]
    defaults = {"delay": "0s", "retries": 3, "timeout": "5s", "jitter": 0}
    return write_config(folder, sources, defaults=defaults)


def _runs(folder: Path) -> dict[str, str]:
    with sqlite3.connect(folder / "daemon.db") as db:
        return dict(db.execute("SELECT source, status FROM crawl_runs ORDER BY id"))


def _stored(folder: Path, source: str) -> int:
    with sqlite3.connect(folder / "daemon.db") as db:
        [(count,)] = db.execute("SELECT count(*) FROM items WHERE source = ?", (source,))
    return int(count)


def _sick(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "daemon.db") as db:
        return [n for (n,) in db.execute("SELECT name FROM source_state WHERE health != 'ok'")]


def test_sigterm_cuts_a_retry_after_wait_in_a_crawl(tmp_path: Path, site: LoopbackServer) -> None:
    config = _config(tmp_path, site)
    running = start_tidings(["--config", str(config), "crawl", "--json"], tmp_path)
    wait_until(
        lambda: site.hits("/busy/1") and site.hits("/acme/2"),
        timeout=60,
        what="the first 429 and acme's last page",
    )
    time.sleep(0.5)  # acme's last page stored, busy well into its 30 s wait
    running.signal(signal.SIGTERM)
    signalled = time.monotonic()
    finished = running.finish(timeout_s=60)
    assert not finished.killed_by_timer
    assert finished.wall_s - (signalled - running.started) < STOP_BOUND_S
    assert "Traceback" not in finished.stderr
    assert site.hits("/busy/1") == 1  # no attempt after the signal
    assert _runs(tmp_path) == {"busy": "interrupted", "acme": "ok"}
    assert _stored(tmp_path, "acme") == 6
    assert _sick(tmp_path) == []  # an interrupted run says nothing about the source


def test_sigterm_cuts_a_retry_after_wait_in_the_daemon(
    tmp_path: Path, site: LoopbackServer
) -> None:
    _config(tmp_path, site)
    daemon = DaemonProcess(tmp_path)
    try:
        daemon.wait_for("source.finished", source="acme", timeout=60)
        wait_until(lambda: site.hits("/busy/1"), timeout=30, what="the first 429")
        daemon.wait_for("fetch.retry", timeout=30)
        started = time.monotonic()
        code = daemon.stop(timeout=60)
        stopped_s = time.monotonic() - started
    finally:
        if daemon.proc.poll() is None:
            daemon.kill()
    assert code == 0, "".join(daemon.raw[-20:])
    assert stopped_s < STOP_BOUND_S
    assert daemon.named("source.finished", source="busy", status="interrupted")
    assert site.hits("/busy/1") == 1
    assert _runs(tmp_path) == {"acme": "ok", "busy": "interrupted"}
    assert _stored(tmp_path, "acme") == 6
    assert _sick(tmp_path) == []


def test_sigterm_cuts_off_a_request_in_flight(tmp_path: Path, site: LoopbackServer) -> None:
    site.route("/busy/1", lambda _req, _hit: Reply(200, b"<html></html>", delay_s=30))
    sources = [
        listing_source("busy", site.base_url, schedule="1h"),
        listing_source("acme", site.base_url, schedule="1h"),
    ]
    defaults = {"delay": "0s", "retries": 0, "timeout": "25s", "jitter": 0}
    config = write_config(tmp_path, sources, defaults=defaults)
    running = start_tidings(["--config", str(config), "crawl", "--json"], tmp_path)
    wait_until(
        lambda: site.hits("/busy/1") and site.hits("/acme/2"),
        timeout=60,
        what="the slow request and acme's last page",
    )
    time.sleep(0.5)
    running.signal(signal.SIGTERM)
    signalled = time.monotonic()
    finished = running.finish(timeout_s=60)
    assert not finished.killed_by_timer
    assert finished.wall_s - (signalled - running.started) < STOP_BOUND_S
    assert "Traceback" not in finished.stderr
    assert _runs(tmp_path) == {"busy": "interrupted", "acme": "ok"}
    assert _stored(tmp_path, "acme") == 6
    assert _sick(tmp_path) == []
