"""config.yaml: valid files load; every mistake is one `file:line field: problem` message."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from scraper.config import DEFAULT_DATABASE_URL, Settings, load_settings, settings_from_dict
from scraper.config.units import parse_duration, parse_size
from scraper.errors import ConfigError

GOOD = """\
database: sqlite:///news.db
user_agent: "testbot/1.0 (+https://bot.test/)"
defaults:
  interval: 30m
  delay: 500ms
  max_body: 2MiB
sources:
  - name: harbour-news
    url: https://harbour.test/news/
    schedule: 15m
    items: article.card
    fields: {title: "h3 a", url: "h3 a@href", date: "time@datetime"}
    next_page: "a[rel=next]@href"
    date_order: DMY
    timezone: Europe/Berlin
  - name: freight
    url: [https://freight.test/a/, https://freight.test/b/]
    cron: "*/10 * * * *"
    items: li.row
    fields: {title: a, url: a@href}
    page_template: "?page={n}"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD))
    assert settings.database == "sqlite:///news.db"
    assert settings.defaults.interval == 1800.0
    assert settings.defaults.delay == 0.5
    assert settings.defaults.max_body == 2 * 1024 * 1024
    harbour, freight = settings.sources
    assert harbour.url == ("https://harbour.test/news/",)
    assert harbour.schedule == 900.0
    assert harbour.zone.key == "Europe/Berlin"
    assert freight.url == ("https://freight.test/a/", "https://freight.test/b/")
    assert settings.interval_s(freight) == 1800.0
    assert settings.source("freight") is freight


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    return str(info.value)


MISTAKES = {
    "bad-duration": (
        GOOD.replace("schedule: 15m", "schedule: 15 minutes"),
        ":10 sources[0].schedule: '15 minutes' is not a duration",
    ),
    "unknown-setting": (
        GOOD.replace("    schedule: 15m", "    schedul: 15m"),
        ":10 sources[0].schedul: unknown setting",
    ),
    "unknown-field": (
        GOOD.replace("date: ", "published: "),
        ":12 sources[0].fields: unknown field",
    ),
    "bad-timezone": (
        GOOD.replace("Europe/Berlin", "Mars/Olympus"),
        ":15 sources[0].timezone: 'Mars/Olympus' is not a known timezone",
    ),
    "bad-order": (GOOD.replace("date_order: DMY", "date_order: DDMM"), ":14 sources[0].date_order"),
    "missing-url-selector": (
        GOOD.replace("fields: {title: a, url: a@href}", "fields: {title: a}"),
        ":16 sources[1]: `fields` needs a 'url' selector",
    ),
    "relative-url": (
        GOOD.replace("url: https://harbour.test/news/", "url: /news/"),
        ":9 sources[0].url: '/news/' is not an absolute http(s) URL",
    ),
    "bad-selector": (
        GOOD.replace("items: article.card", "items: 'article[['"),
        ":11 sources[0].items: 'article[[' is not a valid CSS selector",
    ),
    "bad-cron": (GOOD.replace("*/10 * * * *", "every ten"), ":18 sources[1].cron"),
    "network-with-host-bits": (
        GOOD.replace("    schedule: 15m", "    allow_private_networks: [10.0.0.1/8]"),
        ":10 sources[0].allow_private_networks: '10.0.0.1/8' is not a network: "
        "10.0.0.1/8 has host bits set",
    ),
    "network-not-an-address": (
        GOOD.replace("  max_body: 2MiB", "  allow_private_networks: intranet"),
        ":6 defaults.allow_private_networks: 'intranet' is not a network",
    ),
    "network-unspecified": (
        GOOD.replace("    schedule: 15m", "    allow_private_networks: 0.0.0.0"),
        ":10 sources[0].allow_private_networks: '0.0.0.0' is the unspecified address",
    ),
    "networks-empty": (
        GOOD.replace("    schedule: 15m", "    allow_private_networks: []"),
        ":10 sources[0].allow_private_networks: []: use true, false, or a list of networks",
    ),
    "template-without-slot": (GOOD.replace("?page={n}", "?page=2"), ":21 sources[1].page_template"),
    "duplicate-name": (
        GOOD.replace("name: freight", "name: harbour-news"),
        "two sources are named 'harbour-news'",
    ),
    "yaml-syntax": (GOOD.replace("  interval: 30m", "  interval: [30m"), "not valid YAML"),
    "top-level-list": ("- a\n- b\n", "config.yaml:1: the top level must be a mapping"),
    "negative-pages": (GOOD.replace("  delay: 500ms", "  max_pages: 0"), ":5 defaults.max_pages"),
    "dedup-threshold": (
        GOOD.replace("sources:", "dedup:\n  text_threshold: 1.5\nsources:", 1),
        ":8 dedup.text_threshold",
    ),
    "dedup-unknown-key": (
        GOOD.replace("sources:", "dedup:\n  window: 7d\n  treshold: 0.4\nsources:", 1),
        ":9 dedup.treshold: unknown setting",
    ),
    "dedup-window": (
        GOOD.replace("sources:", "dedup:\n  window: a week\nsources:", 1),
        ":8 dedup.window: 'a week' is not a duration",
    ),
}


