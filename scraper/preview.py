"""`tidings parse`: extract one page exactly as a crawl would, without storing anything.

A user tunes selectors against a saved file or a live URL and sees the items the pipeline would
store, with the ARCHITECTURE item fields.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pipelines import Item, Pipeline, build_pipeline
from scraper.charset import decode_body
from scraper.config import Settings, SourceSpec
from scraper.crawl import fetch_policy
from scraper.errors import ConfigError, ParseError
from scraper.fetch import Fetcher, build_client
from scraper.parse import SelectorSpec, extract_page

__all__ = ["item_fields", "preview"]


async def preview(
    target: str, *, settings: Settings, source: str | None, base_url: str | None
) -> list[Item]:
    """Items from one page (a path or an http(s) URL), cleaned by the source's pipeline."""
    if source is None:
        raise ConfigError(
            "automatic extraction is not in this version: pass --source NAME", field="--source"
        )
    spec = settings.source(source)
    html, page_url = await _read(target, settings)
    base = base_url or page_url or (spec.url[0] if spec.url else None)
    if base is None:
        raise ConfigError("a saved page needs --base-url to resolve its links", field="--base-url")
    selectors = SelectorSpec(
        items=spec.items or "",
        fields=spec.fields,
        next_page=spec.next_page,
        page_template=spec.page_template,
    )
    parsed = extract_page(html, page_url=base, spec=selectors)
    pipeline = _pipeline(spec)
    return pipeline.process(parsed.items, source=spec.name).items


def _pipeline(spec: SourceSpec) -> Pipeline:
    return build_pipeline(
        date_order=spec.date_order or "MDY",
        timezone=spec.zone,
        category_aliases=spec.category_aliases,
    )


async def _read(target: str, settings: Settings) -> tuple[str, str | None]:
    if urlsplit(target).scheme in ("http", "https"):
        policy = fetch_policy(settings)
        async with build_client(policy) as client:
            page = await Fetcher(client, policy).fetch(target)
        return page.text, page.final_url
    path = Path(target)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise ParseError(target, f"cannot read: {exc.strerror or exc}") from exc
    text, _ = decode_body(body, None)
    return text, None


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
