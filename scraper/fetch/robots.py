"""robots.txt per origin (RFC 9309), fetched once per crawl and parsed with protego.

What a status means (RFC 9309 §2.3.1):
- 2xx: the rules apply; the first 500 KiB are parsed (§2.5), the rest is ignored.
- 4xx "unavailable": no rules, everything is allowed. Except 429, which asks us to slow down;
  we read it like a 5xx, as Google does, rather than crawl a site that is shedding load.
- 5xx or no answer at all "unreachable": everything is disallowed. The download is retried
  first like any fetch (`retry.retrying`), and the verdict's reason starts with the cause
  ("connection refused at 127.0.0.1:9 after 4 attempts"): a dead host is a dead host, and only
  then a robots.txt matter.
Redirects are followed (up to the client's max_redirects, any host, §2.3.1.2); more than that
counts as unavailable.

Groups are matched on the product token of our User-Agent ("tidings" in
"tidings/0.1 (+https://example.org/bot)"), so a "User-agent: bot" group does not catch us
through the "/bot" in our contact URL. The cache lives as long as the object (one crawl);
concurrent first requests to an origin wait on one lock and share one download.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx

from scraper.errors import FetchError, HostDenied, describe
from scraper.fetch.addresses import AddressPolicy
from scraper.fetch.decoding import decoded
from scraper.fetch.retry import RetryableStatusError, failure_text, parse_retry_after, retrying
from scraper.fetch.transport import ADDRESS_POLICY

if TYPE_CHECKING:
    from protego import Protego

__all__ = [
    "ROBOTS_MAX_BYTES",
    "RobotsCache",
    "RobotsVerdict",
    "Slot",
    "product_token",
    "robots_url",
]

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
_PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")  # RFC 9309 §2.2.1

# Given the robots.txt URL, a context to hold while downloading it (a politeness slot).
Slot = Callable[[str], AbstractAsyncContextManager[None]]


@dataclass(frozen=True, slots=True)
class RobotsVerdict:
    """Whether one URL may be fetched, why not, and the origin's Crawl-delay for our token."""

    allowed: bool
    reason: str
    crawl_delay_s: float | None


@dataclass(frozen=True, slots=True)
class _Rules:
    """An origin's robots.txt: a parser, or a blanket answer (`allow_all`) with its cause."""

    parser: Protego | None
    allow_all: bool
    note: str


def product_token(user_agent: str) -> str:
    """The leading product token of a User-Agent, what robots.txt groups are matched on."""
    match = _PRODUCT_TOKEN.match(user_agent.strip())
    return match.group(0) if match else user_agent.strip()


def robots_url(url: str) -> str:
    """`scheme://host[:port]/robots.txt` for the origin of `url`.

    Asked before every request: one parse, then httpx's own netloc (lower case, IDNA, no
    userinfo, no default port) rather than building and joining a second URL (4× the cost).
    """
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii')}/robots.txt"


