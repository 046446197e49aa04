"""The address guard behind an HTTP proxy (HTTP_PROXY): the target's addresses are checked
before the request goes to the proxy, so a source may not reach through the proxy what it may
not reach directly. A tiny forward proxy on 127.0.0.1 relays to a loopback site; both log
what they saw."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from loopback import HTML, LoopbackServer, Reply, policy

from scraper.errors import HostDenied
from scraper.fetch import AddressPolicy, Fetcher, Page, build_client, policy_for_urls
from scraper.fetch.proxy import environment_proxies
from tests.scraper.intranet import intranet_name

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding"}
_PROXY_ENV = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
PAGE = b"<!DOCTYPE html><html><body><h1>through the proxy</h1></body></html>"


class ForwardProxy:
    """An HTTP/1.1 forward proxy for plain http: reads the absolute-form request target,
    fetches it itself, relays the answer. `seen` is every target it was asked for."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.seen.append(self.path)
                target = urlsplit(self.path)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
                path = target.path + (f"?{target.query}" if target.query else "")
                upstream.request("GET", path or "/", headers=headers)
                answer = upstream.getresponse()
                body = answer.read()
                upstream.close()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in _HOP_BY_HOP | {"content-length"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    for name in _PROXY_ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    with ForwardProxy() as forward:
        monkeypatch.setenv("HTTP_PROXY", forward.url)
        yield forward


@pytest.fixture
def intranet() -> Iterator[tuple[LoopbackServer, str]]:
    name, address = intranet_name()
    with LoopbackServer(
        {"/page": lambda _req, _hit: Reply(200, PAGE, (("Content-Type", HTML),))}, host=address
    ) as site:
        yield site, name


def _fetch(url: str, addresses: AddressPolicy | None = None) -> Page:
    async def go() -> Page:
        async with build_client(policy()) as client:
            return await Fetcher(client, policy()).fetch(url, addresses=addresses)

    return asyncio.run(go())


def test_an_intranet_name_is_refused_before_the_proxy_hears_of_it(
    proxy: ForwardProxy, intranet: tuple[LoopbackServer, str]
) -> None:
    site, name = intranet
    with pytest.raises(HostDenied, match="resolves only to barred addresses"):
        _fetch(f"http://{name}:{site.port}/page")
    assert proxy.seen == []  # not the page, not robots.txt
    assert site.requests == []


def test_a_granted_intranet_name_goes_through_the_proxy(
    proxy: ForwardProxy, intranet: tuple[LoopbackServer, str]
) -> None:
    site, name = intranet
    url = f"http://{name}:{site.port}/page"
    page = _fetch(url, policy_for_urls([url], private_networks=True))
    assert (page.status, page.text) == (200, PAGE.decode())
    assert proxy.seen == [f"http://{name}:{site.port}/robots.txt", url]
    assert site.hits("/page") == 1


def test_a_loopback_source_goes_through_the_proxy(proxy: ForwardProxy) -> None:
    with LoopbackServer(
        {"/page": lambda _req, _hit: Reply(200, PAGE, (("Content-Type", HTML),))}
    ) as site:
        page = _fetch(site.url("/page"))
    assert page.status == 200
    assert site.url("/page") in proxy.seen


def test_no_proxy_hosts_connect_directly(
    proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with LoopbackServer(
        {"/page": lambda _req, _hit: Reply(200, PAGE, (("Content-Type", HTML),))}
    ) as site:
        page = _fetch(site.url("/page"))
    assert page.status == 200
    assert proxy.seen == []
    assert site.hits("/page") == 1


ENVIRONMENTS = {
    "http-and-exemptions": (
        {"HTTP_PROXY": "127.0.0.1:3128", "NO_PROXY": "10.1.2.3, ::1,localhost,.corp.test,a.test"},
        {
            "http://": "http://127.0.0.1:3128",
            "all://10.1.2.3": None,
            "all://[::1]": None,
            "all://localhost": None,
            "all://*.corp.test": None,
            "all://*a.test": None,
        },
    ),
    "no-proxy-star": ({"HTTPS_PROXY": "http://p.test:1", "NO_PROXY": "*"}, {}),
    "all-and-a-url-pattern": (
        {"ALL_PROXY": "http://p.test:1", "NO_PROXY": "http://b.test"},
        {"all://": "http://p.test:1", "http://b.test": None},
    ),
}


@pytest.mark.parametrize(("env", "want"), ENVIRONMENTS.values(), ids=ENVIRONMENTS)
def test_environment_proxies_read_as_httpx_reads_them(
    env: dict[str, str], want: dict[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in _PROXY_ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert environment_proxies() == want
