"""A hostile site on 127.0.0.1: every fault issue #12 lists, one source path each, plus healthy
sources, served by `LoopbackServer` so a test crawls all of it in one run.

`fault_site()` gives the routes and `fault_config()` the config.yaml that crawls them (one
source per fault, named for it). `EXPECTED` says what each source must end as: "ok", or
"failed" with a fragment of its error. Healthy titles are listed, so a test can check every
one was stored exactly once and decoded exactly right. Big bodies (the 4 GiB plain body, the
bombs' inflated sizes) are streamed or compressed piece by piece, never built in memory.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html import escape

import yaml
from loopback import Handler, LoopbackServer, RecordedRequest, Reply

__all__ = [
    "BOMB_INFLATED_BYTES",
    "EXPECTED",
    "HEALTHY_TITLES",
    "NEVER_REQUESTED",
    "PLAIN_BODY_BYTES",
    "RETRY_AFTER_S",
    "Expected",
    "fault_config",
    "fault_site",
]

HTML = "text/html; charset=utf-8"
RETRY_AFTER_S = 1
PLAIN_BODY_BYTES = 4 * 2**30  # the multi-gigabyte body, streamed 64 KiB at a time
BOMB_INFLATED_BYTES = 2**30  # what the gzip bomb inflates to
DEEP_LEVELS = 90_000  # nested <div>, under the element bound: lexbor alone would take ~10 s
TINY_ELEMENTS = 1_900_000  # flat <i></i>: 13 MB, under the 15 MiB body cap
CHARSET_TITLE = "Café ñandú — Zürich, 5 €"


@dataclass(frozen=True, slots=True)
class Expected:
    status: str  # "ok" or "failed"
    error: str = ""  # a fragment of the run's error (failed) or a counter that must be set (ok)


def _card(path: str, title: str) -> str:
    return f'<article><h2><a href="{escape(path)}">{escape(title)}</a></h2></article>'


def _listing(cards: list[tuple[str, str]], *, next_href: str | None = None, head: str = "") -> str:
    body = "".join(_card(p, t) for p, t in cards)
    nav = f'<a rel="next" href="{escape(next_href)}">next</a>' if next_href else ""
    return f"<!doctype html><html><head>{head}</head><body>{body}{nav}</body></html>"


def _titles(prefix: str, page: int, count: int = 3) -> list[tuple[str, str]]:
    return [(f"/{prefix}/story-{page}-{n}", f"{prefix} story {page}.{n}") for n in range(count)]


def _ok(html: str | bytes, content_type: str = HTML, *extra: tuple[str, str]) -> Handler:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return lambda _req, _hit: Reply(200, body, (("Content-Type", content_type), *extra))


# What the healthy sources list: healthy-a over three pages, healthy-b on one, dupes over two.
_PAGES: dict[str, str] = {
    "/healthy-a/": _listing(_titles("healthy-a", 1), next_href="/healthy-a/page2"),
    "/healthy-a/page2": _listing(_titles("healthy-a", 2), next_href="/healthy-a/page3"),
    "/healthy-a/page3": _listing(_titles("healthy-a", 3)),
    "/healthy-b/": _listing(_titles("healthy-b", 1, 4)),
    "/dupes/": _listing(_titles("dupes", 1), next_href="/dupes/page2"),
    "/dupes/page2": _listing(
        [
            ("/dupes/story-1-0?utm_source=feed&utm_medium=rss", "dupes story 1.0"),
            ("/dupes/story-1-1", "dupes story 1.1"),
            *_titles("dupes", 2, 2),
        ]
    ),
    "/offsite-next/": _listing(
        _titles("offsite-next", 1), next_href="http://news.example.invalid/offsite-next/page2"
    ),
    "/private-next/": _listing(_titles("private-next", 1), next_href="http://10.1.2.3/page2"),
    "/base-href/": _listing(
        _titles("base-href", 1),
        next_href="page2",
        head='<base href="http://elsewhere.example.invalid/base-href/">',
    ),
    "/robots-next/": _listing(_titles("robots-next", 1), next_href="/robots-next/page2"),
    "/robots-next/page2": _listing(_titles("robots-next", 2)),
    "/etag/": _listing(_titles("etag", 1)),
    "/retry-503/": _listing(_titles("retry-503", 1)),
    "/retry-429/": _listing(_titles("retry-429", 1)),
}

HEALTHY_TITLES: dict[str, set[str]] = {
    "healthy-a": {f"healthy-a story {p}.{n}" for p in (1, 2, 3) for n in range(3)},
    "healthy-b": {f"healthy-b story 1.{n}" for n in range(4)},
    "dupes": {f"dupes story 1.{n}" for n in range(3)} | {f"dupes story 2.{n}" for n in range(2)},
    "offsite-next": {f"offsite-next story 1.{n}" for n in range(3)},
    "private-next": {f"private-next story 1.{n}" for n in range(3)},
    "unspecified-next": {f"unspecified-next story 1.{n}" for n in range(3)},
    "base-href": {f"base-href story 1.{n}" for n in range(3)},
    "robots-next": {f"robots-next story 1.{n}" for n in range(3)},
    "etag": {f"etag story 1.{n}" for n in range(3)},
    "retry-503": {"retry-503 story 1.0", "retry-503 story 1.1", "retry-503 story 1.2"},
    "retry-429": {"retry-429 story 1.0", "retry-429 story 1.1", "retry-429 story 1.2"},
    "nul-bytes": {"nul story one", "nul story two"},
    **{f"charset-{k}": {CHARSET_TITLE} for k in ("meta", "header", "utf16", "wrong-label")},
    "charset-meta-utf16": {CHARSET_TITLE},
}

EXPECTED: dict[str, Expected] = {
    **{name: Expected("ok") for name in HEALTHY_TITLES},
    "offsite-next": Expected("ok", "walk/stopped/host_denied"),
    "private-next": Expected("ok", "walk/stopped/host_denied"),
    "unspecified-next": Expected("ok", "walk/stopped/host_denied"),
    "base-href": Expected("ok", "walk/stopped/host_denied"),
    "robots-next": Expected("ok", "walk/stopped/robots_denied"),
    "no-first-byte": Expected("failed", "no complete answer within 2 s after 3 attempts"),
    "drip": Expected("failed", "no complete answer within 2 s after 3 attempts"),
    "reset": Expected("failed", "connection reset by peer after"),
    "short-body": Expected("failed", "after 3 attempts"),
    "always-500": Expected("failed", "HTTP 500 after 3 attempts"),
    "redirect-loop": Expected("failed", "more than 5 redirects, looping through"),
    "offsite-redirect": Expected("failed", "leaves the allowed hosts"),
    "private-redirect": Expected("failed", "169.254.169.254 is a link-local address"),
    "gzip-bomb": Expected("failed", "body exceeds max_body_bytes"),
    "stacked-gzip-bomb": Expected("failed", "body exceeds max_body_bytes"),
    "triple-gzip": Expected("failed", "stacks 3 encodings; at most 2 are read"),
    "huge-body": Expected("failed", "body exceeds max_body_bytes"),
    "deep-nesting": Expected("failed", "elements nested more than 4096 deep"),
    "tiny-elements": Expected("failed", "elements, more than the 100000 we parse"),
    "png": Expected("failed", "not HTML or a feed: image/png"),
    "empty": Expected("failed", "empty body"),
    "json-error": Expected("failed", "not HTML or a feed: application/json"),
    "dead-host": Expected("failed", "connection refused at 127.0.0.1:"),
}

# Paths no request may ever reach: robots.txt disallows the first; the others sit on other
# hosts, or on 0.0.0.0 (which Linux would connect to this very server, were it not barred).
NEVER_REQUESTED = (
    "/robots-next/page2",
    "/unspecified-next/page2",
    "/base-href/page2",
    "/offsite-next/page2",
    "/latest/meta-data/",
)


def _robots() -> bytes:
    return b"User-agent: *\nDisallow: /robots-next/page2\n"


def _fails_then(failure: Reply, times: int, page: str) -> Handler:
    body = page.encode()
    return lambda _req, hit: (
        failure if hit <= times else Reply(200, body, (("Content-Type", HTML),))
    )


def _etag(req: RecordedRequest, _hit: int) -> Reply:
    tag = (("ETag", '"etag-v1"'),)
    if req.headers.get("if-none-match") == '"etag-v1"':
        return Reply(304, b"", tag)
    return Reply(200, _PAGES["/etag/"].encode(), (("Content-Type", HTML), *tag))


def _unspecified_next(req: RecordedRequest, _hit: int) -> Reply:
    port = req.headers["host"].rsplit(":", 1)[1]
    page = _listing(
        _titles("unspecified-next", 1), next_href=f"http://0.0.0.0:{port}/unspecified-next/page2"
    )
    return Reply(200, page.encode(), (("Content-Type", HTML),))


def _drip() -> Iterator[bytes]:
    for byte in b"<html><body>never finished</body></html>":
        time.sleep(1.0)
        yield bytes([byte])


def _plain_body() -> Iterator[bytes]:
    block = b"a" * 65536
    for _ in range(PLAIN_BODY_BYTES // len(block)):
        yield block


@cache
def _gzip_bomb() -> bytes:
    """gzip of BOMB_INFLATED_BYTES of spaces, compressed a MiB at a time (about 1 MB out)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * 2**20
    parts = [packer.compress(block) for _ in range(BOMB_INFLATED_BYTES // len(block))]
    return b"".join([*parts, packer.flush()])


def _deep() -> Iterator[bytes]:
    yield b"<html><body>"
    yield b"<div>" * DEEP_LEVELS
    yield b"deep</body></html>"


def _charset_pages() -> dict[str, Handler]:
    def page(name: str, head: str = "") -> str:
        card = _card(f"/charset-{name}/story", CHARSET_TITLE)
        return f"<html><head>{head}</head><body>{card}</body></html>"

    return {
        "/charset-meta/": _ok(
            page("meta", '<meta charset="windows-1252">').encode("cp1252"), "text/html"
        ),
        "/charset-header/": _ok(page("header").encode("cp1252"), "text/html; charset=windows-1252"),
        "/charset-utf16/": _ok(page("utf16").encode("utf-16"), "text/html"),  # with its BOM
        # labels to ignore: UTF-7 is no web encoding, and a meta cannot claim UTF-16
        "/charset-wrong-label/": _ok(
            page("wrong-label").encode("utf-8"), "text/html; charset=utf-7"
        ),
        "/charset-meta-utf16/": _ok(
            page("meta-utf16", '<meta charset="utf-16">').encode("utf-8"), "text/html"
        ),
    }


def fault_site() -> dict[str, Handler]:
    """Every fault's route, and the healthy pages."""
    bomb = _gzip_bomb()
    stacked = gzip.compress(bomb)
    nul = _listing([("/nul/1", "nul story one"), ("/nul/2", "nul story two")])
    nul_body = nul.replace("<article>", "<article>\x00").encode() + b"\x00\x00<div <<>"
    routes: dict[str, Handler] = {path: _ok(html) for path, html in _PAGES.items()}
    routes.update(_charset_pages())
    routes.update(
        {
            "/robots.txt": _ok(_robots(), "text/plain"),
            "/etag/": _etag,
            "/unspecified-next/": _unspecified_next,
            "/unspecified-next/page2": _ok(_listing(_titles("unspecified-next", 2))),
            "/retry-503/": _fails_then(Reply(503, b"busy"), 2, _PAGES["/retry-503/"]),
            "/retry-429/": _fails_then(
                Reply(429, b"slow", (("Retry-After", str(RETRY_AFTER_S)),)),
                2,
                _PAGES["/retry-429/"],
            ),
            "/no-first-byte/": lambda _r, _h: Reply(200, b"late", delay_s=60.0),
            "/drip/": lambda _r, _h: Reply(200, headers=(("Content-Type", HTML),), stream=_drip),
            "/reset/": lambda _r, _h: Reply(
                200, b"<html><body>half", content_length=9000, reset=True
            ),
            "/short-body/": lambda _r, _h: Reply(200, b"<html><body>short", content_length=5000),
            "/always-500/": lambda _r, _h: Reply(500, b"boom"),
            "/redirect-loop/": lambda _r, _h: Reply(
                302, headers=(("Location", "/redirect-loop/b"),)
            ),
            "/redirect-loop/b": lambda _r, _h: Reply(
                302, headers=(("Location", "/redirect-loop/"),)
            ),
            "/offsite-redirect/": lambda _r, _h: Reply(
                302, headers=(("Location", "http://elsewhere.example.invalid/"),)
            ),
            "/private-redirect/": lambda _r, _h: Reply(
                302, headers=(("Location", "http://169.254.169.254/latest/meta-data/"),)
            ),
            "/gzip-bomb/": _ok(bomb, HTML, ("Content-Encoding", "gzip")),
            "/stacked-gzip-bomb/": _ok(stacked, HTML, ("Content-Encoding", "gzip, gzip")),
            "/triple-gzip/": _ok(
                gzip.compress(gzip.compress(gzip.compress(nul.encode()))),
                HTML,
                ("Content-Encoding", "gzip, gzip, gzip"),
            ),
            "/huge-body/": lambda _r, _h: Reply(
                200,
                headers=(("Content-Type", HTML),),
                stream=_plain_body,
                content_length=PLAIN_BODY_BYTES,
            ),
            "/deep-nesting/": lambda _r, _h: Reply(
                200, headers=(("Content-Type", HTML),), stream=_deep
            ),
            "/tiny-elements/": _ok(b"<html><body>" + b"<i></i>" * TINY_ELEMENTS),
            "/png/": _ok(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
            "/empty/": _ok(b""),
            "/json-error/": _ok(b'{"error": "internal"}', "application/json"),
            "/nul-bytes/": _ok(nul_body),
        }
    )
    return routes


def fault_config(server: LoopbackServer, *, dead_port: int, database: str) -> str:
    """config.yaml text: one source per fault and healthy source, selectors for the cards."""
    sources: list[dict[str, object]] = []
    for name in EXPECTED:
        url = server.url(f"/{name}/")
        if name == "dead-host":
            url = f"http://127.0.0.1:{dead_port}/"
        source: dict[str, object] = {
            "name": name,
            "url": url,
            "items": "article",
            "fields": {"title": "h2 a", "url": "h2 a@href"},
            "next_page": "a[rel=next]@href",
            "auto_fallback": False,
        }
        if name == "private-redirect":
            source["hosts"] = ["169.254.169.254"]  # listed, yet a link-local address
        if name == "unspecified-next":
            source["hosts"] = ["0.0.0.0"]  # listed, yet the unspecified address
        sources.append(source)
    config = {
        "database": database,
        "user_agent": "tidings-faults/1.0 (+http://127.0.0.1/)",
        "defaults": {
            "timeout": "2s",
            "retries": 2,
            "delay": "0s",
            "concurrency_per_host": 16,
            "max_pages": 5,
        },
        "sources": sources,
    }
    return yaml.safe_dump(config, sort_keys=False)
