"""collection_stats: counts per source, category and local publication day, and crawl health."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Engine

from pipelines import Item
from storage import collection_stats, finish_run, start_run, write_page

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
MakeItem = Callable[..., Item]
SINGAPORE = timezone(timedelta(hours=8))


def test_counts(engine: Engine, make_item: MakeItem) -> None:
    early = datetime(2025, 10, 1, 1, 0, tzinfo=SINGAPORE)  # 30 September in UTC
    acme = [
        make_item("a1", category="Ports", published=early.isoformat(), published_at=early),
        make_item(
            "a2",
            category="Ports",
            published="2025-09-20",
            published_at=datetime(2025, 9, 19, 16, tzinfo=UTC),
        ),
        make_item("a3"),
    ]
    write_page(engine, source="acme", items=acme, now=NOW)
    write_page(
        engine,
        source="globex",
        items=[make_item("g1", source="globex", category="Weather")],
        now=NOW,
    )
    stats = collection_stats(engine, days=7, today=date(2025, 10, 2))
    assert (stats.items, stats.undated) == (4, 2)
    assert [(s.source, s.items) for s in stats.sources] == [("acme", 3), ("globex", 1)]
    assert stats.categories == (("Ports", 2), ("Weather", 1), (None, 1))
    assert stats.days == (("2025-10-01", 1),)  # the 20th is outside 7 days; its own zone's day


def test_crawl_health(engine: Engine) -> None:
    for source, statuses in {
        "acme": ["ok", "failed"],
        "globex": ["failed", "ok"],
        "initech": ["failed"],
    }.items():
        for n, status in enumerate(statuses):
            run = start_run(engine, source=source, now=NOW + timedelta(minutes=n))
            finish_run(
                engine,
                run,
                status=status,
                counters={},
                error=None,
                now=NOW + timedelta(minutes=n, seconds=30),
            )
    crawls = {h.source: h for h in collection_stats(engine).crawls}
    assert (crawls["acme"].health, crawls["acme"].last_ok) == ("failing", NOW)
    assert (crawls["globex"].health, crawls["globex"].runs, crawls["globex"].failed) == ("ok", 2, 1)
    assert crawls["initech"].health == "never ok"
    doc = collection_stats(engine).to_dict()
    assert doc["crawls"][0]["last_started"] == (NOW + timedelta(minutes=1)).isoformat()
