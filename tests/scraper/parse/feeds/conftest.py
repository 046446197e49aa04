"""Fixtures for the feed tests: our own invented feeds in testdata/, read as bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FEEDS_TESTDATA = Path(__file__).parent / "testdata"


@pytest.fixture
def feed_bytes() -> Callable[[str], bytes]:
    """Read one testdata file by name, as the fetcher would hand it over: bytes."""

    def read(name: str) -> bytes:
        return (FEEDS_TESTDATA / name).read_bytes()

    return read