class RobotsCache:
    """robots.txt rules per origin, downloaded on first use through `client`.

    With `slot`, the download holds `slot(robots_url)` (the fetcher passes its per-host
    politeness slot, so robots.txt counts as a request to the host like any other).
    `timeout_s` bounds the whole download; past it the origin counts as unreachable.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        user_agent: str,
        slot: Slot | None = None,
        max_bytes: int = ROBOTS_MAX_BYTES,
        timeout_s: float | None = None,
        max_attempts: int = 1,
        backoff_max_s: float = 30.0,
        stop: asyncio.Event | None = None,
    ) -> None:
        self._client = client
        self._stop = stop  # cuts a wait between attempts short (`retry.retrying`)
        self._max_attempts, self._backoff_max_s = max_attempts, backoff_max_s
        self._timeout_s = timeout_s
        self._token = product_token(user_agent)
        self._slot = slot
        self._max_bytes = max_bytes
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def verdict(self, url: str, *, addresses: AddressPolicy | None = None) -> RobotsVerdict:
        """May our User-Agent fetch `url`? Downloads the origin's robots.txt the first time,
        connecting only where `addresses` allows (HostDenied otherwise)."""
        rules = await self._rules_for(robots_url(url), addresses)
        if rules.parser is None:
            return RobotsVerdict(rules.allow_all, rules.note, None)
        allowed = bool(rules.parser.can_fetch(url, self._token))
        path = httpx.URL(url).raw_path.decode("ascii")
        reason = "allowed" if allowed else f"robots.txt disallows {path} for {self._token}"
        return RobotsVerdict(allowed, reason, self._crawl_delay(rules))

    async def allowed(self, url: str) -> bool:
        """Shorthand for `(await verdict(url)).allowed`."""
        return (await self.verdict(url)).allowed

    def crawl_delay(self, url: str) -> float | None:
        """Crawl-delay for our token at the origin of `url`; None if unset or not loaded yet."""
        rules = self._rules.get(robots_url(url))
        return self._crawl_delay(rules) if rules is not None else None

    def _crawl_delay(self, rules: _Rules) -> float | None:
        if rules.parser is None:
            return None
        delay = rules.parser.crawl_delay(self._token)
        return float(delay) if delay is not None and delay > 0 else None

    async def _rules_for(self, key: str, addresses: AddressPolicy | None) -> _Rules:
        cached = self._rules.get(key)
        if cached is not None:
            return cached
        async with self._locks.setdefault(key, asyncio.Lock()):
            cached = self._rules.get(key)  # someone may have loaded it while we waited
            if cached is None:
                cached = await self._load(key, addresses)
                self._rules[key] = cached
        return cached

    async def _load(self, url: str, addresses: AddressPolicy | None) -> _Rules:
        try:
            status, body = await self._download_with_retries(url, addresses)
        except httpx.TooManyRedirects as exc:
            rules = _Rules(None, True, f"{url}: {describe(exc)}, treated as unavailable")
        except RetryableStatusError as exc:
            rules = _unreachable(url, f"HTTP {exc.status}{self._after_attempts()}")
        except TimeoutError:
            limit = f"no complete answer within {self._timeout_s:g} s"
            rules = _unreachable(url, f"{limit}{self._after_attempts()}")
        except httpx.HTTPError as exc:
            rules = _unreachable(url, f"{failure_text(exc)}{self._after_attempts()}")
        except HostDenied:
            raise  # the source may not go there at all: no verdict to keep
        except FetchError as exc:  # a body we cannot decode (unknown or stacked encodings)
            rules = _unreachable(url, exc.reason)
        else:
            rules = _rules_from(url, status, body)
        logger.info(
            "robots.loaded",
            extra={"url": url, "robots": rules.note},
        )
        return rules

    def _after_attempts(self) -> str:
        return f" after {self._max_attempts} attempts" if self._max_attempts > 1 else ""

    async def _download_with_retries(
        self, url: str, addresses: AddressPolicy | None
    ) -> tuple[int, bytes]:
        """The status and body, retried on network errors, timeouts, 5xx and 429 (waiting for
        Retry-After when the server gives one, up to the backoff cap)."""
        attempts = retrying(
            url=url,
            max_attempts=self._max_attempts,
            backoff_max_s=self._backoff_max_s,
            stop=self._stop,
        )
        async for attempt in attempts:
            with attempt:
                status, body, retry_after = await self._download(url, addresses)
                if status >= 500 or status == 429:
                    wait_s = parse_retry_after(retry_after, now=datetime.now(UTC))
                    capped = None if wait_s is None else min(wait_s, self._backoff_max_s)
                    raise RetryableStatusError(status, capped)
                return status, body
        raise AssertionError("unreachable: tenacity re-raises after the last attempt")

    async def _download(
        self, url: str, addresses: AddressPolicy | None
    ) -> tuple[int, bytes, str | None]:
        """Status, the first `max_bytes` of the body, and Retry-After."""
        slot = self._slot(url) if self._slot is not None else nullcontext()
        extensions = {ADDRESS_POLICY: addresses} if addresses is not None else None
        request = self._client.stream("GET", url, follow_redirects=True, extensions=extensions)
        # The deadline starts once the slot is ours: waiting our turn is not the server's fault.
        async with slot, asyncio.timeout(self._timeout_s), request as resp:
            chunks: list[bytes] = []
            size = 0
            encoding = resp.headers.get("content-encoding")
            async for chunk in decoded(resp.aiter_raw(), encoding, url=url):
                chunks.append(chunk)
                size += len(chunk)
                if size >= self._max_bytes:
                    break  # §2.5: what lies past the limit is not parsed
            body = b"".join(chunks)[: self._max_bytes]
            return resp.status_code, body, resp.headers.get("retry-after")


def _rules_from(url: str, status: int, body: bytes) -> _Rules:
    """Rules for a robots.txt answer with `status`, per RFC 9309 §2.3.1."""
    if 200 <= status < 300:
        from protego import Protego  # here: a crawl that ignores robots.txt never needs it

        text = body.decode("utf-8-sig", errors="replace")  # §2.3: UTF-8; a BOM is tolerated
        return _Rules(Protego.parse(text), True, f"{url}: HTTP {status}")
    if 400 <= status < 500 and status != 429:
        return _Rules(None, True, f"{url}: HTTP {status}, no rules")
    return _unreachable(url, f"HTTP {status}")


def _unreachable(url: str, cause: str) -> _Rules:
    """RFC 9309 §2.3.1.4: a server error or no answer means nothing may be crawled.

    The cause comes first: it is what the user has to act on.
    """
    return _Rules(None, False, f"{cause}; so {url} is unreachable and all is disallowed")
