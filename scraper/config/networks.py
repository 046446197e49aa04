"""`allow_private_networks`: which non-public addresses a source may reach, as config writes it.

A source on an intranet (`http://news.corp.internal/`) resolves to a private address, which
the address guard (`scraper.fetch.addresses`) refuses by default. `true` lets the source reach
loopback and private ranges (10/8, 172.16/12, 192.168/16, fc00::/7); a list of networks lets
it reach exactly those. Link-local addresses, the cloud metadata service among them, need a
listed network that is itself link-local (`169.254.169.254/32`): `true` never grants them.
"""

from __future__ import annotations

import ipaddress

__all__ = ["IPNetwork", "PrivateNetworks", "parse_private_networks"]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
PrivateNetworks = bool | tuple[IPNetwork, ...]
_UNSPECIFIED_V4 = ipaddress.IPv4Network("0.0.0.0/8")
_UNSPECIFIED_V6 = ipaddress.IPv6Network("::/128")
_SHAPE = "use true, false, or a list of networks such as [10.20.0.0/16, 192.168.5.7]"


def parse_private_networks(value: object) -> PrivateNetworks:
    """`true`/`false`, or one network or a list of them, each checked (`10.0.0.0/8`; a bare
    address is a /32 or /128). ValueError says which entry is wrong and why."""
    if isinstance(value, bool):
        return value
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list | tuple) or not entries:
        raise ValueError(f"{value!r}: {_SHAPE}")
    return tuple(_network(entry) for entry in entries)


def _network(entry: object) -> IPNetwork:
    if not isinstance(entry, str):
        raise ValueError(f"{entry!r} is not a network: {_SHAPE}")
    try:
        network = ipaddress.ip_network(entry.strip(), strict=True)
    except ValueError as exc:
        raise ValueError(f"{entry!r} is not a network: {exc}") from None
    if network == _UNSPECIFIED_V6 or (
        isinstance(network, ipaddress.IPv4Network) and network.subnet_of(_UNSPECIFIED_V4)
    ):
        raise ValueError(f"{entry!r} is the unspecified address, which no source may reach")
    return network
