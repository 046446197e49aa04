"""config.yaml's shape as pydantic models (`extra="forbid"`, frozen): each key's check sits
beside its field, and `load` turns the first failure into a `ConfigError` with file:line."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from scraper.config.database import DEFAULT_DATABASE_URL
from scraper.config.networks import PrivateNetworks, parse_private_networks
from scraper.config.units import (
    AUTO,
    Jitter,
    parse_duration,
    parse_jitter,
    parse_schedule,
    parse_size,
)
from scraper.errors import ConfigError
from scraper.parse import FIELD_NAMES, PAGE_SLOT, REQUIRED_FIELDS, css_problem

__all__ = [
    "DEFAULT_DATABASE_URL",
    "DEFAULT_USER_AGENT",
    "Alerts",
    "Cluster",
    "Daemon",
    "Dedup",
    "Defaults",
    "Settings",
    "SourceSpec",
]

DEFAULT_USER_AGENT = "tidings/0.1 (+https://github.com/tidings/tidings)"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

Duration = Annotated[float, BeforeValidator(parse_duration)]
Size = Annotated[int, BeforeValidator(parse_size)]
JitterSetting = Annotated[Jitter, BeforeValidator(parse_jitter)]
Schedule = Annotated[float | Literal["auto"], BeforeValidator(parse_schedule)]
Networks = Annotated[PrivateNetworks, BeforeValidator(parse_private_networks)]
DateOrder = Literal["MDY", "DMY", "YMD"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Defaults(_Model):
    """Per-source settings that every source inherits unless it sets its own."""

    interval: Duration = 1800.0
    max_pages: PositiveInt = 5
    delay: Duration = 1.0
    timeout: Duration = 20.0
    concurrency_per_host: PositiveInt = 2
    max_body: Size = 15 * 1024 * 1024
    max_redirects: int = Field(default=5, ge=0, le=20)
    retries: int = Field(default=3, ge=0, le=10)
    obey_robots: bool = True
    jitter: JitterSetting = Jitter(fraction=0.1)
    interval_min: Duration = 300.0  # bounds of `schedule: auto`
    interval_max: Duration = 86400.0
    allow_private_networks: Networks = False  # see `config.networks`

    @model_validator(mode="after")
    def _check_bounds(self) -> Defaults:
        _check_interval_bounds(self.interval_min, self.interval_max)
        return self


class Daemon(_Model):
    """How `tidings run` behaves as a whole (per-source timing is in `defaults` and sources)."""

    startup_window: Duration = 60.0  # overdue sources at start are spread over this
    max_failures: PositiveInt = 10  # consecutive failed runs before a source is disabled
    backoff_max: Duration = 6 * 3600.0  # the longest wait after failures
    heartbeat: Duration = Field(default=10.0, gt=0)
    concurrency: PositiveInt = 32  # sources crawled at once
    stuck_after: Duration = Field(default=5.0, ge=1.0)  # /healthz: 503 when the loop stalls longer


class Cluster(_Model):
    """`tidings run` on several nodes sharing one PostgreSQL (a procrastinate job queue).

    `cluster: true` turns it on with the defaults; a mapping sets them (and turns it on unless it
    says `enabled: false`).
    """

    enabled: bool = True
    stall_timeout: Duration = Field(default=30.0, ge=3.0)  # a silent node's jobs move after this
    dispatch: Duration = 1.0  # how often the due sources are queued

    @field_validator("dispatch")
    @classmethod
    def _check_dispatch(cls, value: float) -> float:
        if value < 1 or value > 60 or value != int(value) or 60 % int(value):
            raise ValueError(f"{value:g}s: use whole seconds that divide a minute (1s, 2s, 5s..)")
        return value


def _cluster_shorthand(value: object) -> object:
    """`cluster: true|false` means `{enabled: true|false}`."""
    return {"enabled": value} if isinstance(value, bool) else value


class Alerts(_Model):
    """Where health changes are announced: one JSON POST per change."""

    webhook: str | None = None

    @field_validator("webhook")
    @classmethod
    def _check_webhook(cls, value: str | None) -> str | None:
        return None if value is None else _check_http_url(value)


class Dedup(_Model):
    """Near-duplicate detection across sources (`pipelines.neardup`). An unset threshold keeps
    the pipeline's default (`NearDupPolicy`), so the defaults live in one place.

    Off unless asked for: it costs ~0.3-0.5 ms of CPU a card once its window fills, against
    ~0.1 ms for the rest of a card's way to storage (the benchmark crawl, whose 72-word
    vocabulary makes every card a candidate of every other: 2.0 s of CPU without it, 8.9 s with
    it), and exact-URL identity needs none of it."""

    enabled: bool = False
    window: Duration | None = None
    text_threshold: float | None = Field(default=None, gt=0, le=1)
    title_threshold: float | None = Field(default=None, gt=0, le=1)
    bands: int | None = Field(default=None, ge=1, le=64)
    title_bands: int | None = Field(default=None, ge=0, le=64)
    rows: int | None = Field(default=None, ge=1, le=8)


class SourceSpec(_Model):
    """One listing site or one feed; unset options fall back to `defaults`.

    Without `items`, cards are found automatically. With `items`, the selectors rule; when they
    find nothing on a page where automatic extraction does, the run records "selectors broken"
    and, if `auto_fallback` is on, keeps the automatic items.
    """

    name: str
    url: tuple[str, ...] = ()
    feed: str | None = None
    schedule: Schedule | None = None
    cron: str | None = None
    jitter: JitterSetting | None = None
    interval_min: Duration | None = None
    interval_max: Duration | None = None
    items: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    next_page: str | None = None
    page_template: str | None = None
    date_order: DateOrder | None = None
    timezone: str = "UTC"
    category_aliases: dict[str, str] = Field(default_factory=dict)
    hosts: tuple[str, ...] = ()
    auto_fallback: bool = True
    max_pages: PositiveInt | None = None
    delay: Duration | None = None
    concurrency_per_host: PositiveInt | None = None
    allow_private_networks: Networks | None = None
    enabled: bool = True

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME.fullmatch(value):
            raise ValueError(f"{value!r} is not a source name (letters, digits, '.', '_', '-')")
        return value

    @field_validator("url", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _check_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            _check_http_url(url)
        return value

    @field_validator("feed")
    @classmethod
    def _check_feed(cls, value: str | None) -> str | None:
        return None if value is None else _check_http_url(value)

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known timezone (e.g. Europe/Berlin)") from None
        return value

    @field_validator("cron")
    @classmethod
    def _check_cron(cls, value: str | None) -> str | None:
        if value is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(value)
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a crontab expression: {exc}") from None
        return value

    @field_validator("fields")
    @classmethod
    def _check_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(
                f"unknown field {unknown[0]!r} (known: {', '.join(sorted(FIELD_NAMES))})"
            )
        for selector in value.values():
            _check_selector(selector)
        return value

    @field_validator("items", "next_page")
    @classmethod
    def _check_selectors(cls, value: str | None) -> str | None:
        return None if value is None else _check_selector(value)

    @field_validator("page_template")
    @classmethod
    def _check_template(cls, value: str | None) -> str | None:
        if value is not None and PAGE_SLOT not in value:
            raise ValueError(f"{value!r} has no {PAGE_SLOT} slot for the page number")
        return value

    @model_validator(mode="after")
    def _check_shape(self) -> SourceSpec:
        if bool(self.url) == bool(self.feed):
            raise ValueError("a source needs either `url` (listing pages) or `feed`, not both")
        if self.feed and (self.items or self.fields or self.page_template):
            raise ValueError("a `feed` source takes no `items`, `fields` or `page_template`")
        if self.fields and not self.items:
            raise ValueError("`fields` need an `items` selector (or drop both for automatic)")
        missing = sorted(REQUIRED_FIELDS - set(self.fields)) if self.items else []
        if missing:
            raise ValueError(f"`fields` needs a {missing[0]!r} selector")
        if self.schedule is not None and self.cron is not None:
            raise ValueError("set `schedule` or `cron`, not both")
        if (self.interval_min or self.interval_max) and self.schedule != AUTO:
            raise ValueError("`interval_min` and `interval_max` go with `schedule: auto`")
        if self.interval_min is not None and self.interval_max is not None:
            _check_interval_bounds(self.interval_min, self.interval_max)
        return self

    @property
    def is_auto(self) -> bool:
        """`schedule: auto`: the interval adapts to how often new items come."""
        return self.schedule == AUTO

    @property
    def start_urls(self) -> tuple[str, ...]:
        """Where a crawl begins: the listing URLs, or the feed."""
        return (self.feed,) if self.feed else self.url

    @property
    def kind(self) -> Literal["listing", "feed"]:
        return "feed" if self.feed else "listing"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Settings(_Model):
    """The whole config.yaml."""

    database: str = DEFAULT_DATABASE_URL
    user_agent: str = DEFAULT_USER_AGENT
    defaults: Defaults = Field(default_factory=Defaults)
    dedup: Dedup = Field(default_factory=Dedup)
    daemon: Daemon = Field(default_factory=Daemon)
    alerts: Alerts = Field(default_factory=Alerts)
    cluster: Annotated[Cluster, BeforeValidator(_cluster_shorthand)] = Cluster(enabled=False)
    sources: tuple[SourceSpec, ...] = ()

    @field_validator("user_agent")
    @classmethod
    def _check_user_agent(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must identify the crawler (e.g. 'mybot/1.0 (+https://you.example)')")
        return value.strip()

    @field_validator("cluster")
    @classmethod
    def _cluster_needs_postgresql(cls, value: Cluster, info: ValidationInfo) -> Cluster:
        database = str(info.data.get("database", ""))
        if value.enabled and not database.startswith("postgresql"):
            raise ValueError(
                "a cluster shares its sources through PostgreSQL; set `database:` to a "
                "postgresql:// URL (or drop `cluster`)"
            )
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(source.name)
        return self

    def source(self, name: str) -> SourceSpec:
        """The source called `name`; ConfigError names the known ones otherwise."""
        for spec in self.sources:
            if spec.name == name:
                return spec
        known = ", ".join(s.name for s in self.sources) or "none configured"
        raise ConfigError(f"no source named {name!r} (known: {known})", field="sources")

    def interval_s(self, spec: SourceSpec) -> float:
        """The configured interval; for `schedule: auto`, the interval it starts from (the
        default interval, kept within the source's bounds)."""
        if isinstance(spec.schedule, float):
            return spec.schedule
        if spec.is_auto:
            low, high = self.interval_bounds_s(spec)
            return min(max(self.defaults.interval, low), high)
        return self.defaults.interval

    def interval_bounds_s(self, spec: SourceSpec) -> tuple[float, float]:
        """`schedule: auto`'s (min, max) interval for `spec`, in seconds."""
        low = spec.interval_min if spec.interval_min is not None else self.defaults.interval_min
        high = spec.interval_max if spec.interval_max is not None else self.defaults.interval_max
        return low, max(low, high)

    def jitter_for(self, spec: SourceSpec) -> Jitter:
        return spec.jitter if spec.jitter is not None else self.defaults.jitter

    def private_networks_for(self, spec: SourceSpec) -> PrivateNetworks:
        """What `spec` may reach beyond public addresses: its own setting, else the default."""
        own = spec.allow_private_networks
        return own if own is not None else self.defaults.allow_private_networks


def _check_interval_bounds(low: float, high: float) -> None:
    if low <= 0 or high < low:
        raise ValueError(
            f"interval bounds {low:g}s..{high:g}s: need 0 < interval_min <= interval_max"
        )


def _check_http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an absolute http(s) URL")
    return url


def _check_selector(selector: str) -> str:
    problem = css_problem(selector)
    if problem is not None:
        raise ValueError(f"{selector!r} is not a valid CSS selector: {problem}")
    return selector
