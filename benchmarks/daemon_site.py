"""The daemon benchmarks' site: N listing sources on one asyncio HTTP/1.1 server, in its own
process, adding a random latency to every answer and logging each request's arrival.

`/s{i}/` is a page of `cards` cards with an ETag (answered 304 to a matching If-None-Match), so
after its first run each source costs one conditional request. The log is one line per request,
`<unix time> <path> <status>`, flushed per line for the harness to read.

    python -m benchmarks.daemon_site --port 8700 --latency 0.1-0.3 --log requests.log
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import time
from typing import TextIO

__all__ = ["page_body", "serve"]


def page_body(path: str, cards: int) -> bytes:
    """A listing page for `path`: `cards` article cards, the same bytes every time."""
    items = "".join(
        f'<article><h2><a href="{path}story-{n}">Story {n} at {path}</a></h2>'
        f"<p>What happened in story {n}, told in a sentence or two.</p></article>"
        for n in range(cards)
    )
    head = f"<!DOCTYPE html><html><head><title>{path}</title></head>"
    return f"{head}<body>{items}</body></html>".encode()


async def _handle(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    latency: tuple[float, float],
    cards: int,
    log: TextIO,
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {
                k.lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)
            }
            log.write(f"{time.time():.4f} {path}\n")
            log.flush()
            await asyncio.sleep(random.uniform(*latency))
            if path == "/robots.txt":
                status, body, extra = 404, b"", ""
            else:
                body = page_body(path, cards)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                extra = f"ETag: {etag}\r\nContent-Type: text/html; charset=utf-8\r\n"
                status = 304 if headers.get("if-none-match") == etag else 200
                if status == 304:
                    body = b""
            reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\n{extra}Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        pass
    finally:
        writer.close()


async def serve(port: int, latency: tuple[float, float], cards: int, log: TextIO) -> None:
    server = await asyncio.start_server(
        lambda r, w: _handle(r, w, latency, cards, log), "127.0.0.1", port, backlog=1024
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", default="0.1-0.3", help="seconds, low-high")
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    low, high = (float(x) for x in args.latency.split("-"))
    with open(args.log, "w", encoding="utf-8") as log:
        asyncio.run(serve(args.port, (low, high), args.cards, log))


if __name__ == "__main__":
    main()
