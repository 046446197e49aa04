"""Fixtures for the fetch tests: one real loopback server per test, serving `site_routes()`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import LoopbackServer, site_routes


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    """A fresh server (fresh hit counters) for each test."""
    with LoopbackServer(site_routes()) as server:
        yield server


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
