"""Fixtures every test folder shares: the demo site on 127.0.0.1 and a SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.demo import DemoServer


@pytest.fixture
def demo_site() -> Iterator[DemoServer]:
    """The bundled demo site on an ephemeral loopback port, with its request log."""
    with DemoServer("127.0.0.1", 0) as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tidings.db'}"
