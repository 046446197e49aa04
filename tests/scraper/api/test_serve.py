"""`tidings serve` as a user runs it: a real process (one or two workers), answering until
SIGTERM, then exiting 0; and never creating a database it was pointed at by mistake."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.scraper.api.conftest import STORY_COUNT, free_port


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_then_stops_on_sigterm(stocked_db: str, tmp_path: Path, workers: int) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "--db", stocked_db, "serve", "--port", str(port),
         "--workers", str(workers)],
        stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(base + "/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "tidings serve did not start"
                time.sleep(0.1)
        assert health.json() == {"status": "ok", "database": "sqlite"}
        seen = set()
        for _ in range(6):
            items = httpx.get(base + "/items", params={"limit": 200}, timeout=30).json()["items"]
            seen.add(len(items))
        assert seen == {STORY_COUNT + 1}
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_serve_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "--db", f"sqlite:///{missing}", "serve"],
        capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"no database at {missing}" in done.stderr
    assert not missing.exists()
