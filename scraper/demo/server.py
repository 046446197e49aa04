"""The demo site on a loopback HTTP server, so `tidings demo` and the tests crawl offline.

A `ThreadingHTTPServer` in a daemon thread, bound to 127.0.0.1 (port 0 picks a free one). It
answers like a well-behaved news site: a strong ETag (a hash of the body) and a fixed
Last-Modified on every page, 304 Not Modified for a matching If-None-Match or, when that header
is absent, an If-Modified-Since at or after Last-Modified (RFC 9110 section 13.2.2), robots.txt
that disallows /admin/ only, and 404 for anything else. Each request is recorded (for tests)
and, when a stream is given, logged as one line: `GET /trade/news/?page=2 304 conditional`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TextIO
from urllib.parse import urlsplit

from scraper.demo.site import Resource, Site

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "LAST_MODIFIED", "DemoServer", "RequestRecord"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8642
LAST_MODIFIED = "Tue, 30 Sep 2025 06:00:00 GMT"
_LAST_MODIFIED_AT = datetime(2025, 9, 30, 6, 0, tzinfo=UTC)
_POLL_INTERVAL_S = 0.05  # how long stop() may wait for serve_forever to notice
_NOT_FOUND = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n"


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as the server saw it; `conditional` = it carried a validator header."""

    method: str
    path: str
    status: int
    conditional: bool


@lru_cache(maxsize=1)
def _site() -> Site:
    return Site.build()


class _Recorder:
    """The thread-safe request log shared by the handler threads."""

    def __init__(self, stream: TextIO | None) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._stream = stream

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            if self._stream is not None:
                flag = " conditional" if record.conditional else ""
                self._stream.write(f"{record.method} {record.path} {record.status}{flag}\n")
                self._stream.flush()

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Site, recorder: _Recorder) -> None:
        super().__init__(address, _Handler)
        self.site, self.recorder = site, recorder


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the crawler's client expects
    # Headers and body go out in two writes; with Nagle on, a keep-alive client's delayed ACK
    # stalls every response by ~40 ms.
    disable_nagle_algorithm = True
    server_version = "tidings-demo/1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silenced: the recorder writes our own one-line log instead of stderr noise."""

    def _respond(self, *, send_body: bool) -> None:
        target = urlsplit(self.path)
        resource = self.server.site.lookup(target.path, target.query)
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        if resource is None:
            status = HTTPStatus.NOT_FOUND
        elif _is_not_modified(self.headers, resource):
            status = HTTPStatus.NOT_MODIFIED
        else:
            status = HTTPStatus.OK
        # Recorded before answering, so a client that has its response sees the record.
        self.server.recorder.add(RequestRecord(self.command, self.path, int(status), conditional))
        self.send_response(status)
        if resource is None:
            self._send_body(_NOT_FOUND, "text/html; charset=utf-8", send_body=send_body)
            return
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Cache-Control", "no-cache")
        if status == HTTPStatus.NOT_MODIFIED:
            self.end_headers()
            return
        self._send_body(resource.body, resource.content_type, send_body=send_body)

    def _send_body(self, body: bytes, content_type: str, *, send_body: bool) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _is_not_modified(headers: Message, resource: Resource) -> bool:
    """RFC 9110 13.1.2 and 13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or resource.etag in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):  # an unreadable date is ignored, as the RFC says
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since >= _LAST_MODIFIED_AT


class DemoServer:
    """The demo site on `host:port` in a daemon thread; a context manager that starts and stops.

    `port=0` binds a free ephemeral port; `base_url` then names the real one. `log`, when given,
    receives one line per request. `requests` is a copy of everything answered so far.
    """

    def __init__(
        self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, log: TextIO | None = None
    ) -> None:
        self._address = (host, port)
        self._recorder = _Recorder(log)
        self._server: _DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """`http://host:port` of the running server (no trailing slash)."""
        host, port = self._bound()
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return self._bound()[1]

    @property
    def requests(self) -> list[RequestRecord]:
        return self._recorder.snapshot()

    def start(self) -> DemoServer:
        """Bind and serve; raises OSError if the port is taken."""
        if self._server is not None:
            return self
        server = _DemoHTTPServer(self._address, _site(), self._recorder)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL_S},
            name="tidings-demo-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and wait for the serving thread."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _bound(self) -> tuple[str, int]:
        if self._server is None:
            raise RuntimeError("the demo server is not running; call start() first")
        host, port = self._server.server_address[:2]
        return str(host), int(port)
