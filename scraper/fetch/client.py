"""The crawl's one HTTP client, and the `FetchPolicy` it and the fetcher are built from.

All fetch defaults that config.yaml does not set live here, once (httpx keeps its own in
`_config.py` the same way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from scraper.fetch.decoding import ACCEPT_ENCODING
from scraper.fetch.politeness import HostLimits
from scraper.fetch.proxy import environment_proxies, proxy_mounts
from scraper.fetch.transport import LeanTransport

__all__ = ["DEFAULT_LIMITS", "FetchPolicy", "build_client"]

DEFAULT_BACKOFF_MAX_S = 30.0
DEFAULT_RETRY_AFTER_MAX_S = 120.0
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """How we fetch: identity, limits, politeness and retries. Units are in the names.

    The values config.yaml sets have no default here: `config.Defaults` holds them, once, and
    `crawl.sources.fetch_policy` passes them down. `host_limits` are the hosts with their own
    delay or concurrency, already merged across sources.
    """

    user_agent: str
    timeout_s: float
    max_body_bytes: int
    max_redirects: int
    delay_s: float
    concurrency_per_host: int
    max_attempts: int
    obey_robots: bool
    host_limits: Mapping[str, HostLimits] = field(default_factory=dict)
    backoff_max_s: float = DEFAULT_BACKOFF_MAX_S
    retry_after_max_s: float = DEFAULT_RETRY_AFTER_MAX_S


def build_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """The crawl's one client: keep-alive pool, our User-Agent, timeouts, no auto-redirects.

    Requests go through `LeanTransport` (a third of httpx's default per-request CPU). When the
    environment names a proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY; NO_PROXY as httpx reads
    it), requests it covers go through httpx's proxy transport behind the address guard
    (`proxy.GuardedProxy`); the hosts NO_PROXY exempts stay on `LeanTransport`.
    Cookies a site sets are kept and sent back (a site may set one and redirect).
    The caller owns it: `async with build_client(policy) as client: ...`.
    """
    client = httpx.AsyncClient(
        headers={
            "User-Agent": policy.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,  # what `decoding` reads, whatever httpx could
        },
        timeout=httpx.Timeout(policy.timeout_s),
        limits=DEFAULT_LIMITS,
        follow_redirects=False,
        max_redirects=policy.max_redirects,
        transport=LeanTransport(),
        mounts=proxy_mounts(environment_proxies(), limits=DEFAULT_LIMITS),
    )
    # The client's own jar, swapped for one that skips responses without Set-Cookie. Should
    # httpx rename the attribute, this only sets an unused one: cookies work as before.
    client._cookies = _SetCookieJar(client.cookies)
    return client


class _SetCookieJar(httpx.Cookies):
    """httpx.Cookies that reads only responses with a Set-Cookie header.

    httpx wraps every response and its request for `http.cookiejar` before looking for the
    header: 5% of a crawl's CPU (py-spy), for pages that almost never set cookies.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)
