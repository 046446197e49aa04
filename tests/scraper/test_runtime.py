"""The process-wide settings each entry point makes: the allocator's (applied on Linux, glibc;
a no-op elsewhere), and httpx's command-line client left unloaded."""

from __future__ import annotations

import subprocess
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


_IMPORT_HTTPX = """
import sys
from scraper.runtime import start_up
start_up()
import httpx
print(sorted(name for name in ("click", "rich", "pygments") if name in sys.modules))
print(callable(httpx.main), httpx.Client.__name__)
"""


def test_httpx_comes_without_its_command_line_client() -> None:
    """click is installed here (uvicorn needs it), so httpx would import its CLI, with rich and
    pygments; after `start_up` httpx loads without them and still works."""
    pytest.importorskip("click")
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_HTTPX], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True Client"]
