"""Content-Encoding decoded in bounded steps, so a compression bomb cannot outgrow the body cap.

httpx inflates each network chunk whole, through every layer a server lists: a 24 KB response
marked `Content-Encoding: gzip, gzip` became gigabytes before our size check saw a byte, and a
single gzip layer peaked near 185 MiB for a 15 MiB cap. Here each layer is a zlib
`decompressobj` asked for at most `STEP_BYTES` at a time (`max_length`), and every piece goes
through the next layer before more is inflated, so memory stays near the cap plus a few steps
whatever the ratio. At most `MAX_LAYERS` encodings are read: a server has no honest reason to
stack more. Only gzip and deflate are decoded, and `ACCEPT_ENCODING` offers only those.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

from scraper.errors import FetchError

__all__ = ["ACCEPT_ENCODING", "MAX_LAYERS", "STEP_BYTES", "BodyDecoder", "decoded"]

ACCEPT_ENCODING = "gzip, deflate"
MAX_LAYERS = 2
STEP_BYTES = 64 * 1024
_IDENTITY = frozenset({"", "identity"})


class _Layer:
    """One encoding: a zlib stream that inflates at most `STEP_BYTES` per call."""

    __slots__ = ("_name", "_raw_deflate", "_z")

    def __init__(self, name: str) -> None:
        self._name = name
        # gzip: its header; deflate: zlib-wrapped as RFC 9110 says, raw as some servers send
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 16 if name in ("gzip", "x-gzip") else 15)
        self._raw_deflate = name == "deflate"

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """Everything `data` inflates to, `STEP_BYTES` at a time; bytes after the stream end
        (trailing garbage) are ignored."""
        while not self._z.eof:
            try:
                out = self._z.decompress(data, STEP_BYTES)
            except zlib.error as exc:
                if self._raw_deflate:  # first bytes were no zlib header: raw deflate
                    self._raw_deflate = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise ValueError(f"bad {self._name} data: {exc}") from exc
            self._raw_deflate = False
            data = self._z.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < STEP_BYTES:  # a full step may leave output pending
                return

    def tail(self) -> Iterator[bytes]:
        if not self._z.eof:
            try:
                out = self._z.flush()
            except zlib.error as exc:
                raise ValueError(f"bad {self._name} data: {exc}") from exc
            if out:
                yield out


class BodyDecoder:
    """Turns raw body chunks into decoded pieces of at most `STEP_BYTES` each.

    `content_encoding` is the header as sent (codings in the order applied). Raises FetchError
    naming `url` for an unknown coding, more than `MAX_LAYERS`, or corrupt data.
    """

    def __init__(self, content_encoding: str | None, *, url: str) -> None:
        names = [c.strip().lower() for c in (content_encoding or "").split(",")]
        names = [n for n in names if n not in _IDENTITY]
        if len(names) > MAX_LAYERS:
            reason = f"Content-Encoding {content_encoding!r} stacks {len(names)} encodings"
            raise FetchError(url, f"{reason}; at most {MAX_LAYERS} are read")
        unknown = [n for n in names if n not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise FetchError(url, f"unsupported Content-Encoding {unknown[0]!r}")
        self._url = url
        self._layers = [_Layer(n) for n in reversed(names)]  # the last applied comes off first

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The pieces one raw chunk decodes to, lazily: each is used before the next exists."""
        try:
            yield from self._through(0, iter((data,)))
        except ValueError as exc:
            raise FetchError(self._url, str(exc)) from exc

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold once the raw body has ended."""
        try:
            for index, layer in enumerate(self._layers):
                yield from self._through(index + 1, layer.tail())
        except ValueError as exc:
            raise FetchError(self._url, str(exc)) from exc

    def _through(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        if index == len(self._layers):
            yield from pieces
            return
        layer = self._layers[index]
        for piece in pieces:
            yield from self._through(index + 1, layer.pieces(piece))


async def decoded(
    raw: AsyncIterator[bytes], content_encoding: str | None, *, url: str
) -> AsyncIterator[bytes]:
    """The decoded body of `raw` (httpx's `aiter_raw()`), in pieces of at most `STEP_BYTES`."""
    decoder = BodyDecoder(content_encoding, url=url)
    async for chunk in raw:
        for piece in decoder.feed(chunk):
            yield piece
    for piece in decoder.finish():
        yield piece
