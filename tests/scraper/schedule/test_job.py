"""`run_source`, the one call a scheduler feeds, on both backends; and the triggers it gets."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scraper.config import settings_from_dict
from scraper.crawl import open_engine
from scraper.schedule import run_source
from scraper.schedule.triggers import period_s, trigger_for
from storage import lease_of, load_source_state
from tests.scraper.loopback import LoopbackServer, Reply
from tests.scraper.schedule.daemonproc import listing_routes, listing_source


def test_run_source_crawls_decides_and_gives_the_lease_back(database_url: str) -> None:
    with LoopbackServer() as site:
        for path, handler in listing_routes("acme", pages=2).items():
            site.route(path, handler)
        site.route("/down/1", lambda _req, _hit: Reply(404, b"gone"))
        settings = settings_from_dict(
            {
                "database": database_url,
                "defaults": {"delay": 0, "retries": 0},
                "sources": [
                    listing_source("acme", site.base_url, schedule="5m"),
                    listing_source("down", site.base_url, schedule="5m"),
                ],
            }
        )
        engine = open_engine(database_url)
        ok = asyncio.run(run_source(settings, engine, "acme"))
        failed = asyncio.run(run_source(settings, engine, "down"))
    assert (ok.result.status, ok.result.counters["store/new"]) == ("ok", 6)
    assert ok.state is not None
    assert (ok.state.health, ok.state.failures) == ("ok", 0)
    assert failed.state is not None
    assert (failed.state.health, failed.state.failures, failed.state.failure_weight) == (
        "failing",
        1,
        2.0,  # a 404 is a hard failure
    )
    assert failed.health_changed
    assert load_source_state(engine, "down") == failed.state
    assert lease_of(engine, "acme") is None
    assert lease_of(engine, "down") is None


def test_triggers_carry_the_jitter_bound() -> None:
    settings = settings_from_dict(
        {
            "defaults": {"jitter": "10%"},
            "sources": [
                {"name": "every", "url": "https://a.test/", "schedule": "15m"},
                {"name": "cron", "url": "https://b.test/", "cron": "*/10 * * * *"},
                {"name": "fixed", "url": "https://c.test/", "schedule": "1h", "jitter": "45s"},
            ],
        }
    )
    every, cron, fixed = settings.sources
    now = datetime(2026, 3, 1, 12, 3, tzinfo=UTC)
    interval = trigger_for(settings, every, period_s(settings, every, None, now))
    assert isinstance(interval, IntervalTrigger)
    assert (interval.interval.total_seconds(), interval.jitter) == (900, 90)
    assert period_s(settings, cron, None, now) == 600
    crontab = trigger_for(settings, cron, 600)
    assert isinstance(crontab, CronTrigger)
    assert crontab.jitter == 60
    assert trigger_for(settings, fixed, 3600).jitter == 45
