"""Fetcher against a real loopback server: retries, limits, redirects, validators, politeness."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import itertools
import logging
from dataclasses import replace

import httpx
import pytest
from loopback import (
    BOMB_BYTES,
    ETAG,
    LAST_MODIFIED,
    LoopbackServer,
    policy,
    read_testdata,
    unused_port,
)

from scraper.errors import BodyTooLarge, FetchError, RedirectError, RobotsDenied, StatusError
from scraper.fetch import Fetcher, FetchPolicy, HostLimits, Page, Validators, build_client

pytestmark = pytest.mark.anyio

UA = "tidings-test/1.0 (+http://127.0.0.1/bot)"
FAST = policy(UA, timeout_s=5, max_attempts=3, backoff_max_s=0.01)
WESTERN = "“Quoted” prices: 5 € at the café, naïve résumé, mañana"


async def fetch(
    policy: FetchPolicy,
    url: str,
    *,
    validators: Validators | None = None,
    allowed_hosts: frozenset[str] | None = None,
) -> Page:
    """One fetch with its own client, as a one-page crawl would do it."""
    async with build_client(policy) as client:
        fetcher = Fetcher(client, policy)
        return await fetcher.fetch(url, validators=validators, allowed_hosts=allowed_hosts)


async def fetch_all(policy: FetchPolicy, urls: list[str]) -> list[Page]:
    """Several fetches through one client and one Fetcher, concurrently, as a crawl does."""
    async with build_client(policy) as client:
        fetcher = Fetcher(client, policy)
        return list(await asyncio.gather(*(fetcher.fetch(u) for u in urls)))


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == name]


async def test_page_fields_and_identifying_headers(site: LoopbackServer) -> None:
    page = await fetch(FAST, site.url("/page"))
    body = read_testdata("page.html")
    assert (page.status, page.is_modified, page.encoding) == (200, True, "utf-8")
    assert page.text == body.decode("utf-8")
    assert page.content_hash == hashlib.sha256(body).hexdigest()
    assert page.url == page.final_url == site.url("/page")
    assert [r.route for r in site.requests] == ["/robots.txt", "/page"]
    assert {r.headers["user-agent"] for r in site.requests} == {UA}
    assert "gzip" in site.requests_to("/page")[0].headers["accept-encoding"]


async def test_one_client_keeps_the_connection_alive(site: LoopbackServer) -> None:
    async with build_client(FAST) as client:
        fetcher = Fetcher(client, FAST)
        for _ in range(3):
            await fetcher.fetch(site.url("/page"))
    assert len({r.client_port for r in site.requests}) == 1
    assert site.hits("/page") == 3


async def test_page_fetched_is_logged_with_fields(
    site: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scraper.fetch.fetcher")
    await fetch(FAST, site.url("/page"))
    (record,) = events(caplog, "page.fetched")
    assert record.getMessage() == "page.fetched"
    assert (record.url, record.status) == (site.url("/page"), 200)  # type: ignore[attr-defined]
    assert isinstance(record.ms, int)  # type: ignore[attr-defined]


async def test_server_error_is_retried_then_raised(site: LoopbackServer) -> None:
    with pytest.raises(StatusError) as info:
        await fetch(FAST, site.url("/error"))
    assert info.value.status == 500
    assert "HTTP 500 after 3 attempts" in str(info.value)
    assert site.hits("/error") == FAST.max_attempts


async def test_flaky_server_succeeds_on_the_third_attempt(site: LoopbackServer) -> None:
    page = await fetch(FAST, site.url("/flaky"))
    assert page.status == 200
    assert site.hits("/flaky") == 3


async def test_client_error_is_not_retried(site: LoopbackServer) -> None:
    with pytest.raises(StatusError, match="HTTP 404") as info:
        await fetch(FAST, site.url("/gone"))
    assert info.value.status == 404
    assert site.hits("/gone") == 1


async def test_dropped_connection_is_retried(site: LoopbackServer) -> None:
    page = await fetch(FAST, site.url("/drop"))
    assert page.status == 200
    assert site.hits("/drop") == 2


@pytest.mark.parametrize(
    ("route", "min_wait_s", "max_wait_s"),
    [("/busy", 1.0, 1.0), ("/busy-date", 0.5, 2.0)],
    ids=["delta-seconds", "http-date"],
)
async def test_retry_after_is_honoured(
    site: LoopbackServer,
    caplog: pytest.LogCaptureFixture,
    route: str,
    min_wait_s: float,
    max_wait_s: float,
) -> None:
    caplog.set_level(logging.INFO, logger="scraper.fetch.retry")
    page = await fetch(FAST, site.url(route))
    assert page.status == 200
    assert site.hits(route) == 2
    (retry,) = events(caplog, "fetch.retry")
    # The wait tenacity was told to sleep: the server's, not the 0.01 s backoff.
    assert min_wait_s <= retry.wait_s <= max_wait_s  # type: ignore[attr-defined]


async def test_retry_after_over_the_cap_fails_at_once(site: LoopbackServer) -> None:
    with pytest.raises(StatusError) as info:
        await fetch(FAST, site.url("/busy-long"))
    assert info.value.status == 429
    assert "Retry-After 99999 s exceeds the 120 s cap" in str(info.value)
    assert site.hits("/busy-long") == 1


async def test_slow_server_times_out_after_retries(site: LoopbackServer) -> None:
    policy = replace(FAST, timeout_s=0.3, max_attempts=2)
    with pytest.raises(FetchError, match="after 2 attempts") as info:
        await fetch(policy, site.url("/slow"))
    assert isinstance(info.value.__cause__, TimeoutError | httpx.TimeoutException)
    assert site.hits("/slow") == 2


async def test_dead_host_fails_after_retries(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="scraper.fetch.retry")
    policy = replace(FAST, obey_robots=False)
    url = f"http://127.0.0.1:{unused_port()}/page"
    with pytest.raises(FetchError, match=r"ConnectError.* after 3 attempts") as info:
        await fetch(policy, url)
    assert type(info.value) is FetchError
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(events(caplog, "fetch.retry")) == policy.max_attempts - 1


async def test_dead_host_robots_unreachable_denies_all() -> None:
    url = f"http://127.0.0.1:{unused_port()}/page"
    with pytest.raises(RobotsDenied, match=r"unreachable .*ConnectError"):
        await fetch(FAST, url)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/page", "/page", "http://", "http://[::1"], ids=str
)
async def test_only_absolute_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match=r"URL") as info:
        await fetch(FAST, url)
    assert info.value.url == url


async def test_redirect_within_host_is_followed(site: LoopbackServer) -> None:
    page = await fetch(FAST, site.url("/redirect"))
    assert (page.url, page.final_url) == (site.url("/redirect"), site.url("/page"))
    assert page.text == read_testdata("page.html").decode("utf-8")
    assert (site.hits("/redirect"), site.hits("/page")) == (1, 1)


async def test_redirect_to_another_host_is_refused(site: LoopbackServer) -> None:
    target = site.url("/page", host="localhost")
    with pytest.raises(RedirectError, match=f"redirect to {target} leaves the allowed hosts"):
        await fetch(FAST, site.url("/redirect-away"))
    assert site.hits("/page") == 0


async def test_redirect_to_an_allowed_host_is_followed(site: LoopbackServer) -> None:
    hosts = frozenset({"127.0.0.1", f"localhost:{site.port}"})
    page = await fetch(FAST, site.url("/redirect-away"), allowed_hosts=hosts)
    assert page.final_url == site.url("/page", host="localhost")
    assert site.requests_to("/page")[0].headers["host"] == f"localhost:{site.port}"
    assert site.hits("/robots.txt") == 2  # one per origin


async def test_redirect_loop_is_refused(site: LoopbackServer) -> None:
    policy = replace(FAST, max_redirects=3)
    with pytest.raises(RedirectError, match=r"more than 3 redirects, looping through .*/loop-a"):
        await fetch(policy, site.url("/loop-a"))
    assert (site.hits("/loop-a"), site.hits("/loop-b")) == (2, 2)


@pytest.mark.parametrize(
    ("hops", "ok"), [(2, True), (3, False)], ids=["at-the-limit", "over-the-limit"]
)
async def test_redirect_count_is_capped(site: LoopbackServer, hops: int, ok: bool) -> None:
    policy = replace(FAST, max_redirects=2)
    url = site.url(f"/chain?n={hops}")
    if ok:
        assert (await fetch(policy, url)).final_url == site.url("/chain?n=0")
    else:
        with pytest.raises(RedirectError, match="more than 2 redirects"):
            await fetch(policy, url)
    assert site.hits("/chain") == 3


async def test_conditional_get_sends_validators_and_reads_304(site: LoopbackServer) -> None:
    first = await fetch(FAST, site.url("/cached"))
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    validators = Validators(etag=first.etag, last_modified=first.last_modified)
    second = await fetch(FAST, site.url("/cached"), validators=validators)
    assert (second.status, second.is_modified, second.text) == (304, False, "")
    assert (second.etag, second.last_modified) == (ETAG, LAST_MODIFIED)
    sent = site.requests_to("/cached")[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == (ETAG, LAST_MODIFIED)
    assert "if-none-match" not in site.requests_to("/cached")[0].headers


async def test_304_keeps_the_validators_we_sent(site: LoopbackServer) -> None:
    validators = Validators(etag=None, last_modified=LAST_MODIFIED)
    page = await fetch(FAST, site.url("/cached"), validators=validators)
    assert not page.is_modified
    assert (page.etag, page.last_modified) == (None, LAST_MODIFIED)
    assert "if-none-match" not in site.requests_to("/cached")[0].headers


CP1252_ROUTES = {
    "latin1-header": ("/cp1252/header", "charset/cp1252-bare.html"),
    "no-label": ("/cp1252/bare", "charset/cp1252-bare.html"),
    "meta": ("/cp1252/meta", "charset/cp1252-meta.html"),
}


@pytest.mark.parametrize(("route", "file"), CP1252_ROUTES.values(), ids=CP1252_ROUTES)
async def test_windows_1252_pages_decode(site: LoopbackServer, route: str, file: str) -> None:
    page = await fetch(FAST, site.url(route))
    assert page.encoding == "windows-1252"
    assert WESTERN in page.text
    assert page.content_hash == hashlib.sha256(read_testdata(file)).hexdigest()


async def test_gzip_body_is_decompressed_and_hashed_decompressed(site: LoopbackServer) -> None:
    page = await fetch(FAST, site.url("/gzip"))
    body = read_testdata("page.html")
    assert page.text == body.decode("utf-8")
    assert page.content_hash == hashlib.sha256(body).hexdigest()


async def test_zip_bomb_stops_at_the_decompressed_limit(site: LoopbackServer) -> None:
    limit = 64 * 1024
    assert len(gzip.compress(b" " * BOMB_BYTES)) < limit  # so only decompressed bytes can trip it
    policy = replace(FAST, max_body_bytes=limit)
    with pytest.raises(BodyTooLarge, match=f"exceeds max_body_bytes={limit}"):
        await fetch(policy, site.url("/bomb"))
    assert site.hits("/bomb") == 1


async def test_robots_disallow_raises_without_requesting(site: LoopbackServer) -> None:
    with pytest.raises(RobotsDenied, match=r"robots\.txt disallows /private for tidings-test"):
        await fetch(FAST, site.url("/private"))
    assert site.hits("/private") == 0


async def test_robots_is_ignored_when_told(site: LoopbackServer) -> None:
    page = await fetch(replace(FAST, obey_robots=False), site.url("/private"))
    assert page.status == 200
    assert site.hits("/robots.txt") == 0


async def test_robots_fetched_once_for_concurrent_first_requests(site: LoopbackServer) -> None:
    pages = await fetch_all(replace(FAST, concurrency_per_host=4), [site.url("/page")] * 6)
    assert len(pages) == 6
    assert site.hits("/robots.txt") == 1
    assert site.requests[0].route == "/robots.txt"


async def test_crawl_delay_spaces_requests(site: LoopbackServer) -> None:
    policy = replace(FAST, user_agent="slowbot/2.0")
    await fetch_all(policy, [site.url("/page"), site.url("/page")])
    first, second = site.requests_to("/page")
    # robots.txt asks slowbot for 0.5 s between requests; generous margin for scheduling.
    assert second.started_s - first.started_s >= 0.4


async def test_delay_spaces_request_starts(site: LoopbackServer) -> None:
    policy = replace(FAST, delay_s=0.3, obey_robots=False)
    await fetch_all(policy, [site.url("/page")] * 3)
    starts = sorted(r.started_s for r in site.requests_to("/page"))
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(starts))


async def test_robots_request_counts_toward_the_delay(site: LoopbackServer) -> None:
    await fetch(replace(FAST, delay_s=0.3), site.url("/page"))
    robots, page = site.requests
    assert (robots.route, page.route) == ("/robots.txt", "/page")
    assert page.started_s - robots.started_s >= 0.25


@pytest.mark.parametrize("limit", [1, 2], ids=["one", "two"])
async def test_concurrency_per_host_is_capped(site: LoopbackServer, limit: int) -> None:
    policy = replace(FAST, concurrency_per_host=limit, obey_robots=False)
    await fetch_all(policy, [site.url("/sleep")] * 4)
    assert site.max_in_flight <= limit
    assert site.hits("/sleep") == 4


async def test_host_limits_override_concurrency(site: LoopbackServer) -> None:
    host = f"127.0.0.1:{site.port}"
    policy = replace(
        FAST,
        concurrency_per_host=4,
        obey_robots=False,
        host_limits={host: HostLimits(concurrency=1)},
    )
    async with build_client(policy) as client:
        fetcher = Fetcher(client, policy)
        await asyncio.gather(*(fetcher.fetch(site.url("/sleep")) for _ in range(3)))
    assert site.max_in_flight == 1


async def test_build_client_identifies_and_does_not_follow_redirects() -> None:
    async with build_client(replace(FAST, timeout_s=7, max_redirects=3)) as client:
        assert client.headers["user-agent"] == UA
        assert client.follow_redirects is False
        assert client.max_redirects == 3
        assert client.timeout.read == 7
