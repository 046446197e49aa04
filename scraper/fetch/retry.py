"""When and how long to retry a request: tenacity settings plus Retry-After (RFC 9110 §10.2.3).

Transient failures are worth another try: connection and read errors, timeouts, a server that
hung up mid-response, 5xx and 429. Everything else (404, a body too large, robots) fails on
the first answer. Waits grow exponentially with jitter, capped by `backoff_max_s`, except
when the server said how long to wait: a Retry-After (delta seconds or HTTP date) is honoured
exactly. One above `retry_after_max_s` is not waited for at all; `check_retry_after` turns it
into a StatusError naming the wait at once, because sleeping for hours would stall the crawl.
A wait ends early when the crawl's `stop` event is set (SIGTERM): it raises `Interrupted`, so
four attempts 30 s apart cannot hold a stopping process past its 10 s bound.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from scraper.errors import Interrupted, StatusError, describe

__all__ = [
    "BACKOFF_INITIAL_S",
    "RETRYABLE_ERRORS",
    "RetryableStatusError",
    "check_retry_after",
    "failure_text",
    "parse_retry_after",
    "retrying",
]

logger = logging.getLogger(__name__)

BACKOFF_INITIAL_S = 0.5  # first wait before jitter; doubles per attempt up to backoff_max_s
_JITTER_S = 0.5
_DELTA_SECONDS = re.compile(r"[0-9]+")


class RetryableStatusError(Exception):
    """A 5xx or 429 answer that is worth another attempt (internal to fetching).

    `retry_after_s` is the server's Retry-After, already checked against the cap.
    """

    def __init__(self, status: int, retry_after_s: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.retry_after_s = status, retry_after_s


# Timeouts, network errors and a peer that hung up; not LocalProtocolError, ProxyError or
# UnsupportedProtocol, which the same request would hit again. TimeoutError is our own
# per-attempt deadline (asyncio.timeout).
RETRYABLE_ERRORS: tuple[type[BaseException], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    TimeoutError,
    RetryableStatusError,
)


def failure_text(exc: BaseException) -> str:
    """What went wrong, for a message: a network error's own text already says what and where
    ("connection refused at 127.0.0.1:9"), so its class name is left out; the rest is
    `errors.describe`."""
    text = str(exc).strip()
    if isinstance(exc, httpx.TransportError | TimeoutError) and text:
        return text.splitlines()[0]
    return describe(exc)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value (delta seconds or HTTP date), None if unusable.

    A date in the past gives 0. `now` is an argument so the result does not depend on a clock.
    """
    if value is None:
        return None
    text = value.strip()
    if _DELTA_SECONDS.fullmatch(text):
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # "-0000" parses naive; HTTP dates are GMT anyway
    return max(0.0, (when - now).total_seconds())


def check_retry_after(
    url: str, status: int, value: str | None, *, max_wait_s: float, now: datetime
) -> RetryableStatusError:
    """The retryable error for a 5xx/429 answer; StatusError if Retry-After is over the cap."""
    wait_s = parse_retry_after(value, now=now)
    if wait_s is not None and wait_s > max_wait_s:
        reason = f"HTTP {status}, Retry-After {wait_s:.0f} s exceeds the {max_wait_s:g} s cap"
        raise StatusError(url, status, reason)
    return RetryableStatusError(status, wait_s)


class _RetryAfterWait(wait_base):
    """The server's Retry-After when it gave one, else exponential backoff with jitter."""

    def __init__(self, *, backoff_max_s: float) -> None:
        initial = min(BACKOFF_INITIAL_S, backoff_max_s)
        jitter = min(_JITTER_S, backoff_max_s)
        self._backoff = wait_exponential_jitter(
            multiplier=initial, max=backoff_max_s, jitter=jitter
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, RetryableStatusError) and exc.retry_after_s is not None:
            return exc.retry_after_s
        return self._backoff(retry_state)


def retrying(
    *,
    url: str,
    max_attempts: int,
    backoff_max_s: float,
    stop: asyncio.Event | None = None,
) -> AsyncRetrying:
    """Tenacity settings for one URL; the last error is re-raised as it was (`reraise=True`).

    A wait between attempts raises `Interrupted` as soon as `stop` is set (at once if it
    already is): no new attempt starts after a stop signal.
    """
    return AsyncRetrying(
        sleep=_stoppable_sleep(url, stop),
        stop=stop_after_attempt(max_attempts),
        wait=_RetryAfterWait(backoff_max_s=backoff_max_s),
        retry=retry_if_exception_type(RETRYABLE_ERRORS),
        before_sleep=_log_retry(url),
        reraise=True,
    )


def _stoppable_sleep(url: str, stop: asyncio.Event | None) -> Callable[[float], Awaitable[None]]:
    """`asyncio.sleep(seconds)`, cut short by `stop` with `Interrupted`."""

    async def sleep(seconds: float) -> None:
        if stop is None:
            await asyncio.sleep(seconds)
            return
        try:
            async with asyncio.timeout(seconds):
                await stop.wait()
        except TimeoutError:
            return  # the whole wait passed without a stop: the next attempt goes ahead
        raise Interrupted(f"{url}: stopped while waiting {seconds:.1f} s to retry")

    return sleep


def _log_retry(url: str) -> Callable[[RetryCallState], None]:
    def log(retry_state: RetryCallState) -> None:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        wait_s = retry_state.upcoming_sleep
        logger.info(
            "fetch.retry",
            extra={
                "url": url,
                "attempt": retry_state.attempt_number,
                "wait_s": round(wait_s, 3),
                "error": describe(exc),
            },
        )

    return log
