"""Content-Encoding decoded in bounded steps: bombs come out a step at a time, stacked layers
are capped at two, unknown codings and corrupt data are FetchErrors naming the URL."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import pytest

from scraper.errors import FetchError
from scraper.fetch.decoding import MAX_LAYERS, STEP_BYTES, BodyDecoder

URL = "http://news.test/"
TEXT = b"<html><body>" + b"story " * 50_000 + b"</body></html>"


def _bomb(inflated: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * 2**20
    return b"".join([*(packer.compress(block) for _ in range(inflated // 2**20)), packer.flush()])


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def _chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


def _decode(data: bytes, encoding: str | None) -> bytes:
    decoder = BodyDecoder(encoding, url=URL)
    pieces = [p for chunk in _chunks(data) for p in decoder.feed(chunk)]
    return b"".join([*pieces, *decoder.finish()])


ROUND_TRIPS = {
    "identity": (TEXT, None),
    "identity-named": (TEXT, "identity"),
    "gzip": (gzip.compress(TEXT), "gzip"),
    "x-gzip": (gzip.compress(TEXT), "x-gzip"),
    "deflate-zlib": (zlib.compress(TEXT), "deflate"),
    "deflate-raw": (_raw_deflate(TEXT), "deflate"),
    "gzip-gzip": (gzip.compress(gzip.compress(TEXT)), "gzip, gzip"),
    "deflate-then-gzip": (gzip.compress(zlib.compress(TEXT)), "deflate, gzip"),
    "trailing-garbage": (gzip.compress(TEXT) + b"junk", "gzip"),
}


@pytest.mark.parametrize(("data", "encoding"), ROUND_TRIPS.values(), ids=ROUND_TRIPS)
def test_decodes_what_servers_send(data: bytes, encoding: str | None) -> None:
    assert _decode(data, encoding) == TEXT


@pytest.mark.parametrize("stacked", [False, True], ids=["gzip-bomb", "stacked-gzip-bomb"])
def test_a_bomb_comes_out_one_bounded_step_at_a_time(stacked: bool) -> None:
    bomb = _bomb(256 * 2**20)
    data, encoding = (gzip.compress(bomb), "gzip, gzip") if stacked else (bomb, "gzip")
    decoder = BodyDecoder(encoding, url=URL)
    total = largest = 0
    for chunk in _chunks(data):
        for piece in decoder.feed(chunk):
            total += len(piece)
            largest = max(largest, len(piece))
            if total > 16 * 2**20:  # where the fetcher's cap would stop reading
                break
        if total > 16 * 2**20:
            break
    assert total > 16 * 2**20
    assert largest <= STEP_BYTES


REFUSED = {
    "three-layers": ("gzip, gzip, gzip", f"stacks 3 encodings; at most {MAX_LAYERS} are read"),
    "brotli": ("br", "unsupported Content-Encoding 'br'"),
    "zstd": ("gzip, zstd", "unsupported Content-Encoding 'zstd'"),
}


@pytest.mark.parametrize(("encoding", "reason"), REFUSED.values(), ids=REFUSED)
def test_refused_encodings_name_the_url(encoding: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason) as info:
        BodyDecoder(encoding, url=URL)
    assert info.value.url == URL


def test_corrupt_gzip_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="bad gzip data"):
        _decode(b"\x1f\x8b\x08\x00garbage-garbage-garbage", "gzip")
