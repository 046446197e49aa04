"""`tidings run` as a user runs it: a real process, a real loopback site, a SQLite file.

Timing checks read the loopback server's own request log, with bounds far wider than the
scheduler's own slack, so a busy test machine does not fail them.
"""

from __future__ import annotations

import itertools
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scraper.loopback import LoopbackServer, RecordedRequest, Reply
from tests.scraper.schedule.daemonproc import (
    DaemonProcess,
    listing_routes,
    listing_source,
    tidings,
    wait_until,
    write_config,
)

SLACK_S = 0.75  # scheduling and start-up noise allowed around each gap


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


def _run_starts(server: LoopbackServer, route: str) -> list[float]:
    return [r.started_s for r in server.requests_to(route)]


def _stored_urls(folder: Path) -> set[str]:
    with sqlite3.connect(folder / "daemon.db") as db:
        return {row[0] for row in db.execute("SELECT url FROM fetch_state")}


def _runs(folder: Path, source: str) -> list[tuple[str, str | None]]:
    with sqlite3.connect(folder / "daemon.db") as db:
        query = "SELECT status, error FROM crawl_runs WHERE source = ? ORDER BY id"
        return list(db.execute(query, (source,)))


class _InFlight:
    """Wraps a route to count how many of its requests are being answered at once."""

    def __init__(self, handler: object) -> None:
        self._handler = handler
        self._lock = threading.Lock()
        self.now = 0
        self.most = 0

    def __call__(self, request: RecordedRequest, hit: int) -> Reply:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            reply: Reply = self._handler(request, hit)  # type: ignore[operator]
            time.sleep(reply.delay_s)
            return Reply(reply.status, reply.body, reply.headers)
        finally:
            with self._lock:
                self.now -= 1


def test_runs_are_spaced_by_interval_and_jitter_and_never_overlap(
    site: LoopbackServer, tmp_path: Path
) -> None:
    slow = _InFlight(listing_routes("slow", delay_s=1.5)["/slow/1"])
    for name in ("fast", "even"):
        for path, handler in listing_routes(name).items():
            site.route(path, handler)
    site.route("/slow/1", slow)
    sources = [
        listing_source("fast", site.base_url, schedule="1s", jitter="300ms"),
        listing_source("even", site.base_url, schedule="2s", jitter="20%"),
        listing_source("slow", site.base_url, schedule="1s"),  # a run outlasts its interval
    ]
    write_config(tmp_path, sources)
    daemon = DaemonProcess(tmp_path)
    try:
        wait_until(lambda: len(_run_starts(site, "/even/1")) >= 4, timeout=30, what="4 runs")
    finally:
        assert daemon.stop() == 0
    for route, interval, jitter in (("/fast/1", 1.0, 0.3), ("/even/1", 2.0, 0.4)):
        starts = _run_starts(site, route)
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert len(gaps) >= 3, route
        for gap in gaps:
            assert interval - SLACK_S / 3 <= gap <= interval + jitter + SLACK_S, (route, gaps)
    assert slow.most == 1  # never two runs of one source at once
    assert len(_run_starts(site, "/slow/1")) >= 2


def test_sigterm_finishes_the_page_in_hand_and_exits_0(
    site: LoopbackServer, tmp_path: Path
) -> None:
    for path, handler in listing_routes("paged", pages=8, delay_s=0.3).items():
        site.route(path, handler)
    write_config(tmp_path, [listing_source("paged", site.base_url, schedule="1s")])
    daemon = DaemonProcess(tmp_path)
    daemon.wait_for("page.stored", count=2, source="paged")
    assert tidings("status", cwd=tmp_path).returncode == 0
    sent = time.monotonic()
    code = daemon.stop()
    took = time.monotonic() - sent
    assert code == 0
    assert took < 10
    reported = {e["url"] for e in daemon.named("page.stored")}
    assert reported
    assert reported <= _stored_urls(tmp_path)
    assert _runs(tmp_path, "paged")[-1][0] == "interrupted"
    assert tidings("status", cwd=tmp_path).returncode == 1


def test_crawl_of_a_source_the_daemon_holds_is_refused(
    site: LoopbackServer, tmp_path: Path
) -> None:
    for path, handler in listing_routes("held", pages=1, delay_s=4).items():
        site.route(path, handler)
    write_config(tmp_path, [listing_source("held", site.base_url, schedule="30s")])
    daemon = DaemonProcess(tmp_path)
    try:
        wait_until(lambda: site.hits("/held/1") >= 1, timeout=20, what="the daemon's first fetch")
        done = tidings("crawl", "held", "--json", cwd=tmp_path)
    finally:
        assert daemon.stop() == 0
    assert done.returncode == 1
    assert "held by" in done.stdout
    assert site.hits("/held/1") == 1  # the one-off crawl fetched nothing


def test_sighup_adds_and_removes_sources_and_keeps_running_on_a_broken_config(
    site: LoopbackServer, tmp_path: Path
) -> None:
    for name in ("old", "new"):
        for path, handler in listing_routes(name).items():
            site.route(path, handler)
    write_config(tmp_path, [listing_source("old", site.base_url, schedule="1s")])
    daemon = DaemonProcess(tmp_path)
    try:
        wait_until(lambda: site.hits("/old/1") >= 2, timeout=20, what="old's runs")
        write_config(tmp_path, [listing_source("new", site.base_url, schedule="1s")])
        daemon.signal(signal.SIGHUP)
        daemon.wait_for("config.reloaded")
        wait_until(lambda: site.hits("/new/1") >= 2, timeout=20, what="new's runs")
        old_hits = site.hits("/old/1")
        config = tmp_path / "config.yaml"
        config.write_text(config.read_text() + "\nsources: [", encoding="utf-8")
        daemon.signal(signal.SIGHUP)
        rejected = daemon.wait_for("config.rejected")
        new_hits = site.hits("/new/1")
        wait_until(lambda: site.hits("/new/1") >= new_hits + 2, timeout=20, what="new still runs")
    finally:
        assert daemon.stop() == 0
    assert "config.yaml:" in rejected[0]["error"]
    assert site.hits("/old/1") <= old_hits + 1  # at most the run already in hand
    assert daemon.proc.returncode == 0


