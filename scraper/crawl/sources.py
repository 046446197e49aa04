"""Config turned into the plain arguments the layers below take, in one place.

Settings go down once: the fetcher gets a `FetchPolicy` (with every source's per-host limits
already merged), the parser a `SelectorSpec`, the pipeline a date order, a zone and aliases.
Nothing below `crawl` sees a config model.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipelines import Pipeline, build_pipeline
from scraper.config import Settings, SourceSpec
from scraper.fetch import AddressPolicy, FetchPolicy, HostLimits, merge_host_limits, policy_for_urls
from scraper.parse import SelectorSpec
from storage import SourceRecord

if TYPE_CHECKING:
    from pipelines import NearDupPolicy

__all__ = [
    "address_policy",
    "allowed_hosts",
    "fetch_policy",
    "host_limits",
    "near_policy",
    "pipeline_for",
    "selector_spec",
    "source_records",
]


def fetch_policy(settings: Settings, specs: Iterable[SourceSpec] = ()) -> FetchPolicy:
    """The one place that turns settings into fetch limits, per-host overrides included."""
    d = settings.defaults
    return FetchPolicy(
        user_agent=settings.user_agent,
        timeout_s=d.timeout,
        max_body_bytes=d.max_body,
        max_redirects=d.max_redirects,
        delay_s=d.delay,
        concurrency_per_host=d.concurrency_per_host,
        max_attempts=d.retries + 1,
        obey_robots=d.obey_robots,
        host_limits=host_limits(specs),
    )


def near_policy(settings: Settings) -> NearDupPolicy | None:
    """The near-duplicate policy `dedup:` asks for (None: off); unset keys keep the pipeline's
    defaults."""
    dedup = settings.dedup
    if not dedup.enabled:
        return None
    from pipelines import NearDupPolicy  # loaded when dedup is on only (`pipelines`)

    given = dedup.model_dump(exclude={"enabled", "window"}, exclude_none=True)
    if dedup.window is not None:
        given["window_s"] = int(dedup.window)
    return NearDupPolicy(**given)


def host_limits(specs: Iterable[SourceSpec]) -> dict[str, HostLimits]:
    """Each start URL's host with its source's own delay and concurrency; when several sources
    share a host, the strictest wins (the longest delay, the lowest concurrency)."""
    out: dict[str, HostLimits] = {}
    for spec in specs:
        if spec.delay is None and spec.concurrency_per_host is None:
            continue
        limits = HostLimits(delay_s=spec.delay, concurrency=spec.concurrency_per_host)
        for url in spec.start_urls:
            host = urlsplit(url).netloc.lower()
            out[host] = merge_host_limits(out[host], limits) if host in out else limits
    return out


def pipeline_for(spec: SourceSpec) -> Pipeline:
    """The pipeline a source's items go through: its date order, timezone and aliases."""
    return build_pipeline(
        date_order=spec.date_order, timezone=spec.zone, category_aliases=spec.category_aliases
    )


def selector_spec(spec: SourceSpec) -> SelectorSpec | None:
    """The source's configured selectors, or None for automatic extraction (and feeds)."""
    if not spec.items:
        return None
    return SelectorSpec(
        items=spec.items,
        fields=spec.fields,
        next_page=spec.next_page,
        page_template=spec.page_template,
    )


def allowed_hosts(spec: SourceSpec) -> frozenset[str]:
    """The hosts a source's requests may go to: its start URLs' and the ones it lists."""
    return frozenset({urlsplit(u).netloc.lower() for u in spec.start_urls} | set(spec.hosts))


def address_policy(settings: Settings, spec: SourceSpec) -> AddressPolicy:
    """The addresses a source's requests may connect to: public ones, plus the kinds its own
    start URLs name (a source on 127.0.0.1, like the demo, may use loopback), plus what its
    `allow_private_networks` (or the default's) grants."""
    return policy_for_urls(spec.start_urls, private_networks=settings.private_networks_for(spec))


def source_records(settings: Settings, specs: Iterable[SourceSpec]) -> list[SourceRecord]:
    """The `sources` table's rows for `specs`: name, kind, start URLs, configured interval."""
    return [
        SourceRecord(name=s.name, kind=s.kind, urls=s.start_urls, interval_s=settings.interval_s(s))
        for s in specs
    ]
