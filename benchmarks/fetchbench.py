"""CPU per request of each way to GET one page from nginx: where a crawl's fetch time goes.

The crawl is one Python thread (apart from SQLite's and lexbor's C code), so pages/s is CPU per
page, and the fetch is a third of it. This takes the same N GETs of one benchmark page, with
the crawl's 10 requests in flight on keep-alive connections, through four stacks, and reports
process CPU (user + sys) per request:

- `asyncio GET`: a request line written and a Content-Length body read on asyncio streams by
  hand, no HTTP library: the floor for this event loop;
- `httpx default`: `httpx.AsyncClient()` as shipped (httpcore over anyio);
- `httpx + LeanTransport`: the client tidings builds (`build_client`);
- `tidings Fetcher.fetch`: the whole fetch of a crawl (politeness slot, retry wrapper,
  timeout, charset decoding, sha256 of the body) on that client.

The gaps are the costs: httpx's client layer and h11 over the hand-written floor, then ours.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from scraper.config import Settings
from scraper.crawl import fetch_policy
from scraper.fetch import Fetcher, build_client

__all__ = ["FetchCost", "run_fetch_bench"]

_IN_FLIGHT = 10  # the benchmark crawl has 10 sources, one page in flight each


@dataclass(frozen=True, slots=True)
class FetchCost:
    """One stack: process CPU per request, and the body size it read (a check: all equal)."""

    stack: str
    cpu_us_per_request: float
    body_bytes: int


def run_fetch_bench(url: str, *, requests: int = 2000) -> list[FetchCost]:
    """Each stack GETs `url` `requests` times (after a warm-up); the cheapest first."""
    return asyncio.run(_all(url, requests))


async def _all(url: str, requests: int) -> list[FetchCost]:
    policy = replace(
        fetch_policy(Settings(user_agent="tidings-bench")), delay_s=0.0, concurrency_per_host=64
    )
    raw = _RawGetter(url)
    costs = [await _measure("asyncio GET (no HTTP library)", raw.get, requests)]
    await raw.close()
    async with httpx.AsyncClient() as client:
        costs.append(await _measure("httpx default", _client_getter(client, url), requests))
    async with build_client(policy) as client:
        lean = _client_getter(client, url)
        costs.append(await _measure("httpx + LeanTransport (tidings' client)", lean, requests))
    async with build_client(policy) as client:
        fetcher = Fetcher(client, policy)

        async def fetch() -> int:
            page = await fetcher.fetch(url)
            return len(page.body or b"")

        costs.append(await _measure("tidings Fetcher.fetch", fetch, requests))
    return costs


async def _measure(stack: str, get: Callable[[], Awaitable[int]], requests: int) -> FetchCost:
    await _run(get, _IN_FLIGHT * 5)  # connections open, caches warm
    started = time.process_time()
    size = await _run(get, requests)
    cpu = time.process_time() - started
    return FetchCost(stack, 1e6 * cpu / requests, size)


async def _run(get: Callable[[], Awaitable[int]], requests: int) -> int:
    """`requests` GETs, `_IN_FLIGHT` at a time; the body size (the same every time)."""
    left = iter(range(requests))
    sizes: set[int] = set()

    async def worker() -> None:
        for _ in left:
            sizes.add(await get())

    await asyncio.gather(*(worker() for _ in range(_IN_FLIGHT)))
    if len(sizes) != 1:
        raise RuntimeError(f"bodies of different sizes: {sorted(sizes)}")
    return sizes.pop()


def _client_getter(client: httpx.AsyncClient, url: str) -> Callable[[], Awaitable[int]]:
    async def get() -> int:
        response = await client.get(url)
        response.raise_for_status()
        return len(response.content)

    return get


class _RawGetter:
    """A keep-alive GET per call on a small pool of asyncio stream connections."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._request = f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def get(self) -> int:
        if self._idle:
            reader, writer = self._idle.pop()
        else:
            reader, writer = await asyncio.open_connection(self._host, self._port)
        writer.write(self._request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        body = await reader.readexactly(length)
        self._idle.append((reader, writer))
        return len(body)

    async def close(self) -> None:
        for _, writer in self._idle:
            writer.close()
            await writer.wait_closed()
