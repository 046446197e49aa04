"""`tidings crawl` by hand records a source's standing exactly as the daemon's `run_source` does:
health, failures, backoff; and a success clears them. Real child processes, real SQLite."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from scraper.config import settings_from_dict
from scraper.crawl import open_engine
from scraper.schedule import run_source
from storage import SourceState, load_source_state
from tests.scraper.loopback import LoopbackServer, RecordedRequest, Reply
from tests.scraper.schedule.daemonproc import (
    DaemonProcess,
    listing_routes,
    listing_source,
    tidings,
    write_config,
)


def _unavailable(_request: RecordedRequest, _hit: int) -> Reply:
    return Reply(503, b"down for maintenance")


def _standing(state: SourceState | None) -> tuple[object, ...]:
    """What a run decides about a source, less the clock it ran at."""
    assert state is not None
    backoff = (state.retry_at - state.updated_at).total_seconds() if state.retry_at else None
    return (
        state.health,
        state.health_reason,
        state.failures,
        state.failure_weight,
        state.disabled_reason,
        backoff,
    )


def test_a_crawl_by_hand_records_health_and_backoff_like_the_daemon(tmp_path: Path) -> None:
    with LoopbackServer() as site:
        for path, handler in listing_routes("down").items():
            site.route(path, _unavailable)
            healthy = handler
        sources = [listing_source("down", site.base_url, schedule="5m")]
        config = write_config(tmp_path, sources)
        for _ in range(2):
            failed = tidings("--config", str(config), "crawl", "down", "--json", cwd=tmp_path)
            assert failed.returncode == 1, failed.stderr
        shown = tidings("--config", str(config), "sources", "--format", "json", cwd=tmp_path)
        engine = open_engine(f"sqlite:///{tmp_path / 'daemon.db'}")  # write_config's database
        by_hand = load_source_state(engine, "down")

        # The same two runs through the daemon's call, on a database of their own.
        daemon_url = f"sqlite:///{tmp_path / 'by-daemon.db'}"
        settings = settings_from_dict({**json.loads(config.read_text()), "database": daemon_url})
        daemon_engine = open_engine(daemon_url)
        for _ in range(2):
            asyncio.run(run_source(settings, daemon_engine, "down"))

        site.route("/down/1", healthy)
        recovered = tidings("--config", str(config), "crawl", "down", "--json", cwd=tmp_path)

    by_daemon = load_source_state(daemon_engine, "down")
    assert _standing(by_hand)[0::2] == ("failing", 2, None)  # health, failures, not disabled
    assert _standing(by_hand) == _standing(by_daemon)
    [row] = json.loads(shown.stdout)
    assert (row["health"], row["enabled"]) == ("failing", True)
    assert str(row["reason"]).startswith("2 failed; backing off until")
    assert recovered.returncode == 0, recovered.stderr
    after = load_source_state(engine, "down")
    assert _standing(after) == ("ok", None, 0, 0.0, None, None)


def test_the_daemon_counts_a_failure_recorded_by_hand(tmp_path: Path) -> None:
    """The daemon keeps the states it writes in memory; at its next heartbeat it takes in the
    newer one a `tidings crawl` stored, so its next run counts on from there."""
    with LoopbackServer(listing_routes("flaky")) as site:
        config = write_config(tmp_path, [listing_source("flaky", site.base_url, schedule="8s")])
        daemon = DaemonProcess(tmp_path)
        try:
            daemon.wait_for("source.finished", source="flaky", status="ok", timeout=30)
            site.route("/flaky/1", _unavailable)
            by_hand = tidings("--config", str(config), "crawl", "flaky", "--json", cwd=tmp_path)
            daemon.wait_for("source.finished", source="flaky", status="failed", timeout=30)
        finally:
            assert daemon.stop() == 0
    assert by_hand.returncode == 1, by_hand.stdout  # failed, not held by the daemon
    state = load_source_state(open_engine(f"sqlite:///{tmp_path / 'daemon.db'}"), "flaky")
    assert state is not None
    assert (state.health, state.failures) == ("failing", 2)  # the hand's, then the daemon's
