"""Fetch one listing page politely and safely, and hand back its text.

`Fetcher.fetch` reads top to bottom: robots.txt, a politeness slot for the host, a
(conditional) GET with retries, redirects followed by hand inside the allowed hosts, the body
streamed under a size cap, then charset decoding. Errors leave as the `FetchError` tree:

- RobotsDenied   robots.txt says no, or could not be reached (RFC 9309: then nothing is allowed)
- BodyTooLarge   the decompressed body passed `max_body_bytes`; reading stopped there
- StatusError    4xx, or 5xx/429 after the last attempt, or a Retry-After over the cap
- RedirectError  a redirect to a host outside `allowed_hosts`, or more than `max_redirects`
- HostDenied     the URL's host is not in `allowed_hosts`, or it is (or resolves to) an address
                 the source may not reach (`addresses`); nothing, not even robots.txt, is asked
- NotAPage       a 2xx with an empty body, or a body that is an image, a PDF, JSON, ...
- FetchError     a network error or timeout after the last attempt (cause chained)

`timeout_s` bounds every phase (connect, read, write, pool) and each attempt as a whole, so a
server that trickles bytes cannot hold a crawl forever. The size cap counts decompressed bytes,
inflated a bounded step at a time (`decoding`), so a gzip bomb stops at the cap with memory to
match. One `httpx.AsyncClient` (from `build_client`) serves the whole crawl,
so connections to a host are kept alive between pages.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from scraper.errors import (
    BodyTooLarge,
    FetchError,
    HostDenied,
    NotAPage,
    RedirectError,
    RobotsDenied,
    StatusError,
    describe,
)
from scraper.fetch.addresses import AddressPolicy, policy_for_urls
from scraper.fetch.charset import decode_body
from scraper.fetch.client import FetchPolicy, build_client
from scraper.fetch.decoding import decoded
from scraper.fetch.politeness import HostPolicy, host_of, normalize_host
from scraper.fetch.readable import unreadable_reason
from scraper.fetch.retry import (
    RETRYABLE_ERRORS,
    RetryableStatusError,
    check_retry_after,
    failure_text,
    retrying,
)
from scraper.fetch.robots import RobotsCache
from scraper.fetch.transport import ADDRESS_POLICY

__all__ = [
    "REDIRECT_STATUSES",
    "FetchPolicy",
    "Fetcher",
    "Page",
    "Validators",
    "build_client",
]

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_INLINE_DECODE_MAX_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last fetch of a URL returned, sent back for a conditional GET (RFC 9110 §13)."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched page.

    `content_hash` is the sha256 hex of the body bytes after content decoding (gzip) and
    before charset decoding. On a 304 (`is_modified` False) nothing was read: `text`,
    `encoding` and `content_hash` are empty and the validators are the server's or, if it sent
    none, the ones we sent. `elapsed_ms` times the final request, from start to last byte.
    `body` keeps the decompressed bytes for readers (feeds) that must see the real encoding.
    """

    url: str
    final_url: str
    status: int
    text: str
    encoding: str
    etag: str | None
    last_modified: str | None
    content_hash: str
    is_modified: bool
    elapsed_ms: float
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class _Answer:
    """One HTTP exchange that is not an error: 2xx with its body, 304, or a redirect."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    elapsed_ms: float


class Fetcher:
    """Fetches pages for one crawl; holds the robots cache and the per-host politeness state."""

    def __init__(
        self, client: httpx.AsyncClient, policy: FetchPolicy, *, stop: asyncio.Event | None = None
    ) -> None:
        """`stop` set (SIGTERM) cuts any wait between attempts short with `Interrupted`."""
        self._client = client
        self._policy = policy
        self._stop = stop
        self._hosts = HostPolicy(
            delay_s=policy.delay_s,
            concurrency=policy.concurrency_per_host,
            hosts=policy.host_limits,
        )
        self._robots = RobotsCache(
            client,
            user_agent=policy.user_agent,
            slot=self._robots_slot,
            timeout_s=policy.timeout_s,
            max_attempts=policy.max_attempts,
            backoff_max_s=policy.backoff_max_s,
            stop=stop,
        )

    def _robots_slot(self, url: str) -> AbstractAsyncContextManager[None]:
        return self._hosts.slot(host_of(url))

    async def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        allowed_hosts: frozenset[str] | None = None,
        addresses: AddressPolicy | None = None,
        is_feed: bool = False,
    ) -> Page:
        """GET `url` (conditionally, given `validators`) and return the page or raise FetchError.

        `url` itself and every redirect must stay on `allowed_hosts` (default: the host of
        `url`) and on the addresses `addresses` allows (default: what `url` names itself, see
        `addresses.policy_for_urls`). `is_feed` also accepts JSON (a JSON Feed).
        """
        target = _checked_url(url)  # parsed once: the request, its host and its slot use it
        hosts = frozenset(normalize_host(h) for h in (allowed_hosts or {host_of(target)}))
        reach = addresses or policy_for_urls([url])
        _check_host(url, target, hosts, reach)
        headers = _conditional_headers(validators)
        current, seen = url, [url]
        for _ in range(self._policy.max_redirects + 1):
            await self._check_robots(current, reach)
            answer = await self._get_with_retries(current, target, headers, reach)
            if answer.status not in REDIRECT_STATUSES:
                return await self._page(url, answer, validators, is_feed=is_feed)
            target = _redirect_target(url, answer, hosts)
            current = str(target)
            _check_host(url, target, hosts, reach, via=f"redirect to {current}: ")
            seen.append(current)
        # A URL seen twice is a loop; we still let it run to the limit, because a site may
        # set a cookie and redirect to the same URL once (the client keeps cookies).
        loop = f", looping through {current}" if seen.count(current) > 1 else ""
        raise RedirectError(url, f"more than {self._policy.max_redirects} redirects{loop}")

    async def _check_robots(self, url: str, reach: AddressPolicy) -> None:
        if not self._policy.obey_robots:
            return
        verdict = await self._robots.verdict(url, addresses=reach)
        if verdict.crawl_delay_s is not None:
            self._hosts.raise_delay(host_of(url), verdict.crawl_delay_s)
        if not verdict.allowed:
            raise RobotsDenied(url, verdict.reason)

    async def _get_with_retries(
        self, url: str, target: httpx.URL, headers: dict[str, str], reach: AddressPolicy
    ) -> _Answer:
        """GET `target` (`url`, parsed) with retries; errors name `url`."""
        policy = self._policy
        attempts = retrying(
            url=url,
            max_attempts=policy.max_attempts,
            backoff_max_s=policy.backoff_max_s,
            stop=self._stop,
        )
        try:
            async for attempt in attempts:
                with attempt:
                    return await self._attempt(url, target, headers, reach)
        except RetryableStatusError as exc:
            reason = f"HTTP {exc.status} after {policy.max_attempts} attempts"
            raise StatusError(url, exc.status, reason) from exc
        except RETRYABLE_ERRORS as exc:
            reason = f"{failure_text(exc)} after {policy.max_attempts} attempts"
            raise FetchError(url, reason) from exc
        except httpx.HTTPError as exc:  # not worth retrying: bad gzip, unsupported scheme, ...
            raise FetchError(url, describe(exc)) from exc
        raise AssertionError("unreachable: tenacity re-raises after the last attempt")

    async def _attempt(
        self, url: str, target: httpx.URL, headers: dict[str, str], reach: AddressPolicy
    ) -> _Answer:
        """One request in a politeness slot, bounded as a whole by `timeout_s`."""
        async with self._hosts.slot(host_of(target)):
            try:
                async with asyncio.timeout(self._policy.timeout_s):
                    return await self._request(url, target, headers, reach)
            except TimeoutError as exc:
                limit = f"{self._policy.timeout_s:g} s"
                raise TimeoutError(f"no complete answer within {limit}") from exc

    async def _request(
        self, url: str, target: httpx.URL, headers: dict[str, str], reach: AddressPolicy
    ) -> _Answer:
        started = time.perf_counter()
        extensions = {ADDRESS_POLICY: reach}
        async with self._client.stream(
            "GET", target, headers=headers, extensions=extensions
        ) as resp:
            status = resp.status_code
            if status == 429 or status >= 500:
                raise check_retry_after(
                    url,
                    status,
                    resp.headers.get("retry-after"),
                    max_wait_s=self._policy.retry_after_max_s,
                    now=datetime.now(UTC),
                )
            if status in REDIRECT_STATUSES or status == 304:
                body = b""
            elif 200 <= status < 300:
                body = await _read_capped(resp, url, self._policy.max_body_bytes)
            else:
                raise StatusError(url, status)
            elapsed_ms = (time.perf_counter() - started) * 1000
            return _Answer(str(resp.url), status, resp.headers, body, elapsed_ms)

    async def _page(
        self, url: str, answer: _Answer, validators: Validators | None, *, is_feed: bool
    ) -> Page:
        if answer.status == 304:
            page = _not_modified(url, answer, validators)
        else:
            content_type = answer.headers.get("content-type")
            problem = unreadable_reason(answer.body, content_type, is_feed=is_feed)
            if problem is not None:
                raise NotAPage(url, problem)
            # sha256 and charset detection are CPU work: a large body is decoded off the loop,
            # a small one inline, where a thread hop costs more than the work (measured on a
            # 40 KB page: 39 us inline, 240 us through to_thread; 0.3 ms for 256 KB, detected).
            if len(answer.body) <= _INLINE_DECODE_MAX_BYTES:
                text, encoding, digest = _decode(answer.body, content_type)
            else:
                text, encoding, digest = await asyncio.to_thread(_decode, answer.body, content_type)
            page = Page(
                url=url,
                final_url=answer.url,
                status=answer.status,
                text=text,
                encoding=encoding,
                etag=answer.headers.get("etag"),
                last_modified=answer.headers.get("last-modified"),
                content_hash=digest,
                is_modified=True,
                elapsed_ms=answer.elapsed_ms,
                body=answer.body,
            )
        logger.info(
            "page.fetched",
            extra={
                "url": url,
                "status": page.status,
                "ms": round(page.elapsed_ms),
            },
        )
        return page


def _checked_url(url: str) -> httpx.URL:
    """`url` parsed; only absolute http(s) URLs get as far as robots.txt and the network."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"invalid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(url, "not an absolute http(s) URL")
    return parsed


