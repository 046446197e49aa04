"""The API's answers as pydantic models: what /openapi.json documents, and what each endpoint
is checked against on the way out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CategoryCount",
    "CrawlHealthOut",
    "DayCount",
    "HealthOut",
    "ItemOut",
    "ItemPageOut",
    "Problem",
    "RunOut",
    "SourceCount",
    "SourceOut",
    "StatsOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Problem(_Out):
    """Why a request was refused (4xx) or could not be answered (503)."""

    detail: str


class ItemOut(_Out):
    """One item: its row id (for /items/{id}), the contract's item fields, for a search the
    snippet around what matched (plain text), and with `raw=true` the text as found."""

    id: int
    url: str
    title: str
    summary: str | None
    published: str | None = Field(description="ISO 8601 date, or datetime with offset")
    published_raw: str | None
    category: str | None
    source: str
    first_seen: datetime
    last_seen: datetime
    duplicate_of: str | None
    snippet: str | None = None
    # Only with `raw=true` (left out of the answer otherwise: the routes drop unset fields).
    title_raw: str | None = Field(None, description="the title as found (raw=true)")
    summary_raw: str | None = Field(None, description="the summary as found (raw=true)")


class ItemPageOut(_Out):
    """A page of items; pass a cursor back as `cursor` for the page on that side."""

    items: list[ItemOut]
    next_cursor: str | None
    prev_cursor: str | None


class RunOut(_Out):
    """One crawl run; `stats` holds every counter it kept."""

    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    pages: int
    new: int
    updated: int
    unchanged: int
    duplicate: int
    invalid: int
    errors: int
    error: str | None
    stats: dict[str, int]


class SourceOut(_Out):
    """A source the database knows: as synced from config (`kind` null when only its items
    name it), its item count and its newest run."""

    name: str
    kind: str | None
    urls: list[str]
    interval_s: float | None
    synced_at: datetime | None
    items: int
    last_run: RunOut | None


class SourceCount(_Out):
    source: str
    items: int
    latest_first_seen: datetime
    latest_published: datetime | None


class CategoryCount(_Out):
    category: str | None
    items: int


class DayCount(_Out):
    day: str = Field(description="publication day in the item's own zone, YYYY-MM-DD")
    items: int


class CrawlHealthOut(_Out):
    source: str
    runs: int
    ok: int
    failed: int
    interrupted: int
    last_started: datetime
    last_status: str
    last_ok: datetime | None
    health: Literal["ok", "failing", "never ok"]


class StatsOut(_Out):
    """Counts per source, category and publication day, and crawl health per source."""

    items: int
    undated: int
    sources: list[SourceCount]
    categories: list[CategoryCount]
    days: list[DayCount]
    crawls: list[CrawlHealthOut]


class HealthOut(_Out):
    """The server answers and its database answers."""

    status: Literal["ok"]
    database: str