def test_sigkill_then_restart_marks_the_run_interrupted_and_stores_every_page(
    site: LoopbackServer, tmp_path: Path
) -> None:
    for path, handler in listing_routes("deep", pages=6, delay_s=0.4).items():
        site.route(path, handler)
    write_config(tmp_path, [listing_source("deep", site.base_url, schedule="1s")])
    first = DaemonProcess(tmp_path)
    first.wait_for("page.stored", count=2, source="deep")
    first.kill()
    assert _runs(tmp_path, "deep") == [("running", None)]
    reached = site.hits("/deep/6")
    second = DaemonProcess(tmp_path)
    try:
        second.wait_for("source.finished", source="deep", status="ok")
    finally:
        assert second.stop() == 0
    status, error = _runs(tmp_path, "deep")[0]
    assert status == "interrupted"
    assert error is not None
    assert reached == 0
    with sqlite3.connect(tmp_path / "daemon.db") as db:
        stored = {row[0] for row in db.execute("SELECT url FROM items WHERE source = 'deep'")}
    assert len(stored) == 6 * 3


class _Receiver:
    """A webhook receiver on 127.0.0.1 that keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        bodies: list[dict[str, object]] = []
        self.bodies = bodies

        class _Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def test_failing_sources_back_off_get_disabled_and_alert_once_per_change(
    site: LoopbackServer, tmp_path: Path
) -> None:
    import json

    good = listing_routes("flaky")["/flaky/1"]
    site.route("/down/1", lambda _req, _hit: Reply(500, b"boom"))
    site.route("/flaky/1", lambda req, hit: Reply(503, b"busy") if hit <= 2 else good(req, hit))
    receiver = _Receiver()
    sources = [
        listing_source("down", site.base_url, schedule="1s"),
        listing_source("flaky", site.base_url, schedule="1s"),
    ]
    write_config(
        tmp_path,
        sources,
        alerts={"webhook": receiver.url},
        daemon={"heartbeat": "1s", "startup_window": "0s", "max_failures": 3},
    )
    daemon = DaemonProcess(tmp_path)
    try:
        daemon.wait_for("source.disabled", source="down", timeout=30)
        wait_until(lambda: site.hits("/flaky/1") >= 5, timeout=20, what="flaky's recovery")
        time.sleep(1.5)  # a disabled source would have run again by now
        down_hits = site.hits("/down/1")
        sources_out = tidings("sources", "--format", "json", cwd=tmp_path)
        status_out = tidings("status", "--format", "json", cwd=tmp_path)
        enabled = tidings("sources", "--enable", "down", cwd=tmp_path)
        wait_until(lambda: site.hits("/down/1") > down_hits, timeout=20, what="re-enabled run")
    finally:
        assert daemon.stop() == 0
        receiver.close()
    assert down_hits == 3
    starts = _run_starts(site, "/down/1")
    assert starts[2] - starts[1] > starts[1] - starts[0] + 0.5  # the wait doubled
    rows = {row["name"]: row for row in json.loads(sources_out.stdout)}
    assert rows["down"]["health"] == "disabled"
    assert "3 failed runs in a row" in rows["down"]["reason"]
    assert rows["flaky"]["health"] == "ok"
    sick = json.loads(status_out.stdout)["sick"]
    assert [s["source"] for s in sick] == ["down"]
    assert enabled.returncode == 0
    changes = [(b["source"], b["previous"], b["health"]) for b in receiver.bodies]
    assert sorted(changes) == [
        ("down", "ok", "failing"),
        ("flaky", "failing", "ok"),
        ("flaky", "ok", "failing"),
    ]


def test_metrics_parse_and_healthz_answers(site: LoopbackServer, tmp_path: Path) -> None:
    import httpx
    from prometheus_client.parser import text_string_to_metric_families

    from tests.scraper.loopback import unused_port

    for path, handler in listing_routes("fine").items():
        site.route(path, handler)
    write_config(tmp_path, [listing_source("fine", site.base_url, schedule="1s")])
    port = unused_port()
    daemon = DaemonProcess(tmp_path, "--metrics-port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: site.hits("/fine/1") >= 2, timeout=20, what="runs of fine")
        time.sleep(1.2)  # a heartbeat updates the health gauge
        health = httpx.get(f"{base}/healthz", timeout=5)
        text = httpx.get(f"{base}/metrics", timeout=5).text
    finally:
        assert daemon.stop() == 0
    assert health.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(text)}
    for name in (
        "tidings_fetches",
        "tidings_items",
        "tidings_fetch_duration_seconds",
        "tidings_last_success_timestamp_seconds",
        "tidings_scheduler_lag_seconds",
        "tidings_sources",
    ):
        assert name in families, name
    fetched = {
        (s.labels["source"], s.labels["status"]): s.value
        for s in families["tidings_fetches"].samples
        if s.name == "tidings_fetches_total"
    }
    assert fetched[("fine", "200")] >= 1
    new = [s for s in families["tidings_items"].samples if s.labels.get("outcome") == "new"]
    assert {s.labels["source"] for s in new} >= {"fine"}
    healthy = [s.value for s in families["tidings_sources"].samples if s.labels["health"] == "ok"]
    assert healthy and healthy[0] >= 1
