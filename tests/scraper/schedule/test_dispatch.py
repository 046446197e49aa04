"""The cluster's dispatch: which sources are due now, with the single node's decisions; and
the node label on /metrics."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from scraper.config import Settings, settings_from_dict
from scraper.schedule import Metrics
from scraper.schedule.dispatch import WEEK_S, due_sources, jitter_s, lookback_start
from storage import SourceState

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def _settings(*sources: dict[str, object]) -> Settings:
    return settings_from_dict(
        {
            "defaults": {"jitter": 0},
            "sources": [{"url": "https://x.test/", **s} for s in sources],
        }
    )


def _state(name: str, **changes: object) -> SourceState:
    base = SourceState(name, 0, 0.0, None, None, "ok", None, NOW, None, NOW)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_due_are_the_sources_an_interval_past_their_last_run_most_overdue_first() -> None:
    settings = _settings(
        {"name": "fresh", "schedule": "10m"},
        {"name": "late", "schedule": "10m"},
        {"name": "later", "schedule": "10m"},
        {"name": "never", "schedule": "10m"},
    )
    last = {"fresh": _at(-60), "late": _at(-700), "later": _at(-900)}
    due = due_sources(settings, {}, last, active=(), now=NOW)
    assert [(d.name, d.due) for d in due] == [
        ("later", _at(-300)),
        ("late", _at(-100)),
        ("never", NOW),
    ]


def test_active_disabled_and_config_disabled_sources_are_not_queued() -> None:
    settings = _settings(
        {"name": "running"},
        {"name": "broken"},
        {"name": "off", "enabled": False},
        {"name": "ok"},
    )
    states = {"broken": _state("broken", disabled_reason="10 failed runs")}
    due = due_sources(settings, states, {}, active={"running"}, now=NOW)
    assert [d.name for d in due] == ["ok"]


def test_backoff_and_adapted_interval_decide_as_on_one_node() -> None:
    settings = _settings(
        {"name": "failing", "schedule": "1m"},
        {"name": "auto", "schedule": "auto", "interval_min": "1m", "interval_max": "1h"},
    )
    states = {
        "failing": _state("failing", failures=2, retry_at=_at(120)),
        "auto": _state("auto", interval_s=1800.0),
    }
    last = {"failing": _at(-300), "auto": _at(-1000)}
    assert due_sources(settings, states, last, active=(), now=NOW) == []
    later = due_sources(settings, states, last, active=(), now=_at(900))
    assert [d.name for d in later] == ["failing", "auto"]


def test_jitter_is_within_its_bound_and_the_same_for_every_dispatch() -> None:
    settings = settings_from_dict(
        {"sources": [{"name": "a", "url": "https://x.test/", "schedule": "10m", "jitter": "60s"}]}
    )
    last = {"a": _at(-600)}
    draws = {jitter_s("a", last["a"], 60.0) for _ in range(5)}
    assert len(draws) == 1 and 0 <= next(iter(draws)) <= 60
    assert jitter_s("a", _at(-601), 60.0) != next(iter(draws))  # the next run draws anew
    delay = next(iter(draws))
    assert due_sources(settings, {}, last, active=(), now=_at(delay - 0.01)) == []
    assert [d.name for d in due_sources(settings, {}, last, active=(), now=_at(delay))] == ["a"]


def test_lookback_covers_two_periods_and_a_week_for_crontabs() -> None:
    plain = _settings({"name": "a", "schedule": "10m"}, {"name": "b", "schedule": "1h"})
    assert lookback_start(plain, {}, now=NOW) == _at(-2 * 3600 - 60)
    cron = _settings({"name": "c", "cron": "0 9 * * 1-5"})
    assert lookback_start(cron, {}, now=NOW) <= _at(-2 * WEEK_S)


def test_a_node_labels_every_sample_it_serves() -> None:
    metrics = Metrics("host-a:123")
    metrics.observe_run("acme", "ok", {"store/new": 2}, 1.0)
    metrics.lag.observe(0.2)
    families = list(text_string_to_metric_families(generate_latest(metrics.exposed).decode()))
    samples = [s for f in families for s in f.samples]
    assert samples and all(s.labels.get("node") == "host-a:123" for s in samples)
    runs = [s for s in samples if s.name == "tidings_runs_total"]
    assert runs[0].labels == {"source": "acme", "status": "ok", "node": "host-a:123"}
    plain = generate_latest(Metrics().exposed).decode()
    assert "node=" not in plain
