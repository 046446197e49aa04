"""Pure stages that turn the cards a parser found into items storage can keep.

Every stage is `Item -> Item | Rejected`: no I/O, no clock, no globals. The default order is
`default_stages` in `pipeline.py`; `build_pipeline` wraps it for one source's settings.

The near-duplicate names (`neardup`) load on first use (PEP 562): only `dedup.enabled` needs
them, and a crawl with it off (the default) does not pay for their import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pipelines.category import category_stage
from pipelines.dates.hijri import has_hijri_date
from pipelines.dates.order import language_date_order, page_date_order
from pipelines.dates.read import DateOrder, DateStage, ParsedDate, date_stage, parse_date
from pipelines.dates.words import (
    AGO_AFTER,
    AGO_BEFORE,
    CJK_UNIT_WORDS,
    DAY_WORDS,
    JALALI_MONTHS,
    LETTER,
    MONTHS,
    UNIT_WORDS,
    fold,
    prepare,
)
from pipelines.dedup import SeenUrls, content_hash, dedup_key, with_content_hash
from pipelines.items import Item, RawItem, Rejected
from pipelines.normalize import clean_text, normalize
from pipelines.pipeline import Pipeline, PipelineResult, Stage, build_pipeline, default_stages
from pipelines.siteaffix import AffixEvidence
from pipelines.urls import canonical_url, canonicalize
from pipelines.validate import require_title, require_url

if TYPE_CHECKING:
    from pipelines.neardup import (
        NearDupPolicy,
        StoryFacts,
        StoryIndex,
        may_be_same,
        same_story,
        story_index,
        story_keys,
        url_key,
    )

__all__ = [
    "AGO_AFTER",
    "AGO_BEFORE",
    "CJK_UNIT_WORDS",
    "DAY_WORDS",
    "JALALI_MONTHS",
    "LETTER",
    "MONTHS",
    "UNIT_WORDS",
    "AffixEvidence",
    "DateOrder",
    "DateStage",
    "Item",
    "NearDupPolicy",
    "ParsedDate",
    "Pipeline",
    "PipelineResult",
    "RawItem",
    "Rejected",
    "SeenUrls",
    "Stage",
    "StoryFacts",
    "StoryIndex",
    "build_pipeline",
    "canonical_url",
    "canonicalize",
    "category_stage",
    "clean_text",
    "content_hash",
    "date_stage",
    "dedup_key",
    "default_stages",
    "fold",
    "has_hijri_date",
    "language_date_order",
    "may_be_same",
    "normalize",
    "page_date_order",
    "parse_date",
    "prepare",
    "require_title",
    "require_url",
    "same_story",
    "story_index",
    "story_keys",
    "url_key",
    "with_content_hash",
]

_LAZY = dict.fromkeys(
    (
        "NearDupPolicy",
        "StoryFacts",
        "StoryIndex",
        "may_be_same",
        "same_story",
        "story_index",
        "story_keys",
        "url_key",
    ),
    "pipelines.neardup",
)

if not TYPE_CHECKING:  # mypy reads the imports above; hiding this keeps its checks exact

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
