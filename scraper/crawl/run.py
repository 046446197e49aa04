"""One crawl: the selected sources run concurrently; each walks its pages top to bottom.

For every listing page: load the stored validators, fetch (conditional GET), parse with the
source's selectors, run the pipeline, and store the page's items in one transaction together
with the page's new validators (on SQLite, with the other pages waiting for the writer:
`scraper.crawl.groupcommit`). Paging stops at the first page that brings nothing new (the
incremental default) unless `full` is set. A next page the source may not fetch (robots.txt
says no, or it lies off the source's hosts) ends the walk with a note in the counters
(`walk/stopped/<reason>`), not a failure: the crawler did the right thing. A failing source is
recorded in its crawl run and never stops the others. A large page is parsed on a thread.

A source runs only under its lease (`storage.begin_run`): one held elsewhere is skipped as
"held". Holding it proves the source's runs still "running" dead, so they become "interrupted";
and after runs that did not complete, the pages they stored are walked whatever they bring,
until a page they never stored (`resume_since`): pages a killed run never reached are not lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Engine

from pipelines import AffixEvidence, Item, Pipeline, SeenUrls
from scraper.config import Settings, SourceSpec
from scraper.crawl.cutoff import CutOff
from scraper.crawl.database import database_threads, fetch_state_of, write_pages_on
from scraper.crawl.failures import failure_kind
from scraper.crawl.groupcommit import PageWriter, page_writer
from scraper.crawl.leases import LEASE_TTL_S, held_reason, keep_leases, sync_once
from scraper.crawl.recovery import is_resumed
from scraper.crawl.results import CURRENT_SOURCE, CrawlOptions, Progress, SourceResult
from scraper.crawl.sources import (
    address_policy,
    allowed_hosts,
    fetch_policy,
    near_policy,
    pipeline_for,
    selector_spec,
    source_records,
)
from scraper.errors import HostDenied, Interrupted, RobotsDenied, describe
from scraper.fetch import AddressPolicy, Fetcher, Page, Validators, build_client
from scraper.parse import SelectorSpec, extract
from storage import (
    Holder,
    PageWrite,
    begin_run,
    current_holder,
    end_run,
    load_fetch_state,
    load_site_affixes,
    save_site_affixes,
)

if TYPE_CHECKING:
    from pipelines import NearDupPolicy  # loaded with dedup on only (`pipelines`)
__all__ = ["FetchObserver", "crawl"]

logger = logging.getLogger(__name__)
Now = Callable[[], datetime]  # the clock a run reads; tests pass a fixed one
FetchObserver = Callable[[str, int, float], None]  # (source, HTTP status, seconds) per fetch
T = TypeVar("T")


# Larger pages parse on a thread: 40 KB parses in ~2 ms, a thread hop costs ~0.2 ms; 1.5 MB of
# 20,000 cards stalled the loop 3.9 s inline, 0.2 s at most on a thread (benchmarks/hostile.py).
_INLINE_PARSE_MAX_CHARS = 512 * 1024
_WALK_STOPS: dict[type[Exception], str] = {
    RobotsDenied: "walk/stopped/robots_denied",
    HostDenied: "walk/stopped/host_denied",
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class _Context:
    settings: Settings
    engine: Engine
    fetcher: Fetcher
    options: CrawlOptions
    progress: Progress | None
    stop: asyncio.Event
    now: Now
    database: ThreadPoolExecutor
    writer: PageWriter
    near: NearDupPolicy | None
    holder: Holder
    on_fetch: FetchObserver | None
    cut_off: CutOff

    async def db(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking storage call on the crawl's database thread(s), off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.database, partial(call, *args, **kwargs))


@dataclass(slots=True)
class _SourceState:
    spec: SourceSpec
    pipeline: Pipeline
    selectors: SelectorSpec | None
    hosts: frozenset[str]
    addresses: AddressPolicy
    counters: Counter[str] = field(default_factory=Counter)
    seen: SeenUrls = field(default_factory=SeenUrls)  # the URLs this source's run has taken
    affixes: AffixEvidence = field(default_factory=AffixEvidence)  # the source's, all runs
    resume_since: datetime | None = None  # pages fetched since then are walked whatever they bring


async def crawl(
    settings: Settings,
    engine: Engine,
    *,
    sources: Sequence[str] = (),
    options: CrawlOptions | None = None,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
    now: Now = _utcnow,
    holder: Holder | None = None,
    on_fetch: FetchObserver | None = None,
) -> list[SourceResult]:
    """Crawl the named sources (all enabled ones when none are named), concurrently.

    Setting `stop` finishes the page in hand, commits it, and ends each source as "interrupted";
    a wait between retries ends at once, and a source still busy after `STOP_GRACE_S` is cut off.
    `holder` takes the sources' leases (this process by default); a source held by another is
    not crawled and comes back with status "held". `on_fetch` hears each page fetched (the
    daemon's metrics).
    """
    specs = [settings.source(n) for n in sources] or [s for s in settings.sources if s.enabled]
    records = source_records(settings, specs)
    policy = fetch_policy(settings, specs)
    database = database_threads(engine)
    stop = stop or asyncio.Event()
    await sync_once(engine, records, now())
    async with build_client(policy) as client:
        fetcher = Fetcher(client, policy, stop=stop)
        writer = page_writer(
            partial(write_pages_on, database, engine), group=engine.dialect.name == "sqlite"
        )
        ctx = _Context(
            settings,
            engine,
            fetcher,
            options or CrawlOptions(),
            progress,
            stop,
            now,
            database,
            writer,
            near_policy(settings),
            holder or current_holder(),
            on_fetch,
            CutOff(stop),
        )
        renewal = asyncio.create_task(keep_leases(engine, ctx.holder, now))
        arming = asyncio.create_task(ctx.cut_off.arm_on_stop())
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(_leased_source(spec, ctx)) for spec in specs]
        finally:
            renewal.cancel()
            arming.cancel()
            await writer.aclose()
    return [task.result() for task in tasks]


async def _leased_source(spec: SourceSpec, ctx: _Context) -> SourceResult:
    """Run `spec` under its lease, or report who holds it."""
    name = spec.name
    CURRENT_SOURCE.set(name)  # this task's context only
    start = await ctx.db(
        begin_run,
        ctx.engine,
        source=name,
        holder=ctx.holder,
        lease_ttl_s=LEASE_TTL_S,
        now=ctx.now(),
    )
    if start is None:
        reason = await held_reason(ctx.engine, name)
        logger.warning("source.held", extra={"source": name, "reason": reason})
        return SourceResult(name, "held", {}, reason)
    since = None if ctx.options.full else start.resume_since
    return await _run_source(spec, ctx, start.run_id, since)


async def _run_source(
    spec: SourceSpec, ctx: _Context, run_id: int, since: datetime | None
) -> SourceResult:
    """Walk the source's pages in run `run_id`, whose lease is held; `_finish` gives it back."""
    state = _SourceState(
        spec=spec,
        pipeline=pipeline_for(spec),
        selectors=selector_spec(spec),
        hosts=allowed_hosts(spec),
        addresses=address_policy(ctx.settings, spec),
        resume_since=since,
        affixes=await ctx.db(load_site_affixes, ctx.engine, spec.name),
    )
    if since is not None:
        logger.info("source.resuming", extra={"source": spec.name, "since": since.isoformat()})
    limit = ctx.options.max_pages or spec.max_pages or ctx.settings.defaults.max_pages
    if ctx.progress:
        ctx.progress.source_started(spec.name, limit)
    status, error = "ok", None
    try:
        async with ctx.cut_off.deadline():
            await _walk(state, ctx, limit)
    except asyncio.CancelledError:
        await asyncio.shield(_finish(ctx, run_id, state, "interrupted", None))
        raise
    except Exception as exc:  # one failing source never stops the others
        if ctx.cut_off.is_cut_off(exc):
            state.counters["stop/cut_off"] += 1  # status: "interrupted" (the stop is set)
        else:
            status, error = "failed", describe(exc)
            state.counters["errors"] += 1
            state.counters[f"failure/{failure_kind(exc)}"] += 1
            logger.warning("source.failed", extra={"source": spec.name, "error": error})
    if status == "ok" and ctx.stop.is_set():
        status = "interrupted"
    result = await _finish(ctx, run_id, state, status, error)
    if ctx.progress:
        ctx.progress.source_finished(result)
    return result


async def _finish(
    ctx: _Context, run_id: int, state: _SourceState, status: str, error: str | None
) -> SourceResult:
    """Keep the site-name evidence of the source's runs (with this one's), then end the run."""
    if state.affixes.titles:
        await ctx.db(save_site_affixes, ctx.engine, state.spec.name, state.affixes, now=ctx.now())
    counters = dict(state.counters)
    await ctx.db(
        end_run,
        ctx.engine,
        run_id,
        source=state.spec.name,
        holder=ctx.holder,
        status=status,
        counters=counters,
        error=error,
        now=ctx.now(),
    )
    logger.info("source.finished", extra={"source": state.spec.name, "status": status, **counters})
    return SourceResult(state.spec.name, status, counters, error, run_id)


async def _walk(state: _SourceState, ctx: _Context, limit: int) -> None:
    """Follow pagination from each start URL until the stop rule, the page cap or a stop signal."""
    pages = 0
    for start in state.spec.start_urls:
        url: str | None = start
        visited: set[str] = set()
        number = 1
        while url is not None and pages < limit and not ctx.stop.is_set():
            visited.add(url)
            try:
                has_new, next_url = await _crawl_page(state, ctx, url, start, number)
            except (RobotsDenied, HostDenied) as exc:
                if number == 1:
                    raise  # the start URL itself: the source cannot be crawled at all
                _note_stop(state, exc)
                break
            except Interrupted:  # a stop signal while waiting to retry: the run is interrupted
                return
            pages += 1
            number += 1
            if not has_new and not ctx.options.full:
                break
            url = next_url if next_url not in visited else None


def _note_stop(state: _SourceState, exc: RobotsDenied | HostDenied) -> None:
    """A next page we may not fetch: the walk ends here, and the counters say why."""
    state.counters[_WALK_STOPS[type(exc)]] += 1
    logger.info(
        "walk.stopped", extra={"source": state.spec.name, "url": exc.url, "reason": exc.reason}
    )


async def _crawl_page(
    state: _SourceState, ctx: _Context, url: str, start: str, number: int
) -> tuple[bool, str | None]:
    """One page, stored in one transaction (on SQLite maybe shared with other sources' pages:
    group commit). Returns whether it brought anything new, and the next URL.

    Its stored validators are read first (not with `--full`, which fetches unconditionally). A
    page that a run which did not complete stored is fetched unconditionally and walked past
    whatever it brings (`resume_since`).
    """
    counters, spec = state.counters, state.spec
    stored = None if ctx.options.full else await ctx.db(load_fetch_state, ctx.engine, url)
    resumed = is_resumed(state.resume_since, stored)
    validators = (
        Validators(etag=stored.etag, last_modified=stored.last_modified)
        if stored and not resumed
        else None
    )
    page = await ctx.fetcher.fetch(
        url,
        validators=validators,
        allowed_hosts=state.hosts,
        addresses=state.addresses,
        is_feed=spec.feed is not None,
    )
    fetched_at = ctx.now()
    if ctx.on_fetch is not None:
        ctx.on_fetch(spec.name, page.status, page.elapsed_ms / 1000)
    counters["pages"] += 1
    if resumed:
        counters["resume/pages"] += 1
    same = stored is not None and stored.content_hash == page.content_hash and not resumed
    if not page.is_modified or same:
        counters["fetch/not_modified" if not page.is_modified else "fetch/same_content"] += 1
        _report(ctx, spec.name, url, counters)
        return False, None
    clean = partial(_clean_cards, state, page, start=start, number=number, fetched_at=fetched_at)
    if len(page.text) > _INLINE_PARSE_MAX_CHARS:
        fresh, next_url = await asyncio.to_thread(clean)
    else:
        fresh, next_url = clean()
    del clean
    fetch_state = fetch_state_of(url, page, fetched_at)
    # The body and its text are done with: pages queue here for the one SQLite writer, and
    # each would hold both (~80 KB on the benchmark site) until its turn.
    del page
    written = await ctx.writer.write(
        PageWrite(spec.name, fresh, fetched_at, fetch_state=fetch_state, near=ctx.near)
    )
    counts = written.counts
    for kind in ("new", "updated", "unchanged", "duplicate", "linked"):
        counters[f"store/{kind}"] += getattr(counts, kind)
    logger.info("page.stored", extra={"source": spec.name, "url": url, "new": counts.new})
    _report(ctx, spec.name, url, counters)
    # Cards stored earlier by another source (a site's feed and its listing) are new to this
    # source's walk, so they do not stop it; only cards it already holds do.
    return resumed or counts.new + counts.duplicate > 0, next_url


def _clean_cards(
    state: _SourceState, page: Page, *, start: str, number: int, fetched_at: datetime
) -> tuple[list[Item], str | None]:
    """The page's cards through the pipeline, less URLs this run has taken; and the next URL.

    Pure CPU work on the page in hand (counters aside).
    """
    counters, spec = state.counters, state.spec
    extraction = extract(
        page.text,
        page_url=page.final_url,
        selectors=state.selectors,
        body=page.body,
        is_feed=spec.feed is not None,
        auto_fallback=spec.auto_fallback,
        page_number=number,
        start_url=start,
    )
    parsed = extraction.page
    if extraction.selectors_broken:
        counters["health/selectors_broken"] += 1
        logger.warning("selectors.broken", extra={"source": spec.name, "url": page.url})
    if not parsed.items:
        counters["parse/empty_page"] += 1
    counters[f"parse/strategy/{parsed.strategy}"] += 1
    counters["items"] += len(parsed.items)
    result = state.pipeline.process(
        parsed.items,
        source=spec.name,
        now=fetched_at,
        language=parsed.language,
        seen=state.seen,
        affixes=state.affixes,
    )
    state.affixes = result.affixes or state.affixes
    for reason, count in result.rejected.items():
        counters[f"pipeline/rejected/{reason}"] += count
    counters["dedup/repeat"] += result.repeats
    return result.items, parsed.next_url


def _report(ctx: _Context, source: str, url: str, counters: Counter[str]) -> None:
    if ctx.progress:
        ctx.progress.page_done(source, url, counters)
