"""`tidings db rekey`, as a user runs it after turning dedup on for a database in use."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines import NearDupPolicy
from storage import open_database, write_page
from tests.scraper.cli.test_cli import tidings, write_config
from tests.storage.test_neardup_links import COPY, FIRST

UNUSED_SITE = "http://127.0.0.1:9/"  # the config needs a source; nothing is crawled


def test_rekey_keys_what_was_stored_with_dedup_off(tmp_path: Path) -> None:
    write_config(tmp_path, UNUSED_SITE, dedup={"enabled": True})
    engine = open_database(f"sqlite:///{tmp_path / 'cli.db'}")
    now = datetime.now(UTC)
    recent = replace(FIRST, published_at=now - timedelta(days=1))
    write_page(engine, source="a", items=[recent], now=now)  # dedup off

    crawl = tidings("crawl", "--json", cwd=tmp_path)  # the site is down: only the warning counts
    assert "dedup.unkeyed" in crawl.stderr and "tidings db rekey" in crawl.stderr

    done = tidings("db", "rekey", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"dedup window: 1 items keyed, [1-9]\d* keys added", done.stderr)
    again = tidings("db", "rekey", cwd=tmp_path)
    assert "dedup window: 1 items keyed, 0 keys added" in again.stderr

    copy = replace(COPY, published_at=now)
    assert write_page(engine, source="b", items=[copy], now=now, near=NearDupPolicy()).linked == 1
    engine.dispose()


def test_rekey_with_dedup_off_names_the_setting(tmp_path: Path) -> None:
    write_config(tmp_path, UNUSED_SITE)
    done = tidings("db", "rekey", cwd=tmp_path)
    assert done.returncode == 2
    assert "config.yaml dedup.enabled: dedup is off" in " ".join(done.stderr.split())
