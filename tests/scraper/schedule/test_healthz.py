"""`/healthz` over real HTTP, against a real event loop that gets blocked.

The loop runs the daemon's `keep_ticking` on its own thread; a callback that sleeps on the loop
is exactly what a stalled scheduler looks like from outside (page content can no longer stall
it: depth is bounded and big pages parse on a worker thread).
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from scraper.schedule.metrics import Metrics, MetricsServer, keep_ticking
from tests.scraper.schedule.daemonproc import wait_until


def test_healthz_is_503_while_the_loop_is_blocked_and_200_after() -> None:
    metrics = Metrics(stuck_after_s=1.0)
    loop = asyncio.new_event_loop()
    ticking = loop.create_task(keep_ticking(metrics))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = MetricsServer(metrics, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{server.port}/healthz"
    try:
        assert httpx.get(url, timeout=5).status_code == 200
        loop.call_soon_threadsafe(time.sleep, 3.0)  # the loop is stuck for 3 s
        stuck = wait_until(
            lambda: httpx.get(url, timeout=5).status_code == 503, timeout=10, what="503"
        )
        assert stuck
        wait_until(lambda: httpx.get(url, timeout=5).status_code == 200, timeout=10, what="200")
        assert httpx.get(f"http://127.0.0.1:{server.port}/nothing", timeout=5).status_code == 404
    finally:
        server.stop()
        loop.call_soon_threadsafe(ticking.cancel)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()
