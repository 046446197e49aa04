"""A real HTTP/1.1 server on 127.0.0.1 for tests that need the network, not a mock.

Fetching is mostly about what goes over the wire (headers sent, how often a URL is asked
for, when a connection is reused), so tests run against a `ThreadingHTTPServer` on an
ephemeral port and assert on what it recorded. Routes are plain functions of the request and
its hit number on that path (1 for the first request), which is all a "fails twice, then
works" endpoint needs. A `Reply` can also wait before answering or drop the connection.

`site_routes()` is the fetch tests' site: one route per misbehaviour we handle, named for its
case. Bodies come from `testdata/`, which the tests read too, so an assertion compares
against the same bytes the server sent.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scraper.fetch import FetchPolicy

__all__ = [
    "BOMB_BYTES",
    "ETAG",
    "LAST_MODIFIED",
    "Handler",
    "LoopbackServer",
    "RecordedRequest",
    "Reply",
    "policy",
    "read_testdata",
    "site_routes",
    "unused_port",
]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """What the server saw: `path` keeps the query; header names are lower case."""

    method: str
    path: str
    headers: Mapping[str, str]
    client_port: int
    started_s: float  # time.monotonic() when the request line had been read

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer; `delay_s` sleeps before it, `drop` closes the connection without one."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    drop: bool = False


Handler = Callable[[RecordedRequest, int], Reply]


@dataclass(slots=True)
class _Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


class LoopbackServer:
    """Serve `routes` (exact paths, query ignored) on 127.0.0.1; unknown paths are 404.

    Use as a context manager, or `start()` / `stop()`.
    """

    def __init__(self, routes: Mapping[str, Handler] | None = None, *, host: str = "127.0.0.1"):
        self._routes: dict[str, Handler] = dict(routes or {})
        self._log = _Log()
        self._server = ThreadingHTTPServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a sleeping route must not hold up the test
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> None:
        self._routes[path] = handler

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._log.lock:
            return list(self._log.requests)

    def requests_to(self, route: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route == route]

    def hits(self, route: str) -> int:
        return len(self.requests_to(route))

    @property
    def max_in_flight(self) -> int:
        with self._log.lock:
            return self._log.max_in_flight

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _answer(self, request: RecordedRequest) -> Reply:
        log = self._log
        with log.lock:
            log.requests.append(request)
            hit = sum(1 for r in log.requests if r.route == request.route)
            log.in_flight += 1
            log.max_in_flight = max(log.max_in_flight, log.in_flight)
        try:
            handler = self._routes.get(request.route)
            reply = handler(request, hit) if handler else Reply(404, b"not found")
            if reply.delay_s:
                time.sleep(reply.delay_s)
            return reply
        finally:
            with log.lock:
                log.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is observable

            def do_GET(self) -> None:
                request = RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    client_port=int(self.client_address[1]),
                    started_s=time.monotonic(),
                )
                reply = server._answer(request)
                try:
                    self._send(reply)
                except OSError:
                    self.close_connection = True  # the client gave up (timeout); fine

            def _send(self, reply: Reply) -> None:
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                return  # keep pytest output clean; tests read server.requests instead

        return _Handler


def unused_port() -> int:
    """A 127.0.0.1 port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The fetch tests' site ------------------------------------------------------------

TESTDATA = Path(__file__).parent / "testdata"
HTML = "text/html; charset=utf-8"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 04 Mar 2025 10:00:00 GMT"
BOMB_BYTES = 4 * 2**20  # decompressed size of /bomb


def read_testdata(name: str) -> bytes:
    return (TESTDATA / name).read_bytes()


def _ok(body: bytes, content_type: str = HTML, *extra: tuple[str, str]) -> Reply:
    return Reply(200, body, (("Content-Type", content_type), *extra))


def _redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", (("Location", location),))


def _static(body: bytes, content_type: str = HTML, *extra: tuple[str, str]) -> Handler:
    return lambda _req, _hit: _ok(body, content_type, *extra)


