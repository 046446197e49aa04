"""The daemon's decisions as tables: next run, backoff, health, adaptive interval, jitter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from scraper.config import Jitter, Settings, parse_jitter, settings_from_dict
from scraper.schedule.decide import (
    Policy,
    RunOutcome,
    adapt_interval,
    backoff_s,
    due_after,
    failure_weight,
    health_of,
    misfire_grace_s,
    next_state,
    spread_overdue,
    with_backoff,
)
from scraper.schedule.plan import plan_sources
from storage import SourceState

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


DUE = {
    "never-ran": (None, 900, NOW),
    "ran-recently": (_at(-60), 900, _at(840)),
    "overdue": (_at(-3600), 900, _at(-2700)),
}


@pytest.mark.parametrize(("last", "interval", "want"), DUE.values(), ids=DUE)
def test_due_after(last: datetime | None, interval: float, want: datetime) -> None:
    assert due_after(last, interval_s=interval, now=NOW) == want


BACKED = {
    "no-backoff": (_at(10), None, _at(10)),
    "backoff-later": (_at(10), _at(100), _at(100)),
    "backoff-earlier": (_at(10), _at(5), _at(10)),
}


@pytest.mark.parametrize(("due", "retry", "want"), BACKED.values(), ids=BACKED)
def test_with_backoff(due: datetime, retry: datetime | None, want: datetime) -> None:
    assert with_backoff(due, retry) == want


def test_spread_overdue_spaces_the_overdue_most_overdue_first() -> None:
    dues = {"a": _at(-10), "b": _at(-100), "c": _at(50), "d": _at(-10)}
    spread = spread_overdue(dues, now=NOW, window_s=60)
    assert spread == {"b": _at(0), "a": _at(20), "d": _at(40), "c": _at(50)}


def test_spread_overdue_with_no_window_starts_all_now() -> None:
    assert spread_overdue({"a": _at(-1), "b": _at(-2)}, now=NOW, window_s=0) == {
        "a": NOW,
        "b": NOW,
    }


BACKOFF = {
    "none": (0, 60, 3600, 0),
    "first-temporary": (1, 60, 3600, 60),
    "second-temporary": (2, 60, 3600, 120),
    "one-hard": (2, 60, 3600, 120),
    "hard-then-temporary": (3, 60, 3600, 240),
    "capped": (20, 60, 3600, 3600),
}


@pytest.mark.parametrize(("weight", "interval", "cap", "want"), BACKOFF.values(), ids=BACKOFF)
def test_backoff_doubles_per_weight_and_is_capped(
    weight: float, interval: float, cap: float, want: float
) -> None:
    assert backoff_s(weight, interval_s=interval, cap_s=cap) == want


WEIGHT = {
    "timeout": ({"failure/timeout": 1}, 1.0),
    "server-error": ({"failure/server": 1}, 1.0),
    "throttled": ({"failure/throttled": 1}, 1.0),
    "not-found": ({"failure/not_found": 1}, 2.0),
    "gone": ({"failure/gone": 1}, 2.0),
    "dns": ({"failure/dns": 1}, 2.0),
    "tls": ({"failure/tls": 1}, 2.0),
    "unknown": ({}, 1.0),
}


@pytest.mark.parametrize(("counters", "want"), WEIGHT.values(), ids=WEIGHT)
def test_hard_failures_weigh_more(counters: dict[str, int], want: float) -> None:
    assert failure_weight(counters) == want


HEALTH = {
    "ok": (RunOutcome("ok", {"pages": 1, "items": 5}, None, None), "ok"),
    "no-cards": (RunOutcome("ok", {"pages": 1, "parse/empty_page": 1}, None, None), "no cards"),
    "not-modified-is-ok": (RunOutcome("ok", {"pages": 1, "fetch/not_modified": 1}, None, 1), "ok"),
    "selectors": (
        RunOutcome("ok", {"items": 3, "health/selectors_broken": 1}, None, None),
        "selectors broken",
    ),
    "failing": (RunOutcome("failed", {}, "http://a/: HTTP 500", None), "failing"),
    "not-html": (
        RunOutcome("failed", {}, "http://a/: not HTML or a feed: image/png", None),
        "not html",
    ),
    "empty": (RunOutcome("failed", {}, "http://a/: empty body", None), "empty"),
}


@pytest.mark.parametrize(("outcome", "want"), HEALTH.values(), ids=HEALTH)
def test_health_of(outcome: RunOutcome, want: str) -> None:
    health, reason = health_of(outcome)
    assert health == want
    assert (reason is None) == (want == "ok")


ADAPT = {
    "nothing-new-stretches": (600, 0, 600, 900),
    "many-new-shrinks": (600, 30, 600, 600 * (60 / 600) ** 0.5),
    "few-new-grow-toward-target": (600, 1, 600, 600 * 3**0.5),
    "clamped-low": (120, 100, 120, 60),
    "clamped-high": (80000, 0, 80000, 86400),
}


@pytest.mark.parametrize(("current", "new", "elapsed", "want"), ADAPT.values(), ids=ADAPT)
def test_adapt_interval_moves_toward_the_rate_of_new_items(
    current: float, new: int, elapsed: float, want: float
) -> None:
    got = adapt_interval(current, new_items=new, elapsed_s=elapsed, bounds_s=(60, 86400))
    assert got == pytest.approx(want)


@pytest.mark.parametrize(("interval", "want"), [(0.5, 1), (1, 1), (900, 900), (2.5, 3)])
def test_misfire_grace_is_one_period(interval: float, want: int) -> None:
    assert misfire_grace_s(interval) == want


JITTER = {
    "fraction": (0.1, 900, 90),
    "percent": ("25%", 60, 15),
    "duration": ("30s", 900, 30),
    "zero": (0, 900, 0),
}


@pytest.mark.parametrize(("raw", "interval", "bound"), JITTER.values(), ids=JITTER)
def test_jitter_bound(raw: object, interval: float, bound: float) -> None:
    assert parse_jitter(raw).bound_s(interval) == bound


def test_default_jitter_is_a_tenth_of_the_interval() -> None:
    assert settings_from_dict({}).defaults.jitter == Jitter(fraction=0.1)


POLICY = Policy(interval_s=60, max_failures=3, backoff_max_s=3600)


def _fail(kind: str) -> RunOutcome:
    return RunOutcome("failed", {f"failure/{kind}": 1, "errors": 1}, f"x: {kind}", 60)


def test_consecutive_failures_back_off_then_disable_and_success_clears() -> None:
    state = next_state(None, "a", _fail("timeout"), POLICY, NOW)
    assert (state.failures, state.retry_at, state.health) == (1, _at(60), "failing")
    state = next_state(state, "a", _fail("not_found"), POLICY, _at(60))
    assert (state.failures, state.failure_weight, state.retry_at) == (2, 3.0, _at(60 + 240))
    assert not state.is_disabled
    state = next_state(state, "a", _fail("timeout"), POLICY, _at(300))
    assert state.is_disabled
    assert "3 failed runs in a row" in (state.disabled_reason or "")
    ok = next_state(
        replace(state, disabled_reason=None), "a", RunOutcome("ok", {}, None, 1), POLICY, _at(400)
    )
    assert (ok.failures, ok.failure_weight, ok.retry_at, ok.health) == (0, 0.0, None, "ok")


def test_interrupted_and_held_runs_change_nothing_but_the_clock() -> None:
    state = next_state(None, "a", _fail("server"), POLICY, NOW)
    for status in ("interrupted", "held"):
        after = next_state(state, "a", RunOutcome(status, {}, None, 1), POLICY, _at(5))
        assert after == replace(state, updated_at=_at(5))


def test_health_since_moves_only_on_a_change() -> None:
    first = next_state(None, "a", _fail("server"), POLICY, NOW)
    again = next_state(first, "a", _fail("server"), POLICY, _at(60))
    assert again.health_since == NOW
    healed = next_state(again, "a", RunOutcome("ok", {}, None, 60), POLICY, _at(120))
    assert healed.health_since == _at(120)


def _state(name: str, **changes: object) -> SourceState:
    base = SourceState(name, 0, 0.0, None, None, "ok", None, NOW, None, NOW)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_plan_spreads_overdue_keeps_due_and_skips_disabled() -> None:
    settings = settings_from_dict(
        {
            "daemon": {"startup_window": "10s"},
            "sources": [
                {"name": n, "url": f"https://{n}.test/", "schedule": "15m"}
                for n in ("fresh", "late", "never", "off", "backing")
            ],
        }
    )
    states = {
        "off": _state("off", disabled_reason="gone"),
        "backing": _state("backing", retry_at=_at(3000)),
    }
    last = {"fresh": _at(-60), "late": _at(-7200), "backing": _at(-60)}
    plans = plan_sources(settings, states, last, now=NOW)
    when = {name: plan.next_run for name, plan in plans.wanted.items()}
    assert when == {"fresh": _at(840), "late": NOW, "never": _at(5), "backing": _at(3000)}
    assert plans.skipped == {"off": "disabled: gone"}


def test_replanning_keeps_unchanged_jobs_and_plans_changed_ones() -> None:
    def settings(interval: str) -> Settings:
        return settings_from_dict(
            {"sources": [{"name": "a", "url": "https://a.test/", "schedule": interval}]}
        )

    first = plan_sources(settings("15m"), {}, {"a": _at(-60)}, now=NOW)
    same = plan_sources(settings("15m"), {}, {"a": _at(-60)}, now=NOW, old=first.wanted)
    changed = plan_sources(settings("5m"), {}, {"a": _at(-60)}, now=NOW, old=first.wanted)
    assert first.wanted["a"].next_run == _at(840)
    assert same.wanted["a"].next_run is None
    assert changed.wanted["a"].next_run == _at(240)
