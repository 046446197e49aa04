"""`tidings query --revisions URL` and `--collapse`, as a user runs them, on a SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines import Item, with_content_hash
from scraper.demo import DemoServer
from storage import open_database, write_page
from tests.scraper.cli.test_cli import tidings, write_config

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
URL = "https://acme.test/news/harbour-dredging"


def _item(title: str) -> Item:
    return with_content_hash(Item(url=URL, title=title, source="acme", summary="Dredging."))


def test_revisions_show_each_version_oldest_first(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    engine = open_database(db)
    for hours, title in enumerate(("Dredging starts", "Dredging starts in May")):
        write_page(engine, source="acme", items=[_item(title)], now=NOW + timedelta(hours=hours))
    engine.dispose()
    done = tidings(
        "--db", db, "query", "--revisions", URL + "?utm_source=x", "--format", "json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    history = json.loads(done.stdout)
    assert [v["title"] for v in history] == ["Dredging starts", "Dredging starts in May"]
    assert history[0]["replaced_at"] == (NOW + timedelta(hours=1)).isoformat()
    assert history[1]["replaced_at"] is None


def test_revisions_of_an_unknown_url_is_a_usage_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    open_database(db).dispose()
    done = tidings("--db", db, "query", "--revisions", URL, cwd=tmp_path)
    assert done.returncode == 2
    assert f"--revisions {URL}: no stored item has this URL" in " ".join(done.stderr.split())


def test_demo_cross_post_collapses_to_one_story_with_two_sources(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    write_config(tmp_path, demo_site.base_url, dedup={"enabled": True})
    assert tidings("crawl", "--json", cwd=tmp_path).returncode == 0
    done = tidings("query", "--collapse", "--format", "json", "--limit", "1000", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    stories = json.loads(done.stdout)
    shared = [s for s in stories if len(s["sources"]) > 1]
    assert len(shared) == 1, shared
    story = shared[0]
    assert story["sources"] == ["port-bulletins", "trade-news"]
    # The first copy stored is the story's URL; the sources crawl concurrently, so either.
    urls = sorted([story["url"], *story["other_urls"]])
    assert [url.split("/", 3)[3] for url in urls] == [
        "ports/notices/2025-235-anchorage-b.html",
        "trade/news/notice-anchorage-b-closed-for-maintenance-port-notice-235-2025",
    ]
    assert story["duplicate_of"] is None
    items = json.loads(tidings("query", "--format", "json", "--limit", "1000", cwd=tmp_path).stdout)
    assert len(stories) == len(items) - 1
    linked = [item for item in items if item["duplicate_of"] is not None]
    assert [item["duplicate_of"] for item in linked] == [story["url"]]
