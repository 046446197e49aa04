"""`tidings query --revisions URL` and `--collapse`, as a user runs them, on a SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines import Item, with_content_hash
from storage import open_database, write_page
from tests.scraper.test_cli import tidings

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
    done = tidings("--db", db, "query", "--revisions", URL, cwd=tmp_path)
    assert done.returncode == 2
    assert f"--revisions {URL}: no stored item has this URL" in " ".join(done.stderr.split())
