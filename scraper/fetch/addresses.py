"""Which addresses a source may reach: a public source never touches this machine or its network.

A listing page is somebody else's HTML, and its links, `<base href>` and redirects are theirs
too. Without a guard, a page could steer the crawler to `http://127.0.0.1:5432/`, to the cloud
metadata service at 169.254.169.254, or to a printer on the office network (server-side
request forgery). So every connection is checked against an `AddressPolicy` twice: the URL's
host when it is an address literal (before robots.txt, so nothing is asked of it), and every
address DNS gives for a name (in `transport`, before connecting, and only a checked address
is connected to, so a second lookup cannot answer differently).

Literal hosts are read the way a browser reads them (WHATWG URL, "IPv4 parser"): decimal
`2130706433`, octal `0177.0.0.1`, hex `0x7f.1`, and IPv4-mapped IPv6 `[::ffff:127.0.0.1]` are
all 127.0.0.1. What a source may reach follows from its own configured URLs: a source on
`http://127.0.0.1:8080/` (the demo, a test server) may use loopback; one on a public name may
use public addresses only, unless config grants more (`allow_private_networks`): `true` adds
loopback and private ranges, a list adds exactly those networks. Link-local addresses (the
cloud metadata service at 169.254.169.254) are reached only through a listed network that is
itself link-local, never through `true` or a wide range like `0.0.0.0/0`; the unspecified
address never. Pure functions, no I/O.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

__all__ = [
    "PRIVATE_KINDS",
    "PUBLIC_ONLY",
    "AddressKind",
    "AddressPolicy",
    "IPAddress",
    "IPNetwork",
    "address_kind",
    "host_address",
    "policy_for_urls",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NUMBER = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")
_UNSPECIFIED_V4 = ipaddress.ip_network("0.0.0.0/8")  # "this network": Linux connects it locally


class AddressKind(StrEnum):
    """Where an address leads; the value reads in a sentence ("a loopback address")."""

    PUBLIC = "public"
    LOOPBACK = "loopback"
    PRIVATE = "private"
    LINK_LOCAL = "link-local"
    UNSPECIFIED = "unspecified"
    RESERVED = "reserved"  # multicast, documentation, shared (CGNAT), other special ranges


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """The kinds of address one source's requests may connect to, and the networks it may
    reach whatever their kind (see the module docstring for link-local)."""

    reachable: frozenset[AddressKind]
    networks: tuple[IPNetwork, ...] = ()

    def problem(self, address: IPAddress) -> str | None:
        """Why `address` may not be reached, or None when it may."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        kind = address_kind(address)
        if kind in self.reachable or self._is_listed(address, kind):
            return None
        return f"{address} is a {kind} address, which this source may not reach"

    def host_problem(self, host: str) -> str | None:
        """Why a URL host may not be reached, judged without DNS (literals and `localhost`)."""
        address = host_address(host)
        if address is not None:
            return self.problem(address)
        if _is_localhost(host) and self.problem(_LOOPBACK) is not None:
            return f"{host} is a loopback name, which this source may not reach"
        return None

    def _is_listed(self, address: IPAddress, kind: AddressKind) -> bool:
        if kind is AddressKind.UNSPECIFIED:
            return False
        for network in self.networks:
            if address.version != network.version or address not in network:
                continue
            if kind is not AddressKind.LINK_LOCAL or _is_link_local(network):
                return True
        return False


PUBLIC_ONLY = AddressPolicy(frozenset({AddressKind.PUBLIC}))
PRIVATE_KINDS = frozenset({AddressKind.LOOPBACK, AddressKind.PRIVATE})  # what `true` grants
_LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


def _is_link_local(network: IPNetwork) -> bool:
    """A network wholly inside the link-local range (169.254/16, fe80::/10)."""
    return network.network_address.is_link_local and network.broadcast_address.is_link_local


def address_kind(address: IPAddress) -> AddressKind:
    """Classify an address; IPv4-mapped IPv6 is judged as the IPv4 address it carries."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified or (
        isinstance(address, ipaddress.IPv4Address) and address in _UNSPECIFIED_V4
    ):
        return AddressKind.UNSPECIFIED
    if address.is_loopback:
        return AddressKind.LOOPBACK
    if address.is_link_local:
        return AddressKind.LINK_LOCAL
    if address.is_multicast or address.is_reserved:
        return AddressKind.RESERVED
    if address.is_private:
        return AddressKind.PRIVATE
    return AddressKind.PUBLIC if address.is_global else AddressKind.RESERVED


def host_address(host: str) -> IPAddress | None:
    """The address a URL host names literally, or None for a DNS name.

    IPv6 may come with brackets and a zone (`fe80::1%eth0`); IPv4 in any spelling the WHATWG
    parser accepts. A name whose last label is numeric but malformed (`1.2.3.999`) is None:
    the URL parser refuses it, and DNS would too.
    """
    text = host.strip().lower().removeprefix("[").removesuffix("]")
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text.split("%", 1)[0])
        except ValueError:
            return None
    return _ipv4(text)


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    parts = text.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()  # a trailing dot, as in "127.0.0.1."
    if not parts or len(parts) > 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    numbers = [_number(p) for p in parts]
    last_max = 256 ** (5 - len(numbers))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= last_max:
        return None
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    if part.startswith("0x"):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8) if all(c in "01234567" for c in part) else 1 << 40  # out of range
    return int(part)


def _is_localhost(host: str) -> bool:
    name = host.strip().lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")  # RFC 6761 §6.3


def policy_for_urls(
    urls: Iterable[str], *, private_networks: bool | Iterable[IPNetwork] = False
) -> AddressPolicy:
    """Public addresses, plus the kinds the source's own configured URLs name literally, plus
    what `private_networks` grants (True: loopback and private ranges; networks: those).

    A URL on `127.0.0.1` or `localhost` grants loopback, one on `10.0.0.5` private addresses;
    a DNS name grants nothing more, whatever it resolves to today.
    """
    kinds = {AddressKind.PUBLIC}
    networks: tuple[IPNetwork, ...] = ()
    if private_networks is True:
        kinds |= PRIVATE_KINDS
    elif private_networks is not False:
        networks = tuple(private_networks)
    for url in urls:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            continue
        address = host_address(host)
        if address is not None:
            kinds.add(address_kind(address))
        elif _is_localhost(host):
            kinds.add(AddressKind.LOOPBACK)
    return AddressPolicy(frozenset(kinds), networks)
