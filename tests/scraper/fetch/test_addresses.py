"""The address guard: what each host spelling names, what each kind of source may reach, and
that a public source's request never reaches this machine (checked on the server's log)."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from loopback import LoopbackServer

from scraper.errors import HostDenied
from scraper.fetch import Fetcher, FetchPolicy, build_client
from scraper.fetch.addresses import (
    PUBLIC_ONLY,
    AddressKind,
    AddressPolicy,
    address_kind,
    host_address,
    policy_for_urls,
)
from scraper.fetch.transport import ADDRESS_POLICY, LeanTransport

LOOPBACK = AddressKind.LOOPBACK


SPELLINGS = {
    "dotted": ("127.0.0.1", "127.0.0.1"),
    "decimal": ("2130706433", "127.0.0.1"),
    "octal": ("0177.0.0.1", "127.0.0.1"),
    "hex": ("0x7f.0x0.0x0.0x1", "127.0.0.1"),
    "short": ("127.1", "127.0.0.1"),
    "hex-short": ("0x7f.1", "127.0.0.1"),
    "trailing-dot": ("127.0.0.1.", "127.0.0.1"),
    "metadata-decimal": ("2852039166", "169.254.169.254"),
    "ipv6-bracketed": ("[::1]", "::1"),
    "ipv6-mapped": ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    "ipv6-zone": ("fe80::1%eth0", "fe80::1"),
    "name": ("example.org", None),
    "numeric-looking-name": ("1.2.3.example", None),
    "out-of-range": ("1.2.3.256", None),
    "bad-octal": ("09.0.0.1", None),
    "too-many-parts": ("1.2.3.4.5", None),
}


@pytest.mark.parametrize(("host", "want"), SPELLINGS.values(), ids=SPELLINGS)
def test_host_address_reads_every_spelling(host: str, want: str | None) -> None:
    got = host_address(host)
    assert (str(got) if got is not None else None) == want


KINDS = {
    "loopback": ("127.0.0.1", AddressKind.LOOPBACK),
    "loopback-range": ("127.8.9.10", AddressKind.LOOPBACK),
    "ipv6-loopback": ("::1", AddressKind.LOOPBACK),
    "mapped-loopback": ("::ffff:127.0.0.1", AddressKind.LOOPBACK),
    "ten": ("10.1.2.3", AddressKind.PRIVATE),
    "one-seven-two": ("172.16.0.1", AddressKind.PRIVATE),
    "one-nine-two": ("192.168.1.1", AddressKind.PRIVATE),
    "unique-local": ("fd00::1", AddressKind.PRIVATE),
    "metadata": ("169.254.169.254", AddressKind.LINK_LOCAL),
    "ipv6-link-local": ("fe80::1", AddressKind.LINK_LOCAL),
    "mapped-metadata": ("::ffff:169.254.169.254", AddressKind.LINK_LOCAL),
    "unspecified": ("0.0.0.0", AddressKind.UNSPECIFIED),
    "this-network": ("0.1.2.3", AddressKind.UNSPECIFIED),
    "ipv6-unspecified": ("::", AddressKind.UNSPECIFIED),
    "multicast": ("224.0.0.1", AddressKind.RESERVED),
    "shared-cgnat": ("100.64.0.1", AddressKind.RESERVED),
    "public": ("93.184.216.34", AddressKind.PUBLIC),
    "public-v6": ("2606:4700::1111", AddressKind.PUBLIC),
}


@pytest.mark.parametrize(("address", "kind"), KINDS.values(), ids=KINDS)
def test_address_kind(address: str, kind: AddressKind) -> None:
    assert address_kind(ipaddress.ip_address(address)) is kind


POLICIES = {
    "public-name": (["https://news.example.org/"], frozenset({AddressKind.PUBLIC})),
    "loopback-literal": (["http://127.0.0.1:8080/"], frozenset({AddressKind.PUBLIC, LOOPBACK})),
    "localhost": (["http://localhost:8080/"], frozenset({AddressKind.PUBLIC, LOOPBACK})),
    "private-literal": (
        ["http://10.0.0.5/news"],
        frozenset({AddressKind.PUBLIC, AddressKind.PRIVATE}),
    ),
    "not-a-url": (["http://[::1/"], frozenset({AddressKind.PUBLIC})),
}


@pytest.mark.parametrize(("urls", "reachable"), POLICIES.values(), ids=POLICIES)
def test_a_source_may_reach_what_its_own_urls_name(
    urls: list[str], reachable: frozenset[AddressKind]
) -> None:
    assert policy_for_urls(urls).reachable == reachable


BARRED = ["127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "localhost", "a.localhost"]
BARRED += ["169.254.169.254", "10.0.0.1", "0.0.0.0", "[::]", "[fe80::1]"]


@pytest.mark.parametrize("host", BARRED)
def test_public_only_bars_every_spelling_of_a_local_host(host: str) -> None:
    assert PUBLIC_ONLY.host_problem(host) is not None
    assert PUBLIC_ONLY.host_problem("news.example.org") is None
    assert AddressPolicy(frozenset(AddressKind)).host_problem(host) is None


POLICY = FetchPolicy(
    user_agent="tidings-test/1.0",
    timeout_s=2.0,
    max_body_bytes=2**20,
    max_redirects=3,
    delay_s=0.0,
    concurrency_per_host=4,
    max_attempts=1,
    obey_robots=True,
)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "localhost"]
)
@pytest.mark.anyio
async def test_a_public_source_never_reaches_loopback(site: LoopbackServer, host: str) -> None:
    url = f"http://{host}:{site.port}/page"
    async with build_client(POLICY) as client:
        with pytest.raises(HostDenied, match="loopback"):
            await Fetcher(client, POLICY).fetch(url, addresses=PUBLIC_ONLY)
    assert site.requests == []  # not even robots.txt


@pytest.mark.anyio
async def test_dns_answers_are_checked_before_connecting(site: LoopbackServer) -> None:
    """The transport alone (no name check above it): `localhost` resolves, and its answer is
    what bars it."""
    url = f"http://localhost:{site.port}/page"
    async with httpx.AsyncClient(transport=LeanTransport()) as client:
        with pytest.raises(HostDenied, match="resolves only to barred addresses"):
            await client.get(url, extensions={ADDRESS_POLICY: PUBLIC_ONLY})
    assert site.requests == []


@pytest.mark.anyio
async def test_a_pooled_connection_is_not_reused_past_the_policy(site: LoopbackServer) -> None:
    async with build_client(POLICY) as client:
        fetcher = Fetcher(client, POLICY)
        await fetcher.fetch(site.url("/page"))  # a loopback source: allowed, pooled
        seen = len(site.requests)
        with pytest.raises(HostDenied):
            await fetcher.fetch(site.url("/page"), addresses=PUBLIC_ONLY)
    assert len(site.requests) == seen


@pytest.mark.anyio
async def test_a_loopback_source_may_use_loopback(site: LoopbackServer) -> None:
    async with build_client(POLICY) as client:
        page = await Fetcher(client, POLICY).fetch(site.url("/page"))
    assert page.status == 200


@pytest.mark.anyio
async def test_next_page_off_the_sources_hosts_is_never_asked(site: LoopbackServer) -> None:
    async with build_client(POLICY) as client:
        with pytest.raises(HostDenied, match="not one of the source's hosts"):
            await Fetcher(client, POLICY).fetch(
                site.url("/page", host="localhost"), allowed_hosts=frozenset({"127.0.0.1"})
            )
    assert site.requests == []


def test_httpx_keeps_numeric_hosts_for_the_guard_to_read() -> None:
    """The guard reads `httpx.URL(...).host`; httpx must not resolve or rewrite it first."""
    assert httpx.URL("http://2130706433/").host == "2130706433"


def _networks(*texts: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(t) for t in texts)


GRANTS = {
    # (allow_private_networks, address, may it be reached?)
    "true-private": (True, "10.1.2.3", True),
    "true-loopback": (True, "127.0.0.1", True),
    "true-unique-local-v6": (True, "fd00::1", True),
    "true-not-metadata": (True, "169.254.169.254", False),
    "true-not-unspecified": (True, "0.0.0.0", False),
    "list-inside": (_networks("10.20.0.0/16"), "10.20.9.9", True),
    "list-outside": (_networks("10.20.0.0/16"), "10.21.0.1", False),
    "list-mapped-v6": (_networks("10.20.0.0/16"), "::ffff:10.20.0.5", True),
    "list-not-loopback": (_networks("10.20.0.0/16"), "127.0.0.1", False),
    "wide-list-not-metadata": (_networks("0.0.0.0/0"), "169.254.169.254", False),
    "wide-list-not-unspecified": (_networks("0.0.0.0/0"), "0.0.0.0", False),
    "metadata-listed": (_networks("169.254.169.254/32"), "169.254.169.254", True),
    "metadata-listed-only-itself": (_networks("169.254.169.254/32"), "169.254.1.1", False),
    "false": (False, "10.1.2.3", False),
}


@pytest.mark.parametrize(("grant", "address", "reachable"), GRANTS.values(), ids=GRANTS)
def test_allow_private_networks_grants_exactly_what_it_says(
    grant: bool | tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...],
    address: str,
    reachable: bool,
) -> None:
    policy = policy_for_urls(["https://news.example.org/"], private_networks=grant)
    assert (policy.problem(ipaddress.ip_address(address)) is None) is reachable


def test_true_grants_the_localhost_name_and_a_list_of_loopback_too() -> None:
    urls = ["https://news.example.org/"]
    assert policy_for_urls(urls, private_networks=True).host_problem("localhost") is None
    listed = policy_for_urls(urls, private_networks=_networks("127.0.0.0/8"))
    assert listed.host_problem("localhost") is None
    assert policy_for_urls(urls).host_problem("localhost") is not None