def test_dedup_block_becomes_the_near_duplicate_policy(tmp_path: Path) -> None:
    from pipelines import NearDupPolicy
    from scraper.crawl.sources import near_policy

    text = GOOD.replace(
        "sources:", "dedup:\n  enabled: true\n  window: 2d\n  title_bands: 8\nsources:", 1
    )
    policy = near_policy(load_settings(write(tmp_path, text)))
    assert policy is not None
    assert (policy.window_s, policy.title_bands) == (2 * 86400, 8)
    assert policy.bands == NearDupPolicy().bands  # unset: the pipeline's default
    assert near_policy(load_settings(write(tmp_path, GOOD))) is None  # off unless asked for
    off = GOOD.replace("sources:", "dedup: {enabled: false}\nsources:", 1)
    assert near_policy(load_settings(write(tmp_path, off))) is None


@pytest.mark.parametrize(("text", "want"), MISTAKES.values(), ids=MISTAKES)
def test_mistake_names_file_line_and_field(tmp_path: Path, text: str, want: str) -> None:
    message = _error(tmp_path, text)
    assert "config.yaml" in message
    assert want in message
    assert "\n" not in message
    assert "pydantic" not in message


def test_env_expansion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_HOST", "harbour.example")
    text = GOOD.replace("https://harbour.test/news/", "https://${HARBOUR_HOST}/news/")
    text = text.replace("sqlite:///news.db", "${NEWS_DB:-sqlite:///fallback.db}")
    settings = load_settings(write(tmp_path, text))
    assert settings.sources[0].url == ("https://harbour.example/news/",)
    assert settings.database == "sqlite:///fallback.db"


def test_unset_env_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOPE_NOT_SET", raising=False)
    message = _error(tmp_path, GOOD.replace("testbot/1.0", "${NOPE_NOT_SET}"))
    assert "config.yaml:2 user_agent: environment variable NOPE_NOT_SET is not set" in message


def test_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "sqlite:///from-env.db")
    assert load_settings(path).database == "sqlite:///from-env.db"
    assert load_settings(path, database="sqlite:///flag.db").database == "sqlite:///flag.db"
    monkeypatch.setenv("TIDINGS_CONFIG", str(path))
    assert len(load_settings().sources) == 2


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIDINGS_CONFIG", raising=False)
    monkeypatch.delenv("TIDINGS_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match=r"config\.yaml: file not found"):
        load_settings()
    assert load_settings(required=False).database == DEFAULT_DATABASE_URL
    with pytest.raises(ConfigError, match=r"elsewhere\.yaml: file not found"):
        load_settings(tmp_path / "elsewhere.yaml", required=False)


def test_unknown_source_lists_known() -> None:
    settings = settings_from_dict({"sources": []})
    with pytest.raises(ConfigError, match="no source named 'x'"):
        settings.source("x")


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.database = "x"  # type: ignore[misc]


DURATIONS = {
    "ms": ("500ms", 0.5),
    "minutes": ("15m", 900.0),
    "mixed": ("1h30m", 5400.0),
    "bare-number": (2, 2.0),
    "days": ("2d", 172800.0),
    "spaced": ("1h 5m", 3900.0),
}


@pytest.mark.parametrize(("text", "want"), DURATIONS.values(), ids=DURATIONS)
def test_parse_duration(text: str | int, want: float) -> None:
    assert parse_duration(text) == want


@pytest.mark.parametrize("text", ["15 minutes", "", "m", "-5", True, "1x"])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_parse_size() -> None:
    assert parse_size("15MiB") == 15 * 1024 * 1024
    assert parse_size("500kB") == 500_000
    assert parse_size(1024) == 1024
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_automatic_and_feed_sources(tmp_path: Path) -> None:
    text = """\
sources:
  - name: auto-news
    url: https://auto.test/news/
  - name: wire-feed
    feed: https://wire.test/rss.xml
    auto_fallback: false
"""
    auto, feed = load_settings(write(tmp_path, text)).sources
    assert auto.items is None
    assert auto.kind == "listing"
    assert auto.start_urls == ("https://auto.test/news/",)
    assert feed.kind == "feed"
    assert feed.start_urls == ("https://wire.test/rss.xml",)


SHAPES = {
    "fields-without-items": (
        "  - name: a\n    url: https://a.test/\n    fields: {title: h3}\n",
        ":2 sources[0]: `fields` need an `items` selector",
    ),
    "url-and-feed": (
        "  - name: a\n    url: https://a.test/\n    feed: https://a.test/rss\n",
        ":2 sources[0]: a source needs either `url`",
    ),
    "feed-with-items": (
        "  - name: a\n    feed: https://a.test/rss\n    items: li\n",
        ":2 sources[0]: a `feed` source takes no `items`",
    ),
    "neither": ("  - name: a\n    schedule: 1h\n", ":2 sources[0]: a source needs either"),
}


@pytest.mark.parametrize(("source", "want"), SHAPES.values(), ids=SHAPES)
def test_source_shape_mistakes(tmp_path: Path, source: str, want: str) -> None:
    assert want in _error(tmp_path, "sources:\n" + source)


def test_allow_private_networks_is_inherited_and_overridden(tmp_path: Path) -> None:
    text = GOOD.replace("  max_body: 2MiB", "  allow_private_networks: true").replace(
        "    schedule: 15m", "    allow_private_networks: [10.20.0.0/16, 169.254.169.254]"
    )
    settings = load_settings(write(tmp_path, text))
    own, inherited = settings.sources
    assert settings.private_networks_for(own) == (
        ipaddress.ip_network("10.20.0.0/16"),
        ipaddress.ip_network("169.254.169.254/32"),
    )
    assert settings.private_networks_for(inherited) is True
    assert load_settings(write(tmp_path, GOOD)).private_networks_for(inherited) is False
