"""A lean HTTP/1.1 transport for httpx: keep-alive connections on asyncio streams, parsed by h11.

httpx's default transport (httpcore over anyio) spends about 35 times the CPU per request of
the same GET written by hand on asyncio (benchmarks/fetchbench.py): cancel scopes, locks and a
pool scan on every request and read. A crawl makes one request at a time per politeness slot
and reads whole bodies, so it needs none of that machinery. This transport keeps what a
crawler needs, through httpx's documented transport API:

- one idle list per origin, newest first, capped at `max_idle_per_origin`, each connection
  dropped after `keepalive_expiry_s` idle or when the server has closed it;
- a GET or HEAD that fails on a reused connection before any response byte is sent once more
  on a fresh one (the server may close an idle connection at any moment, RFC 9112 §9.3.1);
- httpx's timeouts (connect, read, write) and httpx's exceptions, so retries, decoding,
  cookies and error messages upstream are unchanged;
- a connection goes back to the pool only after a complete exchange; a body left unread, a
  cancelled task or `Connection: close` closes it;
- every address DNS gives is checked against the request's `AddressPolicy` (the extension
  `ADDRESS_POLICY`, by default what the URL itself names: `addresses.policy_for_urls`) before
  connecting, and only a checked address is connected to; a pooled connection is reused only
  when its peer passes the request's policy too;
- a connection that fails says where: "connection refused at 127.0.0.1:9".

Proxies are httpx's business, but not the guard: `build_client` mounts httpx's proxy
transports behind `proxy.GuardedProxy`, which runs `checked_addresses` on the target first.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import h11
import httpx

from scraper.errors import HostDenied
from scraper.fetch.addresses import AddressPolicy, IPAddress, host_address, policy_for_urls

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["ADDRESS_POLICY", "LeanTransport", "Origin", "checked_addresses", "origin_of"]

ADDRESS_POLICY = "tidings.addresses"  # request extension: the AddressPolicy to connect under

_READ_SIZE = 64 * 1024
_STREAM_LIMIT = 1024 * 1024
_IDEMPOTENT = frozenset({"GET", "HEAD"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


class _Connection:
    """One TCP (or TLS) connection and its HTTP/1.1 state machine."""

    __slots__ = ("address", "bytes_in", "h11", "idle_since", "reader", "writer")

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, address: IPAddress
    ) -> None:
        self.reader, self.writer, self.address = reader, writer, address
        self.h11 = h11.Connection(h11.CLIENT)
        self.idle_since = 0.0
        self.bytes_in = 0  # in the current exchange: 0 means the server has not answered yet

    def is_usable(self, now: float, expiry_s: float) -> bool:
        """Still open at our end and theirs, and not idle for too long."""
        return (
            now - self.idle_since < expiry_s
            and not self.reader.at_eof()
            and not self.writer.is_closing()
        )

    def close(self) -> None:
        self.writer.close()

    async def receive(self, timeout_s: float | None) -> object:
        """The next h11 event, reading from the socket as needed."""
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as exc:
                raise httpx.RemoteProtocolError(str(exc)) from exc
            if event is not h11.NEED_DATA:
                return event
            try:
                async with asyncio.timeout(timeout_s):
                    data = await self.reader.read(_READ_SIZE)
            except TimeoutError as exc:
                raise httpx.ReadTimeout("timed out reading the response") from exc
            except OSError as exc:  # "connection reset by peer after 9000 bytes"
                what = (exc.strerror or str(exc) or type(exc).__name__).lower()
                raise httpx.ReadError(f"{what} after {self.bytes_in} bytes") from exc
            self.bytes_in += len(data)
            self.h11.receive_data(data)

    async def send(self, data: bytes, timeout_s: float | None) -> None:
        try:
            self.writer.write(data)
            async with asyncio.timeout(timeout_s):
                await self.writer.drain()
        except TimeoutError as exc:
            raise httpx.WriteTimeout("timed out sending the request") from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__) from exc


class _ResponseBody(httpx.AsyncByteStream):
    """The body as h11 frames it; returns the connection to the pool once fully read."""

    def __init__(
        self, pool: LeanTransport, origin: Origin, conn: _Connection, timeout_s: float | None
    ) -> None:
        self._pool, self._origin, self._conn, self._timeout_s = pool, origin, conn, timeout_s
        self._complete = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while not self._complete:
            event = await self._conn.receive(self._timeout_s)
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                self._complete = True
            elif isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError("server closed the connection mid-body")

    async def aclose(self) -> None:
        self._pool._release(self._origin, self._conn, complete=self._complete)


class LeanTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 with keep-alive for httpx.AsyncClient (`transport=LeanTransport()`)."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        max_idle_per_origin: int = 20,
        keepalive_expiry_s: float = 5.0,
    ) -> None:
        self._ssl_context = ssl_context
        self._max_idle = max_idle_per_origin
        self._expiry_s = keepalive_expiry_s
        self._idle: dict[Origin, list[_Connection]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        origin = origin_of(url)
        timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
        policy = request.extensions.get(ADDRESS_POLICY) or policy_for_urls([str(url)])
        conn = self._reuse(origin, policy)
        if conn is not None:
            try:
                return await self._exchange(origin, conn, request, timeouts)
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                if request.method not in _IDEMPOTENT or conn.bytes_in:
                    raise
                # The server closed the idle connection before it answered: once more, afresh.
        addresses = await checked_addresses(origin, policy, str(url), timeouts.get("connect"))
        conn = await self._connect(origin, addresses, timeouts.get("connect"))
        return await self._exchange(origin, conn, request, timeouts)

    async def aclose(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    async def _exchange(
        self,
        origin: Origin,
        conn: _Connection,
        request: httpx.Request,
        timeouts: dict[str, float | None],
    ) -> httpx.Response:
        """Send `request` on `conn` and read the response head; the body streams later."""
        write_s = timeouts.get("write")
        conn.bytes_in = 0
        try:
            await conn.send(_head(conn, request), write_s)
            if isinstance(request.stream, httpx.AsyncByteStream):
                async for chunk in request.stream:
                    if chunk:
                        await conn.send(conn.h11.send(h11.Data(data=chunk)) or b"", write_s)
            await conn.send(conn.h11.send(h11.EndOfMessage()) or b"", write_s)
            while True:
                event = await conn.receive(timeouts.get("read"))
                if isinstance(event, h11.Response):
                    break
                if isinstance(event, h11.ConnectionClosed):
                    raise httpx.RemoteProtocolError("server closed the connection, no response")
        except BaseException:
            conn.close()
            raise
        body = _ResponseBody(self, origin, conn, timeouts.get("read"))
        return httpx.Response(
            event.status_code,
            headers=event.headers.raw_items(),
            stream=body,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": event.reason},
        )

    def _reuse(self, origin: Origin, policy: AddressPolicy) -> _Connection | None:
        conns = self._idle.get(origin)
        now = time.monotonic()
        while conns:
            conn = conns.pop()
            if conn.is_usable(now, self._expiry_s) and policy.problem(conn.address) is None:
                return conn
            conn.close()
        return None

    def _release(self, origin: Origin, conn: _Connection, *, complete: bool) -> None:
        state = conn.h11
        if complete and state.our_state is h11.DONE and state.their_state is h11.DONE:
            state.start_next_cycle()
            conns = self._idle.setdefault(origin, [])
            if len(conns) < self._max_idle:
                conn.idle_since = time.monotonic()
                conns.append(conn)
                return
        conn.close()

    async def _connect(
        self, origin: Origin, addresses: list[IPAddress], timeout_s: float | None
    ) -> _Connection:
        """A connection to the first of `addresses` (already checked) that answers."""
        scheme, host, port = origin
        context = self._tls_context() if scheme == "https" else None
        failure: httpx.ConnectError | httpx.ConnectTimeout | None = None
        for address in addresses:
            where = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
            try:
                async with asyncio.timeout(timeout_s):
                    reader, writer = await asyncio.open_connection(
                        str(address),
                        port,
                        ssl=context,
                        server_hostname=host if context else None,
                        limit=_STREAM_LIMIT,
                    )
            except TimeoutError:
                failure = httpx.ConnectTimeout(f"timed out connecting to {where}")
            except ConnectionRefusedError:
                failure = httpx.ConnectError(f"connection refused at {where}")
            except OSError as exc:  # unreachable, reset, TLS (ssl.SSLError is an OSError)
                failure = httpx.ConnectError(f"{exc.strerror or exc} at {where}")
            else:
                return _Connection(reader, writer, address)
        assert failure is not None  # `addresses` is never empty
        raise failure

    def _tls_context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = httpx.create_ssl_context()
        return self._ssl_context


def origin_of(url: httpx.URL) -> Origin:
    """(scheme, host, port) of `url`, the port filled in from the scheme."""
    return (url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme, 80))


async def checked_addresses(
    origin: Origin, policy: AddressPolicy, url: str, timeout_s: float | None
) -> list[IPAddress]:
    """The addresses of the origin's host that `policy` lets us reach, in resolver order.

    HostDenied when there are answers but none may be reached: the first one's problem.
    """
    _, host, port = origin
    literal = host_address(host)
    if literal is not None:
        found = [literal]
    else:
        found = await _resolve(host, port, timeout_s)
    allowed = [a for a in found if policy.problem(a) is None]
    if not allowed:
        raise HostDenied(
            url, f"{host} resolves only to barred addresses: {policy.problem(found[0])}"
        )
    return allowed


async def _resolve(host: str, port: int, timeout_s: float | None) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout_s):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError as exc:
        raise httpx.ConnectTimeout(f"timed out resolving {host}") from exc
    except OSError as exc:  # socket.gaierror: no such name, no network
        raise httpx.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
    found: list[IPAddress] = []
    for info in infos:
        address = host_address(str(info[4][0]))
        if address is not None and address not in found:
            found.append(address)
    if not found:
        raise httpx.ConnectError(f"cannot resolve {host}: no address")
    return found


def _head(conn: _Connection, request: httpx.Request) -> bytes:
    """The request line and headers; Host first, as RFC 9112 §3.2 asks."""
    headers = request.headers.raw
    host = [(k, v) for k, v in headers if k.lower() == b"host"]
    rest = [(k, v) for k, v in headers if k.lower() != b"host"]
    method, target = request.method.encode("ascii"), request.url.raw_path
    try:
        return conn.h11.send(h11.Request(method=method, target=target, headers=host + rest)) or b""
    except h11.LocalProtocolError as exc:
        raise httpx.LocalProtocolError(str(exc)) from exc
