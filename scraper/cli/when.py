"""Time bounds typed on the command line: an ISO date/datetime, or a span back from now ("7d")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scraper.config import parse_duration
from scraper.errors import ConfigError

__all__ = ["parse_when"]


def parse_when(text: str | None, option: str, *, now: datetime | None = None) -> datetime | None:
    """Aware UTC from `2026-01-31`, `2026-01-31T08:00+01:00` or `7d`/`12h` (that long ago)."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            span = parse_duration(text)
        except ValueError:
            raise ConfigError(
                f"{text!r} is neither a date (2026-01-31) nor a span (7d)", field=option
            ) from None
        return (now or datetime.now(UTC)) - timedelta(seconds=span)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
