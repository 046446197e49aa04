"""Crashes and contention: nothing lost, nothing doubled, nothing half-written (issue #12).

Real `tidings crawl` processes against the demo site on 127.0.0.1: SIGKILLed at random moments
(a seeded `random.Random`, so a failure can be replayed), two at once on one SQLite file, and
on PostgreSQL with their connections terminated by the server mid-crawl.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from pathlib import Path

import pytest
from processes import Finished, Running, kill, start_tidings, tidings
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from scraper.demo import DemoServer, demo_sources, expected_unique_urls

KILL_SEED = 12
KILLS = 5


def _config(folder: Path, base_url: str, database: str, *, delay: str) -> Path:
    sources = [dict(s, delay=delay) for s in demo_sources(base_url)]
    path = folder / "config.yaml"
    path.write_text(json.dumps({"database": database, "sources": sources}), encoding="utf-8")
    return path


def _urls(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT url FROM items"))]


def _integrity(database: Path) -> str:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("PRAGMA integrity_check")).scalar())
    finally:
        engine.dispose()


def test_sigkill_at_random_moments_loses_and_doubles_nothing(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    database = tmp_path / "killed.db"
    # 250 ms between requests to the one host: a full crawl (~17 requests) takes over 4 s, so
    # every kill (0.5 to 3.5 s in) lands mid-crawl
    config = _config(tmp_path, demo_site.base_url, f"sqlite:///{database}", delay="250ms")
    moments = random.Random(KILL_SEED)
    killed_after: list[float] = []
    for _ in range(KILLS):
        running = start_tidings(["--config", str(config), "crawl", "--full", "--json"], tmp_path)
        wait_s = moments.uniform(0.5, 3.5)
        time.sleep(wait_s)
        if running.proc.poll() is None:
            kill(running)
            killed_after.append(wait_s)
        if database.exists():
            assert _integrity(database) == "ok", killed_after
    assert len(killed_after) == KILLS, f"some crawls ended before their kill: {killed_after}"
    killed_urls = _urls(create_engine(f"sqlite:///{database}"))
    assert len(killed_urls) == len(set(killed_urls))
    # No --full: the killed runs are marked interrupted, and the last crawl walks again past
    # the pages they stored (issue #12 item 8), so the count must be the site's.
    last = tidings(["--config", str(config), "crawl", "--json"], tmp_path)
    assert last.returncode == 0, last.stderr
    assert _integrity(database) == "ok"
    urls = _urls(create_engine(f"sqlite:///{database}"))
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_unique_urls(demo_site.base_url)


def test_two_crawls_on_one_sqlite_file_at_once(demo_site: DemoServer, tmp_path: Path) -> None:
    database = tmp_path / "shared.db"
    config = _config(tmp_path, demo_site.base_url, f"sqlite:///{database}", delay="0s")
    args = ["--config", str(config), "crawl", "--full", "--json"]
    first, second = start_tidings(args, tmp_path), start_tidings(args, tmp_path)
    done = [first.finish(timeout_s=120), second.finish(timeout_s=120)]
    for finished in done:
        # A source the other process holds is skipped with the reason, exit 1 (issue #10).
        rows = json.loads(finished.stdout)
        skipped = [row for row in rows if row["status"] != "ok"]
        assert all(row["status"] == "held" for row in skipped), rows
        assert finished.returncode == (1 if skipped else 0), finished.stderr
        assert "database is locked" not in finished.stderr + finished.stdout
        assert "Traceback" not in finished.stderr
    urls = _urls(create_engine(f"sqlite:///{database}"))
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_unique_urls(demo_site.base_url)
    new = sum(row["new"] for f in done for row in json.loads(f.stdout))
    assert new == len(urls)  # each card counted new by exactly one of the two


@pytest.mark.postgres
def test_postgres_connection_killed_mid_crawl(
    demo_site: DemoServer, tmp_path: Path, pg_url: str, pg_admin: Engine
) -> None:
    """The server drops the crawl's connections mid-crawl: the run either retries (pre-ping
    opens a new connection) or fails cleanly; either way no page is half-written, and a
    second crawl completes the set."""
    name = f"tidings-kill-{uuid.uuid4().hex[:8]}"  # ours alone: other suites share the server
    url = make_url(pg_url).update_query_dict({"application_name": name})
    database = url.render_as_string(hide_password=False)
    config = _config(tmp_path, demo_site.base_url, database, delay="100ms")
    upgraded = tidings(["--config", str(config), "db", "upgrade"], tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    observer = create_engine(pg_url)  # not under the crawl's name: never terminated
    running = start_tidings(["--config", str(config), "crawl", "--full", "--json"], tmp_path)
    deadline = time.monotonic() + 60
    while not _urls(observer) and running.is_running() and time.monotonic() < deadline:
        time.sleep(0.05)  # mid-crawl: once the first page is stored
    terminated = _terminate_when_busy(pg_admin, name, running)
    first = running.finish(timeout_s=120)
    observer.dispose()
    assert terminated, "the crawl ended before its connections could be terminated"
    _ended_cleanly(first)
    engine = create_engine(database)
    urls = _urls(engine)
    assert len(urls) == len(set(urls))
    if first.stdout.strip():  # what the runs counted as stored is exactly what is there
        assert len(urls) == sum(row["new"] for row in json.loads(first.stdout))
    with engine.connect() as conn:
        orphans = conn.execute(
            text(
                "SELECT count(*) FROM items i LEFT JOIN crawl_runs r ON r.source = i.source "
                "WHERE r.id IS NULL"
            )
        ).scalar()
    assert orphans == 0
    again = tidings(["--config", str(config), "crawl", "--full", "--json"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert set(_urls(engine)) == expected_unique_urls(demo_site.base_url)
    engine.dispose()


def _terminate_when_busy(admin: Engine, application: str, running: Running) -> int:
    """Terminate the crawl's backends a few times as pages are written; how many were hit."""
    hit = 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and running.is_running() and hit < 3:
        with admin.connect() as conn:
            hit += len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name"
                    ),
                    {"name": application},
                ).all()
            )
        time.sleep(0.4)
    return hit


def _ended_cleanly(finished: Finished) -> None:
    """Exit 0 or 1, no traceback; either a summary whose failed rows name their error, or (a
    connection lost before any source ran) one error line on stderr."""
    assert not finished.killed_by_timer
    assert finished.returncode in (0, 1), finished.stderr
    assert "Traceback" not in finished.stderr
    if not finished.stdout.strip():
        assert finished.returncode == 1
        assert finished.stderr.startswith("error: "), finished.stderr
        return
    for row in json.loads(finished.stdout):
        assert row["status"] in ("ok", "failed")
        if row["status"] == "failed":
            assert row["error"], row