def _fail_first(failure: Reply, times: int) -> Handler:
    """Answer `failure` for the first `times` hits, then the test page."""
    page = read_testdata("page.html")
    return lambda _req, hit: failure if hit <= times else _ok(page)


def _retry_after_date(_req: RecordedRequest, hit: int) -> Reply:
    if hit > 1:
        return _ok(read_testdata("page.html"))
    when = formatdate(time.time() + 2, usegmt=True)  # whole seconds: 1 to 2 s from now
    return Reply(429, b"slow down", (("Retry-After", when),))


def _conditional(req: RecordedRequest, _hit: int) -> Reply:
    validators = (("ETag", ETAG), ("Last-Modified", LAST_MODIFIED))
    if req.headers.get("if-none-match") == ETAG:
        return Reply(304, b"", validators)
    if "if-none-match" not in req.headers and req.headers.get("if-modified-since") == LAST_MODIFIED:
        return Reply(304, b"", validators[1:])
    return _ok(read_testdata("page.html"), HTML, *validators)


def _chain(req: RecordedRequest, _hit: int) -> Reply:
    left = int(parse_qs(urlsplit(req.path).query).get("n", ["0"])[0])
    return _redirect(f"/chain?n={left - 1}", 301) if left > 0 else _ok(read_testdata("page.html"))


def _away(req: RecordedRequest, _hit: int) -> Reply:
    port = req.headers["host"].rsplit(":", 1)[1]
    return _redirect(f"http://localhost:{port}/page")


def site_routes() -> dict[str, Handler]:
    page, cp1252 = read_testdata("page.html"), read_testdata("charset/cp1252-bare.html")
    gzip_page = gzip.compress(page)
    bomb = gzip.compress(b" " * BOMB_BYTES)
    return {
        "/robots.txt": _static(read_testdata("robots.txt"), "text/plain"),
        "/page": _static(page),
        "/private": _static(page),
        "/error": lambda _req, _hit: Reply(500, b"boom"),
        "/gone": lambda _req, _hit: Reply(404, b"gone"),
        "/flaky": _fail_first(Reply(500, b"boom"), 2),
        "/drop": _fail_first(Reply(drop=True), 1),
        "/busy": _fail_first(Reply(429, b"slow down", (("Retry-After", "1"),)), 1),
        "/busy-date": _retry_after_date,
        "/busy-long": _fail_first(Reply(429, b"slow down", (("Retry-After", "99999"),)), 1),
        "/slow": lambda _req, _hit: Reply(200, page, (("Content-Type", HTML),), delay_s=2.0),
        "/sleep": lambda _req, _hit: Reply(200, page, (("Content-Type", HTML),), delay_s=0.1),
        "/redirect": lambda _req, _hit: _redirect("/page"),
        "/redirect-away": _away,
        "/loop-a": lambda _req, _hit: _redirect("/loop-b"),
        "/loop-b": lambda _req, _hit: _redirect("/loop-a"),
        "/chain": _chain,
        "/cached": _conditional,
        "/cp1252/header": _static(cp1252, "text/html; charset=ISO-8859-1"),
        "/cp1252/bare": _static(cp1252, "text/html"),
        "/cp1252/meta": _static(read_testdata("charset/cp1252-meta.html"), "text/html"),
        "/gzip": _static(gzip_page, HTML, ("Content-Encoding", "gzip")),
        "/bomb": _static(bomb, HTML, ("Content-Encoding", "gzip")),
    }


_TEST_AGENT = "tidings-test/1.0 (+http://127.0.0.1/bot)"


def policy(
    user_agent: str = "tidings-test/1.0 (+http://127.0.0.1/bot)", **changes: Any
) -> FetchPolicy:
    """A fetch policy for loopback tests: config's defaults, no delay, then `changes`."""
    values: dict[str, Any] = {
        "timeout_s": 20.0,
        "max_body_bytes": 15 * 2**20,
        "max_redirects": 5,
        "delay_s": 0.0,
        "concurrency_per_host": 2,
        "max_attempts": 4,
        "obey_robots": True,
    }
    return FetchPolicy(user_agent=user_agent, **(values | changes))
