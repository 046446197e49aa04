"""Read the publication date a card shows, in the forms news listings actually use.

Recognised, in this order, anywhere inside the text ("Posted on March 3, 2026 by Ana"):

1. ISO 8601 / `<time datetime>`: `2025-07-29`, `2025-07-29T10:30`, seconds, fractions, `Z` or
   an offset (`+02:00`, `+0200`, `+02`).
2. English month names: `July 29, 2025`, `Jul. 29 2025`, `29 July 2025`, `29th of July 2025`,
   `Tuesday, July 29, 2025 10:30 AM`, and RFC 2822 (`Tue, 29 Jul 2025 10:00:00 GMT`), with an
   optional time, AM/PM and zone (`Z`, `UTC`, `GMT`, `GMT+2`, `+0200`, US `EST`..`PDT`).
3. Numeric dates with one repeated separator (`/`, `.`, `-`) read in the source's
   `date_order`; a four-digit first field is always year-first; two-digit years are 20xx.

A value without a zone is in the source's timezone. `published` is "YYYY-MM-DD" for a date, or
an ISO datetime with its offset; `published_at` is the same instant in UTC (a date is local
midnight). Relative dates ("2 hours ago") need a clock and are left out on purpose, as are
dates without a year. Anything unreadable or impossible (month 13, Feb 30) gives None:
`parse_date` is total and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

from pipelines.items import Item, Rejected

__all__ = ["DateOrder", "ParsedDate", "date_stage", "parse_date"]

DateOrder = Literal["MDY", "DMY", "YMD"]

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# RFC 2822 §4.3 obsolete zones; other abbreviations are ambiguous across countries.
_NAMED_ZONES = {
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_UTC_NAMES = frozenset({"Z", "UTC", "GMT", "UT"})
_CENTURY = 2000

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_SEP = r"[\s.,/-]{1,3}"
_ZONE = r"(?P<zone>z|(?:utc|gmt|ut)(?:[+-]\d{1,2}(?::?\d{2})?)?|[ecmp][sd]t|[+-]\d{2}(?::?\d{2})?)"
_CLOCK = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?)?"
)
_TIME = (
    rf"(?:[\s,|•·–—-]{{1,4}}(?:at\s+|@\s*)?{_CLOCK}(?:\s?(?P<ampm>[ap])\.?m\.?(?!\w))?"
    rf"(?:\s?{_ZONE}(?!\w))?)?"
)
_ISO = re.compile(
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9})\d*)?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?| ?(?:UTC|GMT)(?![A-Za-z]))?)?(?!\d)",
    re.ASCII,
)
_NAMED = (
    re.compile(rf"\b{_MONTH}{_SEP}{_DAY}{_SEP}(?P<year>\d{{4}})(?!\d){_TIME}", re.I | re.A),
    re.compile(
        rf"(?<!\d){_DAY}{_SEP}(?:of\s+)?{_MONTH}{_SEP}(?P<year>\d{{4}})(?!\d){_TIME}", re.I | re.A
    ),
)
_NUMERIC = re.compile(
    rf"(?<![\d/.:-])(?P<a>\d{{1,4}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{4}}|\d{{2}})"
    rf"(?!\d|[/.:-]\d){_TIME}",
    re.I | re.A,
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """`published` as shown to users (ISO date, or datetime with offset); `published_at` UTC."""

    published: str
    published_at: datetime


def parse_date(raw: str, *, date_order: DateOrder = "MDY", tz: tzinfo = UTC) -> ParsedDate | None:
    """The first readable date inside `raw`, or None; never raises (see the module docstring).

    `tz` is the source's timezone, used when the text names none.
    """
    text = raw if raw.isascii() else unicodedata.normalize("NFKC", raw.translate(_INVISIBLE))
    for match in _ISO.finditer(text):
        found = _build(match, _int(match["year"]), _int(match["month"]), _int(match["day"]), tz)
        if found is not None:
            return found
    for pattern in _NAMED:
        for match in pattern.finditer(text):
            month = _MONTHS[match["month"][:3].lower()]
            found = _build(match, _int(match["year"]), month, _int(match["day"]), tz)
            if found is not None:
                return found
    for match in _NUMERIC.finditer(text):
        if match["sep"] == "-" and len(match["a"]) == 4:
            continue  # ISO-shaped: already judged above, with its time and zone
        year, month, day = _numeric_fields(match, date_order)
        found = _build(match, year, month, day, tz)
        if found is not None:
            return found
    return None


def date_stage(*, date_order: DateOrder, tz: tzinfo) -> Callable[[Item], Item | Rejected]:
    """The stage: fill `published`/`published_at` from `published_raw`.

    An unreadable date leaves the item as it is (`published` stays None): a missing date is
    never a reason to drop a card. `published_raw` is kept for people and later re-parsing.
    """

    def parse_published(item: Item) -> Item | Rejected:
        if not item.published_raw:
            return item
        parsed = parse_date(item.published_raw, date_order=date_order, tz=tz)
        if parsed is None:
            return item
        return replace(item, published=parsed.published, published_at=parsed.published_at)

    return parse_published


def _int(digits: str | None) -> int:
    return int(digits) if digits else 0


def _numeric_fields(match: re.Match[str], date_order: DateOrder) -> tuple[int, int, int]:
    """(year, month, day) from a numeric date; a four-digit first field is always the year."""
    first, second, third = match["a"], _int(match["b"]), _int(match["c"])
    if len(first) == 4 or date_order == "YMD":
        year, month, day = _int(first), second, third
        if len(first) == 2:
            year += _CENTURY
        elif len(first) != 4:
            year = 0  # "1/2/25" in YMD: not a year we can trust
        return year, month, day
    if len(first) > 2:
        return 0, 0, 0
    year = third + _CENTURY if len(match["c"]) == 2 else third
    if date_order == "DMY":
        return year, second, int(first)
    return year, int(first), second


def _build(match: re.Match[str], year: int, month: int, day: int, tz: tzinfo) -> ParsedDate | None:
    """A ParsedDate from matched fields, or None when they name no real day or time."""
    try:
        day_value = date(year, month, day)
        clock = _clock(match)
        if clock is None:
            local_midnight = datetime.combine(day_value, time(), tzinfo=tz)
            return ParsedDate(day_value.isoformat(), local_midnight.astimezone(UTC))
        zone = _zone(match["zone"]) or tz
        stamp = datetime.combine(day_value, clock, tzinfo=zone)
        if stamp.utcoffset() is None:  # a tzinfo that does not know its offset
            return None
        return ParsedDate(stamp.isoformat(), stamp.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


def _clock(match: re.Match[str]) -> time | None:
    """The matched time of day; None when there is none (a lone number is not a time).

    Raises ValueError for an impossible time ("25:00", "13 PM"), which voids the match.
    """
    fields = match.groupdict()  # the ISO pattern has no AM/PM group
    hour, minute, ampm = fields["hour"], fields["minute"], fields.get("ampm")
    if hour is None or (minute is None and ampm is None):
        return None
    hours = int(hour)
    if ampm is not None:
        if not 1 <= hours <= 12:
            raise ValueError(hour)
        hours = hours % 12 + (12 if ampm.lower() == "p" else 0)
    micros = int((match["frac"] or "0")[:6].ljust(6, "0"))
    return time(hours, _int(minute), _int(match["second"]), micros)


def _zone(name: str | None) -> tzinfo | None:
    """A fixed offset from a zone designator; raises ValueError past ±24 h."""
    if name is None:
        return None
    upper = name.strip().upper()
    if upper in _UTC_NAMES:
        return UTC
    if upper in _NAMED_ZONES:
        return timezone(timedelta(hours=_NAMED_ZONES[upper]))
    offset = upper.lstrip("UTCGM")
    sign = -1 if offset[0] == "-" else 1
    hours, _, minutes = offset[1:].partition(":")
    if not minutes and len(hours) == 4:
        hours, minutes = hours[:2], hours[2:]
    return timezone(sign * timedelta(hours=int(hours), minutes=_int(minutes)))
