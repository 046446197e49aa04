"""Date reading: the forms listings use, the source's order and zone, and totality."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import DateOrder, Item, ParsedDate, date_stage, parse_date

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


_utc = partial(datetime, tzinfo=UTC)  # _utc(2025, 7, 29, 14, 30): an aware UTC datetime


# raw -> (published, published_at in UTC), read with MDY in New York (UTC-4 in July).
NEW_YORK_CASES = {
    "iso-date": ("2025-07-29", "2025-07-29", _utc(2025, 7, 29, 4)),
    "iso-minutes-naive": (
        "2025-07-29T10:30",
        "2025-07-29T10:30:00-04:00",
        _utc(2025, 7, 29, 14, 30),
    ),
    "iso-space-separator": (
        "2025-07-29 10:30:15",
        "2025-07-29T10:30:15-04:00",
        _utc(2025, 7, 29, 14, 30, 15),
    ),
    "iso-z": ("2025-07-29T10:30:00Z", "2025-07-29T10:30:00+00:00", _utc(2025, 7, 29, 10, 30)),
    "iso-offset-after-space": (
        "2025-07-29 10:30:00 -0600",
        "2025-07-29T10:30:00-06:00",
        _utc(2025, 7, 29, 16, 30),
    ),
    "iso-z-after-space": (
        "2025-07-29 10:30:00 Z",
        "2025-07-29T10:30:00+00:00",
        _utc(2025, 7, 29, 10, 30),
    ),
    "iso-offset": (
        "2025-07-29T10:30:00+02:00",
        "2025-07-29T10:30:00+02:00",
        _utc(2025, 7, 29, 8, 30),
    ),
    "iso-offset-compact": (
        "2025-07-29T10:30+0530",
        "2025-07-29T10:30:00+05:30",
        _utc(2025, 7, 29, 5),
    ),
    "iso-offset-hours": (
        "2025-07-29T10:30-03",
        "2025-07-29T10:30:00-03:00",
        _utc(2025, 7, 29, 13, 30),
    ),
    "iso-fraction": (
        "2025-07-29T10:30:00.250Z",
        "2025-07-29T10:30:00.250000+00:00",
        _utc(2025, 7, 29, 10, 30, 0, 250000),
    ),
    "iso-nanoseconds": (
        "2025-07-29T10:30:00.123456789Z",
        "2025-07-29T10:30:00.123456+00:00",
        _utc(2025, 7, 29, 10, 30, 0, 123456),
    ),
    "iso-in-text": ("Updated 2025-07-29 by desk", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-mdy": ("07/29/2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-dots": ("7.29.2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-dashes": ("07-29-2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-two-digit-year": ("7/29/25", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-year-first": ("2025/07/29", "2025-07-29", _utc(2025, 7, 29, 4)),
    "numeric-with-time": (
        "07/29/2025 10:30 PM",
        "2025-07-29T22:30:00-04:00",
        _utc(2025, 7, 30, 2, 30),
    ),
    "numeric-then-word": ("07/29/2025 Logistics", "2025-07-29", _utc(2025, 7, 29, 4)),
    "month-day-year": ("July 29, 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "day-month-year": ("29 July 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "abbrev-with-dot": ("Jul. 29 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "sept-abbrev": ("Sept. 3, 2025", "2025-09-03", _utc(2025, 9, 3, 4)),
    "upper-case-month": ("29 JUL 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "ordinal-of": ("29th of July 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "ordinal-mdy": ("July 1st, 2025", "2025-07-01", _utc(2025, 7, 1, 4)),
    "dashed-names": ("29-Jul-2025", "2025-07-29", _utc(2025, 7, 29, 4)),
    "weekday-and-time": (
        "Tuesday, July 29, 2025 10:30 AM",
        "2025-07-29T10:30:00-04:00",
        _utc(2025, 7, 29, 14, 30),
    ),
    "at-time-am-dots": (
        "July 29, 2025 at 9:05 a.m.",
        "2025-07-29T09:05:00-04:00",
        _utc(2025, 7, 29, 13, 5),
    ),
    "hour-only-pm": ("29 July 2025, 9 pm", "2025-07-29T21:00:00-04:00", _utc(2025, 7, 30, 1)),
    "noon": ("July 29, 2025 12:00 PM", "2025-07-29T12:00:00-04:00", _utc(2025, 7, 29, 16)),
    "midnight": ("July 29, 2025 12:15 AM", "2025-07-29T00:15:00-04:00", _utc(2025, 7, 29, 4, 15)),
    "rfc-2822-gmt": (
        "Tue, 29 Jul 2025 10:00:00 GMT",
        "2025-07-29T10:00:00+00:00",
        _utc(2025, 7, 29, 10),
    ),
    "rfc-2822-offset": (
        "Tue, 29 Jul 2025 10:00:00 +0200",
        "2025-07-29T10:00:00+02:00",
        _utc(2025, 7, 29, 8),
    ),
    "named-zone": (
        "July 29, 2025 10:30 AM PDT",
        "2025-07-29T10:30:00-07:00",
        _utc(2025, 7, 29, 17, 30),
    ),
    "gmt-plus": ("29 July 2025 10:30 GMT+2", "2025-07-29T10:30:00+02:00", _utc(2025, 7, 29, 8, 30)),
    "posted-on-by": ("Posted on March 3, 2026 by Ana", "2026-03-03", _utc(2026, 3, 3, 5)),
    "iso-space-utc": (
        "2025-07-29 10:30:00 UTC",
        "2025-07-29T10:30:00+00:00",
        _utc(2025, 7, 29, 10, 30),
    ),
    "dash-before-time": (
        "29 July 2025 - 10:30",
        "2025-07-29T10:30:00-04:00",
        _utc(2025, 7, 29, 14, 30),
    ),
    "bullet-before-time": (
        "07/29/2025 • 8:05 pm",
        "2025-07-29T20:05:00-04:00",
        _utc(2025, 7, 30, 0, 5),
    ),
    "lone-number-not-a-time": ("29 July 2025 12 comments", "2025-07-29", _utc(2025, 7, 29, 4)),
    "winter-offset": ("2026-01-15T08:00", "2026-01-15T08:00:00-05:00", _utc(2026, 1, 15, 13)),
    "leap-day": ("02/29/2028", "2028-02-29", _utc(2028, 2, 29, 5)),
    "fullwidth-digits": ("２０２５-０７-２９", "2025-07-29", _utc(2025, 7, 29, 4)),
    "zero-width-inside": ("July\u200b 29, 2025", "2025-07-29", _utc(2025, 7, 29, 4)),
}


@pytest.mark.parametrize(("raw", "published", "at"), NEW_YORK_CASES.values(), ids=NEW_YORK_CASES)
def test_parse_date(raw: str, published: str, at: datetime) -> None:
    assert parse_date(raw, tz=NEW_YORK) == ParsedDate(published, at)


ORDERS: dict[str, tuple[str, DateOrder, date]] = {
    "mdy": ("03/04/2025", "MDY", date(2025, 3, 4)),
    "dmy": ("03/04/2025", "DMY", date(2025, 4, 3)),
    "dmy-dots": ("29.07.2025", "DMY", date(2025, 7, 29)),
    "dmy-two-digit-year": ("29.07.25", "DMY", date(2025, 7, 29)),
    "ymd": ("25/07/29", "YMD", date(2025, 7, 29)),
    "ymd-four-digit": ("2025.07.29", "YMD", date(2025, 7, 29)),
    "four-digit-first-beats-dmy": ("2025/07/29", "DMY", date(2025, 7, 29)),
    "names-ignore-order": ("July 3, 2025", "DMY", date(2025, 7, 3)),
}


@pytest.mark.parametrize(("raw", "order", "want"), ORDERS.values(), ids=ORDERS)
def test_date_order(raw: str, order: DateOrder, want: date) -> None:
    parsed = parse_date(raw, date_order=order)
    assert parsed is not None
    assert parsed.published == want.isoformat()


INVALID: dict[str, tuple[str, DateOrder]] = {
    "month-13-mdy": ("13/01/2025", "MDY"),
    "month-13-dmy": ("01/13/2025", "DMY"),
    "feb-30": ("02/30/2025", "MDY"),
    "feb-29-common-year": ("2025-02-29", "MDY"),
    "iso-month-13": ("2025-13-01", "MDY"),
    "named-day-32": ("July 32, 2025", "MDY"),
    "hour-25": ("2025-07-29T25:00", "MDY"),
    "pm-hour-13": ("July 29, 2025 13:00 PM", "MDY"),
    "offset-too-large": ("2025-07-29T10:00+25:00", "MDY"),
    "year-zero": ("0000-01-01", "MDY"),
    "one-digit-year-first-ymd": ("5/07/29", "YMD"),
    "three-digit-first": ("123/07/29", "MDY"),
    "mixed-separators": ("07/29-2025", "MDY"),
    "no-year": ("July 29", "MDY"),
    "relative": ("3 hours ago", "MDY"),
    "words": ("Breaking news from the harbor", "MDY"),
    "version-number": ("release 1.2.3", "MDY"),
    "empty": ("", "MDY"),
}


@pytest.mark.parametrize(("raw", "order"), INVALID.values(), ids=INVALID)
def test_unreadable_dates_are_none(raw: str, order: DateOrder) -> None:
    assert parse_date(raw, date_order=order) is None


def test_invalid_candidate_falls_through_to_a_valid_one() -> None:
    parsed = parse_date("ref 2025-13-40, filed 2025-07-29")
    assert parsed is not None
    assert parsed.published == "2025-07-29"


def test_time_in_a_dst_zone_uses_that_days_offset() -> None:
    summer = parse_date("2025-07-29T10:00", tz=BERLIN)
    winter = parse_date("2025-12-29T10:00", tz=BERLIN)
    assert summer is not None
    assert winter is not None
    assert summer.published.endswith("+02:00")
    assert winter.published.endswith("+01:00")


def test_default_zone_is_utc() -> None:
    assert parse_date("July 29, 2025 10:30 AM") == ParsedDate(
        "2025-07-29T10:30:00+00:00", _utc(2025, 7, 29, 10, 30)
    )


def test_published_at_is_aware_utc() -> None:
    parsed = parse_date("29 July 2025", tz=timezone(timedelta(hours=9)))
    assert parsed is not None
    assert parsed.published_at.tzinfo is UTC
    assert parsed.published_at == _utc(2025, 7, 28, 15)


def test_date_stage_fills_published_and_keeps_raw() -> None:
    stage = date_stage(date_order="DMY", tz=BERLIN)
    item = Item(url="u", title="T", source="s", published_raw="Posted 03.04.2025 in Town")
    out = stage(item)
    assert isinstance(out, Item)
    assert out.published == "2025-04-03"
    assert out.published_at == _utc(2025, 4, 2, 22)
    assert out.published_raw == "Posted 03.04.2025 in Town"


def test_date_stage_keeps_every_other_field() -> None:
    # The stage builds the Item field by field (faster than replace): a field it forgot would
    # fall back to its default, and this item has none at its default.
    item = Item(
        url="u",
        title="T",
        source="s",
        summary="S",
        published="old",
        published_at=_utc(2020, 1, 1),
        published_raw="2025-07-29",
        category="C",
        content_hash="x",
        published_tolerance_s=3600,
        title_raw="T raw",
        summary_raw="S raw",
    )
    assert not [f.name for f in fields(Item) if getattr(item, f.name) == f.default]
    # A written date is exact: the old date's tolerance goes with it.
    want = replace(
        item, published="2025-07-29", published_at=_utc(2025, 7, 29), published_tolerance_s=0
    )
    assert date_stage(tz=UTC)(item) == want


@pytest.mark.parametrize("raw", [None, "", "someday"], ids=["none", "empty", "unreadable"])
def test_date_stage_without_a_date_keeps_the_item(raw: str | None) -> None:
    stage = date_stage(date_order="MDY", tz=UTC)
    out = stage(Item(url="u", title="T", source="s", published_raw=raw))
    assert isinstance(out, Item)
    assert (out.published, out.published_at, out.published_raw) == (None, None, raw)


_ZONES = st.sampled_from([UTC, NEW_YORK, BERLIN, ZoneInfo("Pacific/Kiritimati")])
_ORDERS = st.sampled_from(["MDY", "DMY", "YMD"])
_DATE_SOUP = st.text(alphabet=st.sampled_from("0123456789/.-:T Z+ ,JulyMarpmAMGT"), max_size=40)
_WORLD_SOUP = st.text(
    alphabet=st.sampled_from("0123456789.:年月日時分前 ,hUuriaäéμήςΜαΐου"), max_size=40
)
_NOWS = st.none() | st.datetimes(timezones=st.just(UTC))
_LANGS = st.sampled_from([None, "", "en", "de-AT", "fr", "ja", "el", "x"])


@given(st.text() | _DATE_SOUP | _WORLD_SOUP, _ORDERS | st.none(), _ZONES, _NOWS, _LANGS)
def test_parse_date_is_total(
    raw: str, order: DateOrder | None, tz: tzinfo, now: datetime | None, lang: str | None
) -> None:
    parsed = parse_date(raw, date_order=order, tz=tz, now=now, language=lang)
    assert parsed is None or parsed.published_at.tzinfo is UTC


# Years 1 and 9999 are left out: an offset can push the instant off the calendar.
_MOMENTS = st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


@given(_MOMENTS, st.integers(-14 * 60, 14 * 60))
def test_iso_round_trip(moment: datetime, offset_min: int) -> None:
    local = moment.astimezone(timezone(timedelta(minutes=offset_min)))
    parsed = parse_date(f"at {local.isoformat()} local", tz=NEW_YORK)
    assert parsed is not None
    assert parsed.published_at == moment


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August"]
_MONTH_NAMES += ["September", "October", "November", "December"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), _ZONES)
def test_written_out_dates_round_trip(day: date, tz: tzinfo) -> None:
    month = _MONTH_NAMES[day.month - 1]
    for raw in (f"{month} {day.day}, {day.year}", f"{day.day} {month[:3]} {day.year}"):
        parsed = parse_date(raw, tz=tz)
        assert parsed is not None
        assert parsed.published == day.isoformat()
        assert parsed.published_at == datetime(day.year, day.month, day.day, tzinfo=tz)
