"""An "intranet" name for address-guard tests: this machine's host name, which resolves (real
DNS, or /etc/hosts) to one of its own loopback or private addresses, where a test server can
listen. A test that needs it skips, with the reason, on a machine where it resolves elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from scraper.fetch.addresses import AddressKind, address_kind

__all__ = ["intranet_name"]


def intranet_name() -> tuple[str, str]:
    """(host name, the loopback or private IPv4 address it resolves to)."""
    name = socket.gethostname()
    try:
        infos = socket.getaddrinfo(name, None, family=socket.AF_INET, type=socket.SOCK_STREAM)
    except OSError as exc:
        pytest.skip(f"host name {name!r} does not resolve: {exc}")
    address = str(infos[0][4][0])
    kind = address_kind(ipaddress.ip_address(address))
    if kind not in (AddressKind.LOOPBACK, AddressKind.PRIVATE):
        pytest.skip(f"host name {name!r} resolves to {address}, a {kind} address")
    return name, address
