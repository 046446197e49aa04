"""The start-up check: dedup on, and the newest items in its window hold no keys."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.config import Settings
from scraper.crawl import check_dedup_keys
from storage import open_database, write_page
from tests.storage.test_neardup_links import FIRST

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DEDUP_ON = Settings.model_validate({"dedup": {"enabled": True}})


def test_items_stored_with_dedup_off_are_named_with_the_fix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'd.db'}")
    item = replace(FIRST, published_at=NOW - timedelta(days=1))
    write_page(engine, source="a", items=[item], now=NOW)
    with caplog.at_level(logging.WARNING):
        assert check_dedup_keys(DEDUP_ON, engine, now=NOW) == 1
    (record,) = [r for r in caplog.records if r.getMessage() == "dedup.unkeyed"]
    assert record.__dict__["fix"] == "tidings db rekey"
    assert check_dedup_keys(Settings(), engine, now=NOW) == 0  # dedup off: nothing to say
    engine.dispose()
