"""Time bounds a person types (`--since`, `--until`, the API's `since`/`until`): a calendar day,
an instant, or a span back from now.

A day stays a day (`date`): storage compares it with each item's own local date, so
`--until 2025-09-30` keeps what was published on the 30th in Singapore and in New York alike. A
datetime or a span ("7d", "12h") is an instant, compared with the moment of publication.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scraper.config.units import parse_duration
from scraper.errors import ConfigError

__all__ = ["parse_when"]


def parse_when(text: str | None, option: str, *, now: datetime | None = None) -> date | None:
    """`2026-01-31` -> that day (a `date`); `2026-01-31T08:00+01:00` -> that instant (aware
    UTC; without an offset, UTC); `7d`/`12h` -> that long before `now`. Raises ConfigError
    naming `option` for anything else."""
    if text is None:
        return None
    text = text.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else _instant(text)
    except ValueError:
        try:
            span = parse_duration(text)
        except ValueError:
            raise ConfigError(
                f"{text!r} is neither a date (2026-01-31) nor a span (7d)", field=option
            ) from None
        return (now or datetime.now(UTC)) - timedelta(seconds=span)


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
