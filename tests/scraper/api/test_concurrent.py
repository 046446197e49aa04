"""The API reads the SQLite file a crawl is writing, at the same time, without lock errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx

from scraper.demo import DemoServer, demo_sources, expected_unique_urls
from storage import open_database
from tests.scraper.api.conftest import Served

QUERIES = (
    {"q": "customs"},
    {"q": "port*", "sort": "newest"},
    {"limit": 5},
    {"q": '"tariff committees"', "limit": 3},
)


def test_api_answers_while_a_crawl_writes(
    demo_site: DemoServer, serve: Callable[[str], Served], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_database(url).dispose()  # the server reads an existing database
    served = serve(url)
    sources = [dict(s, delay="0s") for s in demo_sources(demo_site.base_url)]
    config = tmp_path / "config.yaml"
    config.write_text(json.dumps({"database": url, "sources": sources}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    crawl = subprocess.Popen(
        [sys.executable, "-m", "scraper", "--config", str(config), "crawl", "--full", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    statuses: list[int] = []
    during = 0
    with httpx.Client(base_url=served.base_url, timeout=60) as client:
        while crawl.poll() is None or during == 0:
            for params in QUERIES:
                response = client.get("/items", params=params)
                statuses.append(response.status_code)
                assert response.status_code == 200, response.text
                during += crawl.poll() is None
            if crawl.poll() is not None and during == 0:
                break  # the crawl beat the first request: nothing overlapped, fail below
        out, err = crawl.communicate(timeout=120)
        assert crawl.returncode == 0, err
        assert during > 0, "no request overlapped the crawl"
        stats = client.get("/stats").json()
    stored = sum(row["new"] for row in json.loads(out))
    assert stored == len(expected_unique_urls(demo_site.base_url))
    assert stats["items"] == stored
    assert set(statuses) == {200}
