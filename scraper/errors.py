"""Exceptions tidings raises on purpose.

TidingsError
├── ConfigError    config.yaml or an option is wrong (exit 2)
├── FetchError     a URL could not be fetched
│   ├── RobotsDenied   robots.txt disallows the URL for our User-Agent
│   ├── BodyTooLarge   the decompressed body passed max_body
│   ├── StatusError    the server answered with an error status (after retries)
│   ├── RedirectError  too many redirects, or one that leaves the source's hosts
│   ├── HostDenied     a URL off the source's hosts, or at an address it may not reach
│   └── NotAPage       a 2xx whose body is no page: an image, a PDF, JSON, nothing at all
├── ParseError     a fetched page could not be read
│   └── PageTooComplex  nested too deep or too many elements to parse in bounded time
├── StorageError   the database refused a batch
└── Interrupted    a stop signal cut a wait short (between retries): the run is interrupted

Every message carries facts (URL, status, field, file:line); `describe` gives its first line,
which runs, logs and the CLI print.
"""

from __future__ import annotations

__all__ = [
    "BodyTooLarge",
    "ConfigError",
    "FetchError",
    "HostDenied",
    "Interrupted",
    "NotAPage",
    "PageTooComplex",
    "ParseError",
    "RedirectError",
    "RobotsDenied",
    "StatusError",
    "StorageError",
    "TidingsError",
    "describe",
    "translate",
]


class TidingsError(Exception):
    """Root of the tree: catching it means "anything tidings raised on purpose"."""


class ConfigError(TidingsError):
    """A setting is wrong; the message is `file:line field: problem` where the line is known."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        where = path or ""
        if where and line is not None:
            where = f"{where}:{line}"
        parts = [p for p in (where, field) if p]
        prefix = " ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.path, self.line, self.field, self.problem = path, line, field, message


class Interrupted(TidingsError):
    """A stop signal (SIGTERM, SIGINT) came while a fetch waited to retry; not a failure of the
    source, so it is no FetchError: the run ends "interrupted" and resumes next time."""


class FetchError(TidingsError):
    """A URL could not be fetched; `reason` is the fact without the URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class RobotsDenied(FetchError):
    """robots.txt disallows the URL for our User-Agent."""


class BodyTooLarge(FetchError):
    """The decompressed body grew past the configured limit, so we stopped reading it."""


class StatusError(FetchError):
    """The server answered with a status we cannot use, after retries where they apply."""

    def __init__(self, url: str, status: int, reason: str | None = None) -> None:
        super().__init__(url, reason or f"HTTP {status}")
        self.status = status


class RedirectError(FetchError):
    """Too many redirects, or a redirect to a host the source does not own."""


class HostDenied(FetchError):
    """The URL's host is not one of the source's, or its address is one the source may not reach
    (loopback, private, link-local, unspecified); nothing was sent to it."""


class NotAPage(FetchError):
    """A 2xx answer with nothing to read: an image, a PDF, JSON, or an empty body."""


class ParseError(TidingsError):
    """A fetched page could not be read as HTML, or a selector is invalid."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class PageTooComplex(ParseError):
    """The page nests deeper or holds more elements than a listing needs; it was not parsed,
    because a tree builder's work grows with depth times elements."""


class StorageError(TidingsError):
    """The database refused an operation; the cause is chained."""


def translate(exc: BaseException, action: str) -> StorageError:
    """Wrap a database-layer error at the one seam, keeping only the first line of its text.

    Connection URLs are never part of the message, so no password can leak into logs.
    """
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageError(f"{action}: {type(exc).__name__}: {first}")


def describe(exc: BaseException | None) -> str:
    """An error's first line, the one formatter for runs, retries, logs and the CLI.

    Our own errors already carry the URL, field or file:line and read as a sentence; anything
    else is `ClassName: message` (just the class name when the message is empty).
    """
    if exc is None:
        return "unknown"
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if isinstance(exc, TidingsError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
