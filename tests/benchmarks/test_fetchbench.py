"""The HTTP micro-benchmark against a real loopback server: every stack reads the whole page.

No timings are asserted (that is the benchmark's job); what is checked is that each of the
four stacks made its requests over the wire and read the same body, so the CPU it reports is
the cost of a complete GET.
"""

from __future__ import annotations

from benchmarks.fetchbench import run_fetch_bench
from tests.scraper.loopback import LoopbackServer, RecordedRequest, Reply

BODY = b"<html><body>" + b"<article><h2>card</h2></article>" * 500 + b"</body></html>"
STACKS = 4
REQUESTS = 30
WARM_UP = 50  # run_fetch_bench's: 10 in flight x 5


def _page(_request: RecordedRequest, _hit: int) -> Reply:
    return Reply(200, BODY, (("Content-Type", "text/html; charset=utf-8"),))


def test_every_stack_gets_the_whole_page_each_time() -> None:
    with LoopbackServer({"/listing/": _page}) as server:
        costs = run_fetch_bench(server.url("/listing/"), requests=REQUESTS)
        hits = server.hits("/listing/")
    assert [cost.body_bytes for cost in costs] == [len(BODY)] * STACKS
    assert [cost.stack.split(" (")[0] for cost in costs] == [
        "asyncio GET",
        "httpx default",
        "httpx + LeanTransport",
        "tidings Fetcher.fetch",
    ]
    assert all(cost.cpu_us_per_request > 0 for cost in costs)
    assert hits == STACKS * (REQUESTS + WARM_UP)
