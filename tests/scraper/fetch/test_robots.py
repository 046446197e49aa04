"""RobotsCache against a real loopback server: RFC 9309 statuses, matching, caching."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from loopback import LoopbackServer, Reply, unused_port

from scraper.fetch.robots import (
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsVerdict,
    product_token,
    robots_url,
)

pytestmark = pytest.mark.anyio

UA = "tidings-test/1.0 (+http://127.0.0.1/bot)"


async def verdicts(
    user_agent: str, *urls: str, max_bytes: int = ROBOTS_MAX_BYTES
) -> list[RobotsVerdict]:
    async with httpx.AsyncClient(headers={"User-Agent": user_agent}) as client:
        cache = RobotsCache(client, user_agent=user_agent, max_bytes=max_bytes)
        return [await cache.verdict(url) for url in urls]


def robots_server(reply: Reply) -> LoopbackServer:
    return LoopbackServer({"/robots.txt": lambda _req, _hit: reply})


async def test_disallowed_path_is_denied_with_reason(site: LoopbackServer) -> None:
    private, page = await verdicts(UA, site.url("/private/x?y=1"), site.url("/page"))
    assert not private.allowed
    assert private.reason == "robots.txt disallows /private/x?y=1 for tidings-test"
    assert page.allowed
    assert (private.crawl_delay_s, page.crawl_delay_s) == (None, None)


async def test_groups_match_the_product_token_only(site: LoopbackServer) -> None:
    # Our UA carries ".../bot" in its contact URL; the "User-agent: bot" group must not apply.
    (ours,) = await verdicts(UA, site.url("/page"))
    (bot,) = await verdicts("bot/2.0", site.url("/page"))
    assert ours.allowed
    assert not bot.allowed


async def test_crawl_delay_for_our_group(site: LoopbackServer) -> None:
    async with httpx.AsyncClient() as client:
        cache = RobotsCache(client, user_agent="slowbot/2.0 (+http://127.0.0.1/about)")
        assert cache.crawl_delay(site.url("/page")) is None  # not loaded yet
        verdict = await cache.verdict(site.url("/page"))
        assert verdict.crawl_delay_s == 0.5
        assert cache.crawl_delay(site.url("/other")) == 0.5


async def test_fetched_once_per_origin_even_when_concurrent(site: LoopbackServer) -> None:
    async with httpx.AsyncClient() as client:
        cache = RobotsCache(client, user_agent=UA)
        urls = [site.url(f"/page?n={n}") for n in range(8)]
        answers = await asyncio.gather(*(cache.allowed(u) for u in urls))
        assert all(answers)
        assert await cache.allowed(site.url("/page", host="localhost"))
    assert site.hits("/robots.txt") == 2  # 127.0.0.1 once, localhost once
    assert {r.headers["user-agent"] for r in site.requests} == {"python-httpx/" + httpx.__version__}


STATUSES = {
    "404-allows-all": (404, True, "HTTP 404, no rules"),
    "403-allows-all": (403, True, "HTTP 403, no rules"),
    "429-disallows-all": (429, False, "HTTP 429; so "),
    "500-disallows-all": (500, False, "HTTP 500; so "),
    "503-disallows-all": (503, False, "HTTP 503; so "),
}


@pytest.mark.parametrize(("status", "allowed", "reason"), STATUSES.values(), ids=STATUSES)
async def test_status_decides_per_rfc_9309(status: int, allowed: bool, reason: str) -> None:
    with robots_server(Reply(status, b"User-agent: *\nDisallow: /\n")) as server:
        (verdict,) = await verdicts(UA, server.url("/page"))
    assert verdict.allowed is allowed
    assert reason in verdict.reason
    assert server.url("/robots.txt") in verdict.reason


async def test_unreachable_host_disallows_all() -> None:
    (verdict,) = await verdicts(UA, f"http://127.0.0.1:{unused_port()}/page")
    assert not verdict.allowed
    assert verdict.reason.startswith("All connection attempts failed; so ")  # httpx's own


async def test_redirected_robots_is_followed() -> None:
    routes = {
        "/robots.txt": lambda _req, _hit: Reply(301, b"", (("Location", "/real-robots.txt"),)),
        "/real-robots.txt": lambda _req, _hit: Reply(200, b"User-agent: *\nDisallow: /x\n"),
    }
    with LoopbackServer(routes) as server:
        denied, allowed = await verdicts(UA, server.url("/x/1"), server.url("/y"))
    assert (denied.allowed, allowed.allowed) == (False, True)


async def test_rules_past_the_size_limit_are_ignored() -> None:
    body = b"User-agent: *\nDisallow: /a\n" + b"#" * 100 + b"\nDisallow: /b\n"
    with robots_server(Reply(200, body)) as server:
        a, b = await verdicts(UA, server.url("/a"), server.url("/b"), max_bytes=40)
    assert (a.allowed, b.allowed) == (False, True)


async def test_byte_order_mark_does_not_hide_the_first_group() -> None:
    body = b"\xef\xbb\xbfUser-agent: *\nDisallow: /x\n"
    with robots_server(Reply(200, body)) as server:
        (verdict,) = await verdicts(UA, server.url("/x"))
    assert not verdict.allowed


async def test_slow_robots_counts_as_unreachable() -> None:
    with robots_server(Reply(200, b"User-agent: *\nAllow: /\n", delay_s=2.0)) as server:
        async with httpx.AsyncClient() as client:
            cache = RobotsCache(client, user_agent=UA, timeout_s=0.2)
            verdict = await cache.verdict(server.url("/page"))
    assert not verdict.allowed
    assert verdict.reason.startswith("no complete answer within 0.2 s; so ")


TOKENS = {
    "with-version": ("tidings/0.1 (+https://example.org/bot)", "tidings"),
    "hyphen-underscore": ("my_news-bot/2", "my_news-bot"),
    "bare": ("tidings", "tidings"),
    "leading-space": ("  tidings/1", "tidings"),
    "no-token-chars": ("/1.0", "/1.0"),
}


@pytest.mark.parametrize(("user_agent", "token"), TOKENS.values(), ids=TOKENS)
def test_product_token(user_agent: str, token: str) -> None:
    assert product_token(user_agent) == token


ROBOTS_URLS = {
    "path-and-query": ("https://Example.org/a/b?c=1#d", "https://example.org/robots.txt"),
    "port": ("http://127.0.0.1:8642/news", "http://127.0.0.1:8642/robots.txt"),
    "default-port": ("http://example.org:80/", "http://example.org/robots.txt"),
    "ipv6": ("http://[::1]:8080/x", "http://[::1]:8080/robots.txt"),
    "userinfo": ("http://user:pw@example.org:8080/x", "http://example.org:8080/robots.txt"),
    "idn": ("http://bücher.de/a", "http://xn--bcher-kva.de/robots.txt"),
    "https-default-port": ("https://EXAMPLE.org:443/", "https://example.org/robots.txt"),
}


@pytest.mark.parametrize(("url", "want"), ROBOTS_URLS.values(), ids=ROBOTS_URLS)
def test_robots_url(url: str, want: str) -> None:
    assert robots_url(url) == want


@given(
    st.from_regex(
        r"https?://[a-z]{1,8}\.test(:[1-9][0-9]{1,3})?(/[a-z0-9?=&]{0,12})?", fullmatch=True
    )
)
def test_robots_url_is_per_origin(url: str) -> None:
    got = httpx.URL(robots_url(url))
    want = httpx.URL(url)
    assert (got.scheme, got.host, got.port, got.path) == (
        want.scheme,
        want.host,
        want.port,
        "/robots.txt",
    )
    assert robots_url(str(got)) == str(got)


async def test_robots_is_retried_like_a_page_and_waits_for_retry_after() -> None:
    """503 with Retry-After: 1, then the file: the verdict is the file's, after the wait."""
    busy = Reply(503, b"busy", (("Retry-After", "1"),))
    rules = Reply(200, b"User-agent: *\nDisallow: /private\n")
    routes = {"/robots.txt": lambda _req, hit: busy if hit == 1 else rules}
    with LoopbackServer(routes) as server:
        async with httpx.AsyncClient() as client:
            cache = RobotsCache(client, user_agent=UA, max_attempts=3, backoff_max_s=5.0)
            verdict = await cache.verdict(server.url("/private/a"))
        asked = server.requests_to("/robots.txt")
    assert not verdict.allowed
    assert verdict.reason.startswith("robots.txt disallows /private/a")
    assert len(asked) == 2
    assert asked[1].started_s - asked[0].started_s >= 1.0


async def test_robots_gives_up_after_its_attempts_with_the_cause_first() -> None:
    with robots_server(Reply(503, b"busy")) as server:
        async with httpx.AsyncClient() as client:
            cache = RobotsCache(client, user_agent=UA, max_attempts=2, backoff_max_s=0.1)
            verdict = await cache.verdict(server.url("/page"))
        assert server.hits("/robots.txt") == 2
    assert not verdict.allowed
    assert verdict.reason.startswith("HTTP 503 after 2 attempts; so ")
