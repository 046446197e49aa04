"""The config.yaml we ship loads, and crawls exactly the demo site `tidings demo` crawls."""

from __future__ import annotations

from pathlib import Path

from scraper.config import load_settings
from scraper.crawl.demo import demo_settings
from scraper.demo import DEFAULT_PORT, demo_sources

ROOT = Path(__file__).resolve().parents[3]


def test_shipped_config_matches_the_demo_sources() -> None:
    shipped = load_settings(ROOT / "config.yaml", database="sqlite:///unused.db")
    demo = demo_settings(f"http://127.0.0.1:{DEFAULT_PORT}", database="sqlite:///unused.db")
    assert [s.name for s in shipped.sources] == [s["name"] for s in demo_sources("http://x")]
    for mine, theirs in zip(shipped.sources, demo.sources, strict=True):
        same = mine.model_dump(exclude={"delay"}) == theirs.model_dump(exclude={"delay"})
        assert same, f"config.yaml's {mine.name} drifted from scraper.demo"
    assert shipped.database == "sqlite:///unused.db"
    assert "tidings" in shipped.user_agent
