"""Read the publication date a card shows, in the forms and languages news listings use.

Recognised anywhere inside the text ("Posted on March 3, 2026 by Ana"), first match wins:

1. ISO 8601 / `<time datetime>` (the fast path, tried before any folding): `2025-07-29`,
   `2025-07-29T10:30`, seconds, fractions, `Z` or an offset (`+02:00`, `+0200`, `+02`),
   also after a space (`2025-07-29 10:30:00 -0600`, as tooltips and logs print it).
2. CJK dates: `2025年7月29日`, `2025年07月29日 10:30`, Korean `2025년 7월 29일`.
3. Month names in any language `words` knows (en, de, fr, es, it, pt, nl, ru, uk, el, sv,
   da, no, pl, cs, ro, id, ms, hu, fi, ca, tr, hi, bn, ar, fa, th; full, abbreviated,
   genitive; day or year first), with native
   digits read as digits, a Thai Buddhist-era year as its common-era year, and a Persian
   Solar Hijri date (`۱۰ آذر ۱۴۰۴`) as its Gregorian day (`calendars`):
   `July 29, 2025`, `aprile 25, 2016`, `29. Juli 2025`, `29 juillet 2025`,
   `29 de julio de 2025`, `29 июля 2025 г.`, `২৯ জুলাই ২০২৫`, `29 กรกฎาคม 2568`,
   `29 Ιουλίου 2025`, `29th of July 2025`, `Tue, 29 Jul 2025 10:00:00 GMT` (RFC 2822).
4. Numeric dates with one repeated separator (`/`, `.`, `-`, `. `), read in `date_order`
   (see `order`): `Mo., 29.07.2025`, `07/29/25`, `2025/07/29`.
5. Only when `now` is given, relative dates: `3 hours ago`, `vor 2 Tagen`, `gestern, 10:30`
   (see `relative`). Without `now` they give None, since a clock is not ours to read.

A time after the date (or just before it) is kept with its zone: `10:30`, `10.30 Uhr`,
`14h30`, `9:05 a.m.`, `10時30分`, `10:30 CET`, `+02:00`, `GMT` (see `clock`). A value without
a zone is in the source's timezone `tz`. `published` is "YYYY-MM-DD" for a date, or an ISO
datetime with its offset; `published_at` is the same instant in UTC (a date is local
midnight). Dates without a year are left out on purpose: guessing the year invents a date.
Anything unreadable or impossible (month 13, Feb 30, 25:00) gives None: `parse_date` is total
and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, tzinfo

from pipelines.dates.calendars import jalali_to_gregorian
from pipelines.dates.hijri import (
    HIJRI_TOLERANCE_S,
    has_hijri_mark,
    hijri_dates,
    hijri_to_gregorian,
    is_hijri_year,
)
from pipelines.dates.order import (
    ISO_TEXT,
    NUMERIC_DATE,
    DateOrder,
    language_date_order,
    numeric_fields,
    page_date_order,
)
from pipelines.dates.relative import resolve_relative
from pipelines.dates.timeofday import TimeOfDay, read_time_after, read_time_before, zone_offset
from pipelines.dates.words import JALALI_MONTHS, LETTER, MONTHS, common_era, fold, prepare
from pipelines.items import Item, Rejected

__all__ = ["DateOrder", "DateStage", "ParsedDate", "date_stage", "parse_date"]

_ISO = re.compile(
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9})\d*)?)?"
    r"(?P<zone> ?(?:[Zz](?![A-Za-z])|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?![A-Za-z])))?)?(?!\d)",
    re.ASCII,
)
_CJK = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})(?!\d)"
    r"\s*[日일号號]?"
)
_DAY = r"(?P<day>\d{1,2})(?!\d)"
_MONTH = rf"(?P<month>{LETTER}{{2,}})"
_NAMED = (
    # Month first: "July 29, 2025", "Jul. 29 2025", "aprile 25, 2016".
    re.compile(
        rf"(?<![^\W\d_]){_MONTH}\.?[\s,.-]*{_DAY}(?:st|nd|rd|th)?[\s,.،]*(?P<year>\d{{4}})(?!\d)"
    ),
    # Day first: "29. Juli 2025", "1er juillet", "29 de julio de 2025", "29th of July", "29-Jul".
    re.compile(
        rf"(?<!\d){_DAY}(?:st|nd|rd|th|er|o)?\.?[\s,/-]*(?:(?:de|del|di|of)\s+)?{_MONTH}\.?"
        r"[\s,./،-]*(?:(?:de|del|of)\s+)?(?P<year>\d{4})(?!\d)"
    ),
    # Year first: Hungarian "2016. március 18.", "2016 March 18".
    re.compile(rf"(?<!\d)(?P<year>\d{{4}})\.?[\s,]+{_MONTH}\.?\s*{_DAY}(?!\d)"),
)
# (match, year, month, day, tolerance_s) of one date-shaped span in folded text.
_Candidate = tuple[re.Match[str], int, int, int, int]
# Jalali years from here on are 2041 CE and later: a numeric date with a year in the Hijri
# range at or past it is a lunar Hijri date, one before it a Solar Hijri (Persian) date.
_LUNAR_FROM = 1420


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """`published` as shown to users (ISO date, or datetime with offset); `published_at` UTC."""

    published: str
    published_at: datetime
    tolerance_s: int = 0
    """How far another reading of the same text may land (0 for an absolute date)."""


def parse_date(
    raw: str,
    *,
    date_order: DateOrder | None = None,
    tz: tzinfo = UTC,
    now: datetime | None = None,
    language: str | None = None,
) -> ParsedDate | None:
    """The first readable date inside `raw`, or None; never raises (see the module docstring).

    `date_order` reads ambiguous numeric dates; None means the convention of `language` (a
    BCP 47 tag such as "de" or "pt-BR"), else MDY. `tz` is the source's timezone, used when
    the text names none. `now` (the fetch time) resolves relative dates.
    """
    text = prepare(raw)
    iso = _first_iso(text, tz)
    if iso is not None:
        return iso
    folded = fold(text)
    order = date_order or language_date_order(language) or "MDY"
    for match, year, month, day, tolerance in _candidates(folded, order):
        found = _dated(folded, match, (year, month, day), tz)
        if found is not None:
            return replace(found, tolerance_s=tolerance) if tolerance else found
    return None if now is None else _relative(folded, now=now, tz=tz, language=language)


def _relative(folded: str, *, now: datetime, tz: tzinfo, language: str | None) -> ParsedDate | None:
    """A relative date in `folded`, resolved against `now`, with its precision."""
    relative = resolve_relative(folded, now=now, tz=tz, language=language)
    if relative is None:
        return None
    value, tolerance = relative.value, relative.tolerance_s
    try:
        if isinstance(value, datetime):
            return ParsedDate(value.isoformat(), value.astimezone(UTC), tolerance)
        stamped = _stamp(value, None, tz)
    except (ValueError, OverflowError):
        return None
    return None if stamped is None else replace(stamped, tolerance_s=tolerance)


@dataclass(frozen=True, slots=True)
class DateStage:
    """The stage: fill `published`/`published_at` from `published_raw`.

    An unreadable date leaves the item as it is (`published` stays None): a missing date is
    never a reason to drop a card. `published_raw` is kept for people and later re-parsing.
    `date_order` None means "not configured": `for_page` then lets the page decide.
    """

    date_order: DateOrder | None = None
    tz: tzinfo = UTC
    now: datetime | None = None
    language: str | None = None

    def __call__(self, item: Item) -> Item | Rejected:
        if not item.published_raw:
            return item
        parsed = parse_date(
            item.published_raw,
            date_order=self.date_order,
            tz=self.tz,
            now=self.now,
            language=self.language,
        )
        if parsed is None:
            return item
        # By name rather than `replace`, which scans the fields on every call (see dedup.py).
        return Item(
            url=item.url,
            title=item.title,
            source=item.source,
            summary=item.summary,
            published=parsed.published,
            published_at=parsed.published_at,
            published_raw=item.published_raw,
            category=item.category,
            content_hash=item.content_hash,
            published_tolerance_s=parsed.tolerance_s,
            title_raw=item.title_raw,
            summary_raw=item.summary_raw,
        )

    def for_page(
        self, texts: Sequence[str | None], *, now: datetime | None, language: str | None
    ) -> DateStage:
        """This stage for one page: its date order decided from all its date texts at once.

        `now` and `language` override the ones this stage was built with, when given.
        """
        language = language or self.language
        order = page_date_order(texts, configured=self.date_order, language=language)
        return DateStage(date_order=order, tz=self.tz, now=now or self.now, language=language)


def date_stage(
    *,
    date_order: DateOrder | None = None,
    tz: tzinfo = UTC,
    now: datetime | None = None,
    language: str | None = None,
) -> DateStage:
    """The date stage for one source (see `DateStage`); cheap, so build one per page if needed."""
    return DateStage(date_order=date_order, tz=tz, now=now, language=language)


def _candidates(folded: str, order: DateOrder) -> Iterator[_Candidate]:
    """Every date-shaped span, in the priority order of the module docstring."""
    for match in _CJK.finditer(folded):
        yield match, int(match["year"]), int(match["month"]), int(match["day"]), 0
    for pattern in _NAMED:
        pos = 0
        # search, not finditer: a word that is no month must not hide an overlapping date.
        while (named := pattern.search(folded, pos)) is not None:
            month = MONTHS.get(named["month"], 0)
            if month:
                yield named, int(named["year"]), month, int(named["day"]), 0
            elif named["month"] in JALALI_MONTHS:
                month = JALALI_MONTHS[named["month"]]
                ymd = jalali_to_gregorian(int(named["year"]), month, int(named["day"]))
                yield named, *ymd, 0
            pos = named.start() + 1
    for hijri, year, month, day in hijri_dates(folded):
        yield hijri, year, month, day, HIJRI_TOLERANCE_S
    for match in NUMERIC_DATE.finditer(folded):
        if match["sep"] == "-" and len(match["a"]) == 4 and len(match["b"]) == 2:
            continue  # ISO-shaped: already judged on the raw text, with its time and zone
        yield _numeric(folded, match, order)


def _numeric(folded: str, match: re.Match[str], order: DateOrder) -> _Candidate:
    """A numeric date; one whose year is a Hijri year ("1447/06/10 هـ") converted from it.

    A year marked Hijri, or one at or past `_LUNAR_FROM`, is lunar; an unmarked earlier one
    is a Persian Solar Hijri year ("1404/09/10"). Neither is ever a Gregorian year on a page.
    """
    year, month, day = numeric_fields(match, order)
    if not is_hijri_year(year):
        return match, year, month, day, 0
    if has_hijri_mark(folded, match.end()) or year >= _LUNAR_FROM:
        return match, *hijri_to_gregorian(year, month, day), HIJRI_TOLERANCE_S
    return match, *jalali_to_gregorian(year, month, day), 0


def _dated(
    folded: str, match: re.Match[str], ymd: tuple[int, int, int], tz: tzinfo
) -> ParsedDate | None:
    """The date of `match` with the time printed after (or before) it; None if impossible."""
    try:
        year, month, day_of_month = ymd
        day = date(common_era(year), month, day_of_month)
        clock = read_time_after(folded, match.end()) or read_time_before(folded, match.start())
        return _stamp(day, clock, tz)
    except (ValueError, OverflowError):
        return None


def _first_iso(text: str, tz: tzinfo) -> ParsedDate | None:
    """The first readable ISO 8601 date in `text`; a text that is one (most are) reads in C."""
    if ISO_TEXT.fullmatch(text) is not None:
        whole = _from_iso_whole(text, tz)
        if whole is not None:
            return whole
    for match in _ISO.finditer(text):
        found = _from_iso(text, match, tz)
        if found is not None:
            return found
    return None


def _from_iso(text: str, match: re.Match[str], tz: tzinfo) -> ParsedDate | None:
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        if match["hour"] is None:
            return _stamp(day, read_time_after(fold(text[match.end() :]), 0), tz)
        micros = int((match["frac"] or "0")[:6].ljust(6, "0"))
        seconds = int(match["second"] or 0)
        moment = time(int(match["hour"]), int(match["minute"]), seconds, micros)
        zone = None if match["zone"] is None else zone_offset(match["zone"])
        return _stamp(day, (moment, zone), tz)
    except (ValueError, OverflowError):
        return None


def _from_iso_whole(text: str, tz: tzinfo) -> ParsedDate | None:
    """`_from_iso` for a text that is one `ISO_TEXT` value; None sends it the long way."""
    try:
        stamp = datetime.fromisoformat(text)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=tz)
            if stamp.utcoffset() is None:
                return None
        shown = stamp.isoformat() if "T" in text else stamp.date().isoformat()
        return ParsedDate(shown, stamp.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


def _stamp(day: date, clock: TimeOfDay | None, tz: tzinfo) -> ParsedDate | None:
    """A ParsedDate for a day (local midnight) or a day and time; None for a zone we can't use.

    Raises ValueError/OverflowError when the instant falls off the calendar.
    """
    moment, zone = clock if clock is not None else (time(), None)
    stamp = datetime.combine(day, moment, tzinfo=zone or tz)
    if stamp.utcoffset() is None:  # a tzinfo that does not know its offset
        return None
    shown = day.isoformat() if clock is None else stamp.isoformat()
    return ParsedDate(shown, stamp.astimezone(UTC))
