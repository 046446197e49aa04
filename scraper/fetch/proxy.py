"""The address guard in front of an HTTP proxy: the target's addresses are checked before the
request is handed to the proxy.

Through a proxy the client connects to the proxy, not the target, so `LeanTransport`'s check
before connecting never sees the target's addresses, and the proxy would happily fetch
`http://intranet.local/` or the metadata service for a hostile page. So each request first
resolves the target's host here and checks every answer against the source's
`AddressPolicy` (`transport.checked_addresses`, the same check a direct connection gets): a
host with no allowed address is refused with HostDenied and the proxy never hears of it.

What this cannot do: the proxy resolves the name again, itself. A name whose DNS answer
changes between our lookup and the proxy's (DNS rebinding), or a proxy whose resolver answers
differently from ours (split horizon), can still lead it somewhere our check did not see; the
proxy's own access rules are the last line there. A target that this machine cannot resolve
at all is refused (`cannot resolve ...`): we will not send what we could not check.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.request import getproxies

import httpx

from scraper.fetch.addresses import policy_for_urls
from scraper.fetch.transport import ADDRESS_POLICY, checked_addresses, origin_of

__all__ = ["GuardedProxy", "environment_proxies", "proxy_mounts"]


class GuardedProxy(httpx.AsyncBaseTransport):
    """A proxy transport (`inner`) whose requests pass the address guard first."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        policy = request.extensions.get(ADDRESS_POLICY) or policy_for_urls([str(url)])
        timeouts: Mapping[str, float | None] = request.extensions.get("timeout", {})
        await checked_addresses(origin_of(url), policy, str(url), timeouts.get("connect"))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def environment_proxies() -> dict[str, str | None]:
    """httpx URL patterns to proxy URLs from HTTP_PROXY, HTTPS_PROXY and ALL_PROXY, and to None
    for the hosts NO_PROXY exempts; NO_PROXY=* means no proxy at all. The same reading as
    httpx's own for a client without a transport (curl's NO_PROXY rules: `example.org` covers
    its subdomains, an address or `localhost` only itself), through the public `getproxies`.
    """
    found = getproxies()
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if found.get(scheme):
            proxy = found[scheme]
            mounts[f"{scheme}://"] = proxy if "://" in proxy else f"http://{proxy}"
    for entry in (e.strip() for e in found.get("no", "").split(",")):
        if entry == "*":
            return {}
        if not entry:
            continue
        if "://" in entry:
            mounts[entry] = None
        elif (version := _ip_version(entry)) is not None:
            mounts[f"all://[{entry}]" if version == 6 else f"all://{entry}"] = None
        elif entry.lower() == "localhost":
            mounts[f"all://{entry}"] = None
        else:
            mounts[f"all://*{entry}"] = None
    return mounts


def _ip_version(entry: str) -> int | None:
    """4 or 6 when a NO_PROXY entry is an address (or network), None for a name."""
    try:
        return ipaddress.ip_address(entry.split("/", 1)[0]).version
    except ValueError:
        return None


def proxy_mounts(
    proxies: Mapping[str, str | None], *, limits: httpx.Limits
) -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx mounts for `proxies`: each proxy behind the guard; an exempt pattern (None) goes
    to the client's own transport, `LeanTransport`, which guards its connections itself."""
    return {
        pattern: None
        if proxy is None
        else GuardedProxy(httpx.AsyncHTTPTransport(proxy=proxy, limits=limits))
        for pattern, proxy in proxies.items()
    }
