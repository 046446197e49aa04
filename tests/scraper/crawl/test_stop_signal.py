"""SIGTERM stops a crawl within 10 s even while it holds a hostile page (issue #12, item 5):
the page's size is checked before parsing and big pages are parsed off the event loop, so the
signal handler runs while the parse does."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from faults import fault_config, fault_site
from loopback import LoopbackServer, unused_port
from processes import start_tidings

STOP_BOUND_S = 10.0  # the promise; a stop normally takes well under a second


def test_sigterm_stops_a_crawl_that_holds_hostile_pages(tmp_path: Path) -> None:
    with LoopbackServer(fault_site()) as server:
        config = tmp_path / "config.yaml"
        database = f"sqlite:///{tmp_path / 'stop.db'}"
        config.write_text(fault_config(server, dead_port=unused_port(), database=database))
        names = ["deep-nesting", "tiny-elements", "huge-body", "drip", "healthy-a"]
        running = start_tidings(["--config", str(config), "crawl", *names, "--json"], tmp_path)
        deadline = time.monotonic() + 60
        while not server.hits("/deep-nesting/") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.hits("/deep-nesting/"), "the crawl never asked for the deep page"
        running.signal(signal.SIGTERM)
        signalled = time.monotonic()
        finished = running.finish(timeout_s=60)
    assert not finished.killed_by_timer
    assert finished.wall_s - (signalled - running.started) < STOP_BOUND_S
    assert "Traceback" not in finished.stderr
    assert finished.returncode in (0, 1)
