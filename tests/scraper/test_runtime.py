"""The allocator setting each entry point makes: applied on Linux (glibc), a no-op elsewhere."""

from __future__ import annotations

import sys

import pytest

from scraper.runtime import keep_freed_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's (Linux)")
def test_trim_threshold_is_raised_on_linux() -> None:
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # idempotent: a second crawl in the process sets it again


def test_other_platforms_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_freed_memory() is False
