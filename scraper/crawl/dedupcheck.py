"""At `tidings crawl` and `tidings run` start: say so when dedup is on but the newest items in
its window hold no keys. That is a database stored with dedup off, and copies of those items
would be found by URL only until `tidings db rekey` keys them (`storage.rekey`)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from scraper.config import Settings
from scraper.crawl.sources import near_policy

__all__ = ["check_dedup_keys"]

logger = logging.getLogger(__name__)


def check_dedup_keys(settings: Settings, engine: Engine, *, now: datetime) -> int:
    """Log a warning naming `tidings db rekey` when the window's newest items hold no keys;
    how many of them (0 with dedup off)."""
    policy = near_policy(settings)
    if policy is None:
        return 0
    from storage import unkeyed_items

    missing = unkeyed_items(engine, policy=policy, now=now)
    if missing:
        logger.warning(
            "dedup.unkeyed",
            extra={
                "items": missing,
                "reason": "stored with dedup off: copies find them by URL only",
                "fix": "tidings db rekey",
            },
        )
    return missing
