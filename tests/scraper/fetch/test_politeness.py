"""HostPolicy and host names: per-host gaps and limits, without a network."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from scraper.fetch.politeness import (
    HostLimits,
    HostPolicy,
    host_of,
    merge_host_limits,
    normalize_host,
)

pytestmark = pytest.mark.anyio

HOSTS = {
    "lower-case": ("Example.ORG", "example.org"),
    "port-dropped": ("127.0.0.1:8642", "127.0.0.1"),
    "idna": ("Bücher.de", "xn--bcher-kva.de"),
    "punycode-kept": ("xn--bcher-kva.de", "xn--bcher-kva.de"),
    "ipv6": ("::1", "::1"),
}


@pytest.mark.parametrize(("name", "want"), HOSTS.values(), ids=HOSTS)
def test_normalize_host(name: str, want: str) -> None:
    assert normalize_host(name) == want
    assert host_of(f"http://{name if name != '::1' else '[::1]'}/x") == want


def test_raise_delay_never_lowers() -> None:
    hosts = HostPolicy(delay_s=1.0, concurrency=2)
    hosts.raise_delay("a.test", 0.2)
    assert hosts.delay_for("a.test") == 1.0
    hosts.raise_delay("A.test:443", 3.0)
    assert (hosts.delay_for("a.test"), hosts.delay_for("b.test")) == (3.0, 1.0)


def test_host_limits_set_then_keep_the_strictest() -> None:
    # a source may ask for less than the default
    hosts = HostPolicy(delay_s=1.0, concurrency=2, hosts={"a.test": HostLimits(delay_s=0.0)})
    assert (hosts.delay_for("a.test"), hosts.delay_for("b.test")) == (0.0, 1.0)
    # two more sources on the same host: merged, the strictest wins
    merged = merge_host_limits(HostLimits(delay_s=0.5), HostLimits(delay_s=0.1, concurrency=3))
    assert merged == HostLimits(delay_s=0.5, concurrency=3)
    assert merge_host_limits(merged, HostLimits(concurrency=1)).concurrency == 1
    hosts = HostPolicy(delay_s=1.0, concurrency=2, hosts={"a.test": merged})
    assert hosts.delay_for("a.test") == 0.5


@pytest.mark.parametrize(
    ("delay_s", "concurrency"), [(-1.0, 1), (0.0, 0)], ids=["negative-delay", "zero-concurrency"]
)
def test_invalid_settings_are_refused(delay_s: float, concurrency: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        HostPolicy(delay_s=delay_s, concurrency=concurrency)
    with pytest.raises(ValueError, match="must be"):
        HostPolicy(
            delay_s=0,
            concurrency=1,
            hosts={"a.test": HostLimits(delay_s=delay_s, concurrency=concurrency)},
        )


async def test_slot_caps_concurrency_and_spaces_starts() -> None:
    hosts = HostPolicy(delay_s=0.05, concurrency=2)
    inside, peak, starts = 0, 0, []
    loop = asyncio.get_running_loop()

    async def request() -> None:
        nonlocal inside, peak
        async with hosts.slot("a.test"):
            starts.append(loop.time())
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.02)
            inside -= 1

    await asyncio.gather(*(request() for _ in range(5)))
    assert peak <= 2
    assert all(b - a >= 0.04 for a, b in itertools.pairwise(starts))


async def test_other_hosts_do_not_wait() -> None:
    hosts = HostPolicy(delay_s=60.0, concurrency=1)
    # b.test is free at once while a.test's only slot is taken.
    async with hosts.slot("a.test"), asyncio.timeout(5), hosts.slot("b.test"):
        assert hosts.delay_for("b.test") == 60.0
