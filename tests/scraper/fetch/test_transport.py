"""LeanTransport against a scripted HTTP/1.1 server on 127.0.0.1.

The server answers each request with whatever the test's `answer` function returns for it
(raw bytes, so framing can be exact or broken on purpose) and records which connection it
came on; connection reuse is then a plain count of accepted connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx
import pytest
from loopback import policy

from scraper.fetch import build_client
from scraper.fetch.transport import LeanTransport

pytestmark = pytest.mark.anyio

Answer = Callable[[int, bytes], tuple[bytes, bool]]  # (request number, head) -> (bytes, close?)


def ok(body: bytes = b"hello", *extra: str) -> bytes:
    headers = "".join(f"{h}\r\n" for h in extra)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{headers}\r\n".encode() + body


@dataclass
class Scripted:
    answer: Answer
    connections: int = 0
    heads: list[bytes] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/page"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = _content_length(head)
                body = await reader.readexactly(length) if length else b""
                self.heads.append(head + body)
                data, close = self.answer(len(self.heads), head)
                writer.write(data)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


async def serve(answer: Answer) -> AsyncIterator[Scripted]:
    scripted = Scripted(answer)
    server = await asyncio.start_server(scripted.handle, "127.0.0.1", 0)
    scripted.port = server.sockets[0].getsockname()[1]
    async with server:
        yield scripted


@pytest.fixture
async def keepalive() -> AsyncIterator[Scripted]:
    async for s in serve(lambda n, head: (ok(f"answer {n}".encode()), False)):
        yield s


async def test_requests_share_one_keepalive_connection(keepalive: Scripted) -> None:
    async with httpx.AsyncClient(transport=LeanTransport()) as client:
        bodies = [(await client.get(keepalive.url)).content for _ in range(3)]
    assert bodies == [b"answer 1", b"answer 2", b"answer 3"]
    assert keepalive.connections == 1
    assert keepalive.heads[0].startswith(b"GET /page HTTP/1.1\r\nHost: 127.0.0.1:")


async def test_chunked_body_is_reassembled() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    async for server in serve(lambda n, head: (chunked, False)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            first = await client.get(server.url)
            second = await client.get(server.url)
        assert (first.content, second.content) == (b"abcde", b"abcde")
        assert server.connections == 1


async def test_connection_close_is_not_reused() -> None:
    async for server in serve(lambda n, head: (ok(b"x", "Connection: close"), True)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            for _ in range(2):
                assert (await client.get(server.url)).content == b"x"
        assert server.connections == 2


async def test_idle_connection_closed_by_server_is_replaced() -> None:
    """The server hangs up after each answer without saying so: the next GET still works."""
    async for server in serve(lambda n, head: (ok(f"n{n}".encode()), True)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            first = await client.get(server.url)
            await asyncio.sleep(0.05)  # the FIN arrives while the connection is idle
            second = await client.get(server.url)
        assert (first.content, second.content) == (b"n1", b"n2")
        assert server.connections == 2


@pytest.mark.parametrize(("method", "retried"), [("GET", True), ("POST", False)])
async def test_stale_connection_is_retried_once_only_for_get(
    monkeypatch: pytest.MonkeyPatch, method: str, retried: bool
) -> None:
    """A hang-up the liveness check cannot see yet: GET goes out again afresh; POST fails."""
    monkeypatch.setattr("scraper.fetch.transport._Connection.is_usable", lambda *args: True)
    async for server in serve(lambda n, head: (ok(f"n{n}".encode()), True)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            assert (await client.request(method, server.url)).content == b"n1"
            await asyncio.sleep(0.05)  # the server has closed; we still hold the connection
            if retried:
                assert (await client.request(method, server.url)).content == b"n2"
            else:
                with pytest.raises(httpx.TransportError):
                    await client.request(method, server.url)
        assert server.connections == (2 if retried else 1)


async def test_unread_body_closes_the_connection(keepalive: Scripted) -> None:
    async with httpx.AsyncClient(transport=LeanTransport()) as client:
        async with client.stream("GET", keepalive.url) as response:
            assert response.status_code == 200  # body left unread
        assert (await client.get(keepalive.url)).content == b"answer 2"
    assert keepalive.connections == 2


async def test_expired_idle_connection_is_not_reused(keepalive: Scripted) -> None:
    async with httpx.AsyncClient(transport=LeanTransport(keepalive_expiry_s=0.0)) as client:
        await client.get(keepalive.url)
        await client.get(keepalive.url)
    assert keepalive.connections == 2


async def test_head_and_304_keep_the_connection() -> None:
    def answer(n: int, head: bytes) -> tuple[bytes, bool]:
        if head.startswith(b"HEAD"):
            return b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", False
        return b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n', False

    async for server in serve(answer):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            head = await client.head(server.url)
            cached = await client.get(server.url, headers={"If-None-Match": '"v1"'})
        assert (head.status_code, head.content) == (200, b"")
        assert (cached.status_code, cached.headers["etag"]) == (304, '"v1"')
        assert server.connections == 1
        assert b'if-none-match: "v1"' in server.heads[1].lower()


async def test_request_body_is_sent(keepalive: Scripted) -> None:
    async with httpx.AsyncClient(transport=LeanTransport()) as client:
        await client.post(keepalive.url, content=b"payload")
    assert keepalive.heads[0].endswith(b"\r\n\r\npayload")


async def test_garbage_answer_is_a_protocol_error() -> None:
    async for server in serve(lambda n, head: (b"SPDY/9 banana\r\n\r\n", True)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get(server.url)


async def test_body_cut_short_is_a_protocol_error() -> None:
    async for server in serve(lambda n, head: (ok(b"abc")[:-1], True)):
        async with httpx.AsyncClient(transport=LeanTransport()) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get(server.url)


async def test_silent_server_is_a_read_timeout() -> None:
    async for server in serve(lambda n, head: (b"", False)):
        async with httpx.AsyncClient(transport=LeanTransport(), timeout=0.2) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get(server.url)


async def test_refused_connection_is_a_connect_error() -> None:
    async for server in serve(lambda n, head: (ok(), False)):
        port = server.port
    async with httpx.AsyncClient(transport=LeanTransport()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/")


async def test_environment_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """With HTTP_PROXY set, the proxy gets the request (after the address guard passed it:
    `test_proxy.py`); a target this machine cannot resolve is not sent, as it cannot be
    checked."""
    async for proxy in serve(lambda n, head: (ok(b"via proxy"), False)):
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with build_client(policy("test-agent/1", max_attempts=1)) as client:
            response = await client.get("http://127.0.0.1:9/latest")
            with pytest.raises(httpx.ConnectError, match=r"cannot resolve news\.example\.invalid"):
                await client.get("http://news.example.invalid/latest")
        assert response.content == b"via proxy"
        assert [h.split(b"\r\n")[0] for h in proxy.heads] == [
            b"GET http://127.0.0.1:9/latest HTTP/1.1"
        ]


async def test_cookie_set_on_a_redirect_is_sent_back() -> None:
    """A site that sets a cookie and redirects: the next request carries it; a page without
    Set-Cookie leaves the jar as it was."""

    def answer(n: int, head: bytes) -> tuple[bytes, bool]:
        if n == 1:
            redirect = (
                b"HTTP/1.1 302 Found\r\nLocation: /page\r\n"
                b"Set-Cookie: consent=yes; Path=/\r\nContent-Length: 0\r\n\r\n"
            )
            return redirect, False
        return ok(b"in"), False

    async for server in serve(answer):
        async with build_client(policy("test-agent/1", max_attempts=1)) as client:
            first = await client.get(f"http://127.0.0.1:{server.port}/start")
            second = await client.get(server.url)
            third = await client.get(server.url)
            jar = dict(client.cookies)
        assert (first.status_code, second.content, third.content) == (302, b"in", b"in")
        assert jar == {"consent": "yes"}
        assert b"cookie: consent=yes" in server.heads[1].lower()
        assert b"cookie: consent=yes" in server.heads[2].lower()