def _check_host(
    url: str, target: httpx.URL, hosts: frozenset[str], reach: AddressPolicy, *, via: str = ""
) -> None:
    """HostDenied unless `target` is on the source's hosts and at an address it may reach."""
    host = host_of(target)
    if host not in hosts:
        raise HostDenied(url, f"{via}{host} is not one of the source's hosts")
    problem = reach.host_problem(host)
    if problem is not None:
        raise HostDenied(url, f"{via}{problem}")


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last fetch stored."""
    headers: dict[str, str] = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _redirect_target(url: str, answer: _Answer, hosts: frozenset[str]) -> httpx.URL:
    """The absolute Location of a redirect, if it is http(s) and stays inside `hosts`."""
    location = answer.headers.get("location")
    if not location:
        raise StatusError(url, answer.status, f"HTTP {answer.status} without Location")
    try:
        target = httpx.URL(answer.url).join(location.strip()).copy_with(fragment=None)
    except httpx.InvalidURL as exc:
        raise RedirectError(url, f"redirect to an invalid URL {location!r}") from exc
    if target.scheme not in ("http", "https"):
        raise RedirectError(url, f"redirect to {target} is not http(s)")
    if host_of(target) not in hosts:
        raise RedirectError(url, f"redirect to {target} leaves the allowed hosts")
    return target


async def _read_capped(resp: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The decompressed body, or BodyTooLarge as soon as it passes `max_bytes`."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in decoded(resp.aiter_raw(), resp.headers.get("content-encoding"), url=url):
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(url, f"body exceeds max_body_bytes={max_bytes} (decompressed)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, content_type: str | None) -> tuple[str, str, str]:
    """(text, encoding, sha256 hex of the bytes) — runs in a worker thread."""
    text, encoding = decode_body(body, content_type)
    return text, encoding, hashlib.sha256(body).hexdigest()


def _not_modified(url: str, answer: _Answer, validators: Validators | None) -> Page:
    """A 304: nothing changed since `validators`; keep them unless the server sent new ones."""
    return Page(
        url=url,
        final_url=answer.url,
        status=304,
        text="",
        encoding="",
        etag=answer.headers.get("etag") or (validators.etag if validators else None),
        last_modified=answer.headers.get("last-modified")
        or (validators.last_modified if validators else None),
        content_hash="",
        is_modified=False,
        elapsed_ms=answer.elapsed_ms,
    )
