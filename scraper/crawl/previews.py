"""`tidings parse`: extract one page exactly as a crawl would, without storing anything.

A user tunes selectors against a saved file or a live URL and sees the items the pipeline would
store, with the ARCHITECTURE item fields. Without a source, automatic extraction reads the page
and the default pipeline cleans it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipelines import Item, build_pipeline
from scraper.config import Settings
from scraper.crawl.sources import fetch_policy, pipeline_for, selector_spec
from scraper.errors import ConfigError, ParseError
from scraper.fetch import Fetcher, build_client, decode_body, looks_binary, unreadable_reason
from scraper.parse import extract

__all__ = ["item_fields", "preview", "read_target"]


async def preview(
    target: str,
    *,
    settings: Settings,
    source: str | None,
    base_url: str | None,
    now: datetime | None = None,
) -> list[Item]:
    """Items from one page (a path or an http(s) URL), cleaned by the source's pipeline.

    `now` (default: the current time) resolves relative dates such as "3 hours ago".
    """
    spec = settings.source(source) if source is not None else None
    fallback = spec.start_urls[0] if spec else None
    html, body, base = await read_target(target, settings, base_url=base_url, fallback=fallback)
    extraction = extract(
        html,
        page_url=base,
        selectors=selector_spec(spec) if spec else None,
        body=body,
        is_feed=bool(spec and spec.feed),
        auto_fallback=spec.auto_fallback if spec else True,
    )
    parsed = extraction.page
    pipeline = pipeline_for(spec) if spec else build_pipeline()
    name = spec.name if spec else (urlsplit(base).hostname or "page")
    result = pipeline.process(
        parsed.items, source=name, now=now or datetime.now(UTC), language=parsed.language
    )
    return result.items


async def read_target(
    target: str, settings: Settings, *, base_url: str | None, fallback: str | None = None
) -> tuple[str, bytes, str]:
    """A saved file or a fetched URL: its text, its bytes, and the URL its links resolve against.

    That URL is `base_url` when given, else where a fetch ended, else `fallback`; a file with
    none of them is a usage error, since its relative links would have nothing to resolve to.
    A file that is empty, binary (an image, a PDF) or has no markup at all is a ParseError
    saying so, as a fetched one is a NotAPage: printing `[]` would hide what was found.
    """
    if urlsplit(target).scheme in ("http", "https"):
        policy = fetch_policy(settings)
        async with build_client(policy) as client:
            page = await Fetcher(client, policy).fetch(target)
        return page.text, page.body, base_url or page.final_url
    try:
        body = Path(target).read_bytes()
    except OSError as exc:
        raise ParseError(target, f"cannot read: {exc.strerror or exc}") from exc
    url = base_url or fallback
    if url is None:
        raise ConfigError(
            "a saved page needs --base-url (the URL it was served at)", field="--base-url"
        )
    problem = "empty file" if not body.strip() else unreadable_reason(body, None, is_feed=True)
    text, _ = decode_body(body, None) if problem is None else ("", "")
    if problem is None and looks_binary(text):
        problem = "not HTML or a feed: binary data"
    elif problem is None and "<" not in text:
        problem = "not HTML or a feed: no markup in it"
    if problem is not None:
        raise ParseError(target, problem)
    return text, body, url


def item_fields(item: Item) -> dict[str, object]:
    """The ARCHITECTURE item fields for an item that is not stored (no first/last seen yet)."""
    return {
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "published": item.published,
        "published_raw": item.published_raw,
        "category": item.category,
        "source": item.source,
        "first_seen": None,
        "last_seen": None,
        "duplicate_of": None,
    }
