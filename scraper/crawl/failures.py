"""Why a source's run failed, as one stable slug counted as `failure/<kind>`.

The daemon backs off less after a temporary failure (the site may answer next time) than a
hard one (the URL or the host is wrong); the weights live in `scraper.schedule`, the facts here,
where the exception and its chained causes are still at hand.
"""

from __future__ import annotations

import socket
import ssl

from scraper.errors import (
    BodyTooLarge,
    FetchError,
    NotAPage,
    ParseError,
    RobotsDenied,
    StatusError,
)

__all__ = ["HARD_FAILURES", "failure_kind"]

# Kinds a retry in a few minutes will not fix.
HARD_FAILURES = frozenset({"not_found", "gone", "client", "dns", "tls", "too_large"})
_STATUS_KINDS = {404: "not_found", 410: "gone", 429: "throttled"}


def failure_kind(exc: BaseException) -> str:
    """`timeout`, `server`, `throttled`, `network`, `robots`, `not_a_page` (an image, an empty
    200), `parse`, `other` (temporary) or
    `not_found`, `gone`, `client`, `dns`, `tls`, `too_large` (hard)."""
    if isinstance(exc, StatusError):
        return _STATUS_KINDS.get(exc.status, "server" if exc.status >= 500 else "client")
    causes = _chain(exc)
    for kind, found in _CAUSES:
        if any(found(c) for c in causes):
            return kind
    for cls, kind in _CLASSES:
        if isinstance(exc, cls):
            return kind
    return "other"


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__  # httpx's timeouts


_CAUSES = (
    ("tls", lambda c: isinstance(c, ssl.SSLError)),
    ("dns", lambda c: isinstance(c, socket.gaierror)),
    ("timeout", _is_timeout),
)
_CLASSES: tuple[tuple[type[BaseException], str], ...] = (
    (BodyTooLarge, "too_large"),
    (RobotsDenied, "robots"),
    (NotAPage, "not_a_page"),
    (FetchError, "network"),
    (ParseError, "parse"),
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
