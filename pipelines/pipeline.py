"""Run a page's cards through the stages, in the one order defined here.

A stage takes an `Item` and returns it (perhaps changed, via `replace`) or a `Rejected`
value; the first rejection stops the card, and its reason is counted. After the stages, a URL
the run has already taken is a repeat (`SeenUrls`: within the page by default, across a
source's pages when the crawl passes its own): the first occurrence wins. Repeats across
sources are storage's business, not ours.

Dates and site names are decided per page rather than per card: `process` hands every
`DateStage` the whole page's date texts, its fetch time and its language before any card runs
(`DateStage.for_page`), so "03/04/2025" reads the same way as the "29/04/2025" beside it and
"3 hours ago" resolves against the fetch, and every `SiteAffixStage` the page's titles, so a
" | Site" on most of them is learned and dropped (`siteaffix`). That costs one scan of the
date texts and one of the titles per page. Given the source's `AffixEvidence` (its headlines
so far), `process` adds the page's titles to it, lets the stage use it too, and returns it in
the result for the next page: the caller keeps it, the pipeline stays pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from pipelines.category import category_stage
from pipelines.dates.read import DateOrder, DateStage, date_stage
from pipelines.dedup import SeenUrls, dedup_key, with_content_hash
from pipelines.items import Item, RawItem, Rejected
from pipelines.normalize import normalize
from pipelines.siteaffix import AffixEvidence, SiteAffixStage, site_affix_stage
from pipelines.urls import canonicalize
from pipelines.validate import require_title, require_url

__all__ = ["Pipeline", "PipelineResult", "Stage", "build_pipeline", "default_stages"]

Stage = Callable[[Item], Item | Rejected]


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """What one batch became: kept items in page order, rejections by reason, in-batch repeats,
    and the source's site-name evidence with this page's titles added (None if none was given)."""

    items: list[Item]
    rejected: Counter[str]
    repeats: int
    affixes: AffixEvidence | None = None


@dataclass(frozen=True, slots=True)
class Pipeline:
    """An ordered tuple of stages; build the usual one with `build_pipeline`."""

    stages: tuple[Stage, ...]

    def process(
        self,
        raws: Iterable[RawItem],
        *,
        source: str,
        now: datetime | None = None,
        language: str | None = None,
        seen: SeenUrls | None = None,
        affixes: AffixEvidence | None = None,
    ) -> PipelineResult:
        """Run one page's cards through the stages; keep the first copy of each canonical URL.

        `now` is the fetch time (aware; it resolves "3 hours ago"), `language` the page's
        `<html lang>` ("de", "pt-BR"); both only inform the date stage (see the module doc).
        `seen` carries the URLs taken by earlier pages of the same run, `affixes` the source's
        site-name evidence from its earlier pages and runs.
        """
        cards = list(raws)
        titles = [card.title for card in cards]
        if affixes is not None and any(isinstance(s, SiteAffixStage) for s in self.stages):
            affixes = affixes.add(titles)
        stages = self._page_stages(cards, titles, now=now, language=language, affixes=affixes)
        kept: list[Item] = []
        rejected: Counter[str] = Counter()
        for raw in cards:
            result = _run(stages, Item.from_raw(raw, source=source))
            if isinstance(result, Rejected):
                rejected[result.reason] += 1
            else:
                kept.append(result)
        # Once `canonicalize` has run, the URL is its own `dedup_key` (`canonical_url` is
        # idempotent, and later stages must keep it canonical): no second parse per item.
        url_is_key = canonicalize in self.stages
        keys = [item.url if url_is_key else dedup_key(item) for item in kept]
        is_new = (seen if seen is not None else SeenUrls()).keep_new(keys)
        items = [item for item, new in zip(kept, is_new, strict=True) if new]
        return PipelineResult(
            items=items, rejected=rejected, repeats=len(kept) - len(items), affixes=affixes
        )

    def _page_stages(
        self,
        cards: list[RawItem],
        titles: list[str | None],
        *,
        now: datetime | None,
        language: str | None,
        affixes: AffixEvidence | None,
    ) -> tuple[Stage, ...]:
        if not any(isinstance(stage, DateStage | SiteAffixStage) for stage in self.stages):
            return self.stages
        dates = [card.date for card in cards]
        return tuple(
            stage.for_page(dates, now=now, language=language)
            if isinstance(stage, DateStage)
            else stage.for_page(titles, affixes)
            if isinstance(stage, SiteAffixStage)
            else stage
            for stage in self.stages
        )


def _run(stages: tuple[Stage, ...], item: Item) -> Item | Rejected:
    for stage in stages:
        result = stage(item)
        if isinstance(result, Rejected):
            return result
        item = result
    return item


def default_stages(
    *,
    date_order: DateOrder | None = None,
    timezone: tzinfo = UTC,
    category_aliases: Mapping[str, str] | None = None,
) -> tuple[Stage, ...]:
    """The stage order, in one place: clean text, fix the URL, validate, then derive fields.

    `canonicalize` runs before `require_url` so the check sees the final URL, and
    `with_content_hash` runs last so the hash covers the final values. `date_order` None
    means "not configured": each page's evidence, then its language, decide (see `dates.order`).
    """
    return (
        normalize,
        canonicalize,
        require_title,
        require_url,
        site_affix_stage(),
        date_stage(date_order=date_order, tz=timezone),
        category_stage(category_aliases or {}),
        with_content_hash,
    )


def build_pipeline(
    *,
    date_order: DateOrder | None = None,
    timezone: tzinfo = UTC,
    category_aliases: Mapping[str, str] | None = None,
) -> Pipeline:
    """The default pipeline for one source's settings (see `default_stages`)."""
    return Pipeline(
        stages=default_stages(
            date_order=date_order, timezone=timezone, category_aliases=category_aliases
        )
    )
