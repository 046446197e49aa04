"""The daemon's config keys: `daemon`, `alerts`, `schedule: auto`, `jitter`, interval bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.config import Jitter, Settings, load_settings
from scraper.errors import ConfigError

GOOD = """\
alerts: {webhook: "http://127.0.0.1:9/hook"}
daemon:
  startup_window: 2m
  max_failures: 5
  backoff_max: 1h
  heartbeat: 5s
defaults:
  jitter: 5%
sources:
  - name: adaptive
    url: https://adaptive.test/
    schedule: auto
    interval_min: 10m
    interval_max: 2h
  - name: fixed
    url: https://fixed.test/
    schedule: 15m
    jitter: 30s
"""


def _load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_daemon_keys_load(tmp_path: Path) -> None:
    settings = _load(tmp_path, GOOD)
    adaptive, fixed = settings.sources
    assert settings.alerts.webhook == "http://127.0.0.1:9/hook"
    assert (settings.daemon.startup_window, settings.daemon.max_failures) == (120, 5)
    assert adaptive.is_auto
    assert settings.interval_bounds_s(adaptive) == (600, 7200)
    assert settings.interval_s(adaptive) == 1800  # the default interval, within the bounds
    assert settings.jitter_for(adaptive) == Jitter(fraction=0.05)
    assert settings.jitter_for(fixed).bound_s(900) == 30


MISTAKES = {
    "bad-webhook": (GOOD.replace('"http://127.0.0.1:9/hook"', "hooks"), ":1 alerts.webhook"),
    "bad-window": (GOOD.replace("startup_window: 2m", "startup_window: soon"), ":3 daemon"),
    "zero-failures": (GOOD.replace("max_failures: 5", "max_failures: 0"), ":4 daemon.max_failures"),
    "unknown-daemon-key": (GOOD.replace("heartbeat: 5s", "heartbeet: 5s"), ":6 daemon.heartbeet"),
    "bad-jitter": (GOOD.replace("jitter: 5%", "jitter: 3"), ":8 defaults.jitter"),
    "bad-percent": (GOOD.replace("jitter: 5%", "jitter: lots%"), ":8 defaults.jitter"),
    "bad-schedule": (
        GOOD.replace("schedule: auto", "schedule: sometimes"),
        ":12 sources[0].schedule",
    ),
    "bounds-reversed": (GOOD.replace("interval_max: 2h", "interval_max: 1m"), ":10 sources[0]"),
    "bounds-without-auto": (
        GOOD.replace("schedule: 15m", "schedule: 15m\n    interval_min: 1m"),
        ":15 sources[1]: `interval_min` and `interval_max` go with `schedule: auto`",
    ),
}


@pytest.mark.parametrize(("text", "want"), MISTAKES.values(), ids=MISTAKES)
def test_daemon_key_mistakes_name_file_line_and_field(tmp_path: Path, text: str, want: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    message = str(info.value)
    assert "config.yaml" in message
    assert want in message, message
