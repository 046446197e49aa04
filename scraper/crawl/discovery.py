"""`tidings discover URL`: what a page offers, as a config.yaml source block to paste.

Automatic extraction finds the cards; `selectors_out` turned them into CSS that reproduces
them, and the block pins that CSS so the user can read, adjust and keep it. Feeds the page
announces come as a commented alternative.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scraper.config import Settings
from scraper.crawl.previews import read_target
from scraper.parse import SelectorSpec, extract_auto, extract_page

__all__ = ["Discovery", "discover", "source_block"]

_FIELD_ORDER = ("title", "url", "summary", "date", "category")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Discovery:
    """What one page offers: its cards (as reproducing selectors), next page and feeds."""

    url: str
    cards: int
    strategy: str
    selectors: SelectorSpec | None
    next_url: str | None
    feeds: list[str]
    language: str | None
    uncovered: list[str] = field(default_factory=list)  # cards the selectors leave out


async def discover(target: str, *, settings: Settings, base_url: str | None) -> Discovery:
    """Read a saved page or a URL and describe it; `base_url` names where a file was served."""
    html, _body, url = await read_target(target, settings, base_url=base_url)
    found = extract_auto(html, page_url=url)
    return Discovery(
        url=url,
        cards=len(found.page.items),
        strategy=found.page.strategy,
        selectors=found.selectors,
        next_url=found.page.next_url,
        feeds=found.feeds,
        language=found.page.language,
        uncovered=_uncovered(html, url, found.selectors, [i.url for i in found.page.items]),
    )


def _uncovered(html: str, url: str, spec: SelectorSpec | None, urls: list[str | None]) -> list[str]:
    """The URLs automatic extraction found that the pinned selectors would not extract.

    The selectors cover the sections they can express exactly; a section laid out unlike the
    rest, or past the sections tried, is left out, and the user should know before pinning.
    """
    if spec is None:
        return []
    pinned = {
        (item.url or "").partition("#")[0]
        for item in extract_page(html, page_url=url, spec=spec).items
    }
    return [found for found in urls if found and found.partition("#")[0] not in pinned]


def source_block(found: Discovery, *, name: str | None = None) -> str:
    """A `sources:` list entry (indented two spaces), with comments saying what was seen."""
    name = name or _name_for(found.url)
    lines = [
        f"  # tidings discover: {found.cards} cards on {found.url} ({found.strategy})",
        f"  # next page: {found.next_url or 'none found'}",
        f"  - name: {name}",
        f"    url: {_q(found.url)}",
    ]
    spec = found.selectors
    if spec is None:
        lines.insert(2, "  # no repeated card structure to pin: extraction stays automatic")
    elif found.uncovered:
        lines[2:2] = [
            f"  # these selectors leave out {len(found.uncovered)} of the {found.cards} cards"
            f" (sections they cannot express), e.g. {found.uncovered[0]}",
            "  # drop items/fields to keep extraction automatic and get them all",
        ]
    else:
        lines.append(f"    items: {_q(spec.items)}")
        lines.append("    fields:")
        lines += [
            f"      {key}: {_q(spec.fields[key])}" for key in _FIELD_ORDER if key in spec.fields
        ]
        if spec.next_page:
            lines.append(f"    next_page: {_q(spec.next_page)}")
    for index, feed in enumerate(found.feeds):
        lines += [
            "  # or read the feed the page announces:" if index == 0 else "  # or:",
            f"  # - name: {name}-feed{index or ''}",
            f"  #   feed: {_q(feed)}",
        ]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _name_for(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "source").removeprefix("www.")
    path = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    return _SLUG.sub("-", f"{host} {path}".lower()).strip("-") or "source"
