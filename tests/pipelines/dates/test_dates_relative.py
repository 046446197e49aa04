"""Relative dates ("3 hours ago", "vor 2 Tagen", "gestern, 10:30") resolved against `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import ParsedDate, parse_date

BERLIN = ZoneInfo("Europe/Berlin")
# A Thursday, 14:37:21 UTC = 16:37:21 in Berlin.
NOW = datetime(2024, 5, 16, 14, 37, 21, tzinfo=UTC)

# raw -> published, with now = NOW and tz = Berlin. Sub-day units keep the minute.
RELATIVE = {
    "en-hours": ("5 hours ago", "2024-05-16T11:37:00+02:00"),
    "en-an-hour": ("an hour ago", "2024-05-16T15:37:00+02:00"),
    "en-minutes-abbrev": ("12 mins ago", "2024-05-16T16:25:00+02:00"),
    "en-compact": ("4h ago", "2024-05-16T12:37:00+02:00"),
    "en-seconds": ("30 seconds ago", "2024-05-16T16:36:00+02:00"),
    "en-days": ("3 days ago", "2024-05-13"),
    "en-weeks": ("2 weeks ago", "2024-05-02"),
    "en-months": ("3 months ago", "2024-02-16"),
    "en-year": ("a year ago", "2023-05-16"),
    "en-yesterday": ("Yesterday", "2024-05-15"),
    "en-today-time": ("Today, 9:10 AM", "2024-05-16T09:10:00+02:00"),
    "en-just-now": ("just now", "2024-05-16T16:37:00+02:00"),
    "en-in-a-sentence": ("Posted 7 hours ago by desk", "2024-05-16T09:37:00+02:00"),
    "de-tage": ("vor 4 Tagen", "2024-05-12"),
    "de-einer-stunde": ("vor einer Stunde", "2024-05-16T15:37:00+02:00"),
    "de-min-abbrev": ("vor 20 Min.", "2024-05-16T16:17:00+02:00"),
    "de-gestern-uhr": ("Gestern, 18:45 Uhr", "2024-05-15T18:45:00+02:00"),
    "de-heute": ("heute", "2024-05-16"),
    "de-vorgestern": ("vorgestern", "2024-05-14"),
    "fr-heures": ("il y a 6 heures", "2024-05-16T10:37:00+02:00"),
    "fr-un-jour": ("il y a un jour", "2024-05-15"),
    "fr-hier-h": ("hier à 8h20", "2024-05-15T08:20:00+02:00"),
    "fr-aujourdhui-curly": ("aujourd’hui", "2024-05-16"),
    "es-dias": ("hace 5 días", "2024-05-11"),
    "es-una-hora": ("hace una hora", "2024-05-16T15:37:00+02:00"),
    "es-ayer-a-las": ("ayer a las 21:05", "2024-05-15T21:05:00+02:00"),
    "it-ore": ("8 ore fa", "2024-05-16T08:37:00+02:00"),
    "it-un-ora": ("un'ora fa", "2024-05-16T15:37:00+02:00"),
    "it-ieri": ("ieri", "2024-05-15"),
    "pt-dias": ("há 6 dias", "2024-05-10"),
    "pt-atras": ("3 horas atrás", "2024-05-16T13:37:00+02:00"),
    "pt-ontem": ("ontem às 7h", "2024-05-15T07:00:00+02:00"),
    "nl-uur": ("9 uur geleden", "2024-05-16T07:37:00+02:00"),
    "nl-gisteren": ("gisteren", "2024-05-15"),
    "ru-chasa": ("4 часа назад", "2024-05-16T12:37:00+02:00"),
    "ru-no-number": ("минуту назад", "2024-05-16T16:36:00+02:00"),
    "ru-dnya": ("2 дня назад", "2024-05-14"),
    "ru-vchera-v": ("вчера в 23:10", "2024-05-15T23:10:00+02:00"),
    "ru-yo-folded": ("ещё вчера", "2024-05-15"),
    "el-ores": ("πριν από 5 ώρες", "2024-05-16T11:37:00+02:00"),
    "el-meres": ("πριν 3 μέρες", "2024-05-13"),
    "el-suffix": ("2 ώρες πριν", "2024-05-16T14:37:00+02:00"),
    "el-chthes": ("Χθες", "2024-05-15"),
    "ja-hours": ("5時間前", "2024-05-16T11:37:00+02:00"),
    "ja-days": ("3日前", "2024-05-13"),
    "ja-yesterday": ("昨日 10:30", "2024-05-15T10:30:00+02:00"),
    "zh-hours": ("7小时前", "2024-05-16T09:37:00+02:00"),
    "zh-minutes-numeral": ("十五分钟前", "2024-05-16T16:22:00+02:00"),
    "zh-yesterday": ("昨天", "2024-05-15"),
    "ko-hours": ("3시간 전", "2024-05-16T13:37:00+02:00"),
}


@pytest.mark.parametrize(("raw", "published"), RELATIVE.values(), ids=RELATIVE)
def test_relative_dates(raw: str, published: str) -> None:
    parsed = parse_date(raw, tz=BERLIN, now=NOW)
    assert parsed is not None
    assert parsed.published == published
    if "T" in published:
        assert parsed.published_at == datetime.fromisoformat(published).astimezone(UTC)


@pytest.mark.parametrize("raw", ["3 hours ago", "gestern", "il y a 2 jours", "3時間前"])
def test_without_now_relative_dates_are_none(raw: str) -> None:
    assert parse_date(raw, tz=BERLIN) is None


def test_an_absolute_date_beats_a_relative_one() -> None:
    parsed = parse_date("gestern, 14.05.2024", date_order="DMY", now=NOW)
    assert parsed is not None
    assert parsed.published == "2024-05-14"


def test_a_date_day_word_is_a_local_day() -> None:
    # 23:30 UTC on the 16th is already the 17th in Berlin: "today" is the 17th there.
    late = datetime(2024, 5, 16, 23, 30, tzinfo=UTC)
    assert parse_date("heute", tz=BERLIN, now=late) == ParsedDate(
        "2024-05-17", datetime(2024, 5, 16, 22, tzinfo=UTC)
    )


def test_hours_ago_across_a_dst_change_counts_real_hours() -> None:
    # Berlin moved from +01:00 to +02:00 at 01:00 UTC on 2024-03-31.
    after = datetime(2024, 3, 31, 3, 0, tzinfo=UTC)
    parsed = parse_date("3 hours ago", tz=BERLIN, now=after)
    assert parsed == ParsedDate("2024-03-31T01:00:00+01:00", datetime(2024, 3, 31, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("language", "want"),
    [("fr", "2024-05-15"), ("fr-CA", "2024-05-15"), (None, "2024-05-15"), ("de", None)],
    ids=["french", "french-region", "unknown", "german-means-here"],
)
def test_hier_is_yesterday_only_in_french(language: str | None, want: str | None) -> None:
    parsed = parse_date("hier", now=NOW, language=language)
    assert (parsed.published if parsed else None) == want


def test_naive_now_is_utc() -> None:
    naive = parse_date("2 hours ago", now=NOW.replace(tzinfo=None))
    assert naive == parse_date("2 hours ago", now=NOW)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    parsed = parse_date("1 month ago", now=datetime(2024, 3, 31, 12, tzinfo=UTC))
    assert parsed is not None
    assert parsed.published == "2024-02-29"


NOT_RELATIVE = {
    "letter-unit-without-number": "it's ago",
    "unknown-unit": "3 bananas ago",
    "few": "a few days ago",
    "off-the-calendar": "9999 years ago",
    "cjk-bad-numeral": "十十天前",
    "cjk-day-of-month": "5月3日前",
    "impossible-time": "gestern, 25:10 Uhr",
}


@pytest.mark.parametrize("raw", NOT_RELATIVE.values(), ids=NOT_RELATIVE)
def test_not_relative(raw: str) -> None:
    assert parse_date(raw, now=NOW) is None


_NOWS = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
_ZONES = st.sampled_from([UTC, BERLIN, timezone(timedelta(hours=14)), ZoneInfo("Etc/GMT+12")])
_WORDS = st.sampled_from(["vor", "ago", "hace", "fa", "назад", "前", "gestern", "heute", "hier"])
_SOUP = st.lists(_WORDS | st.integers(0, 99999).map(str) | st.text(max_size=6), max_size=6)


@given(_SOUP.map(" ".join) | st.text(), _NOWS, _ZONES, st.sampled_from([None, "fr", "de"]))
def test_relative_reading_is_total(raw: str, now: datetime, tz: tzinfo, lang: str | None) -> None:
    parsed = parse_date(raw, tz=tz, now=now, language=lang)
    assert parsed is None or parsed.published_at.tzinfo is UTC


@given(st.integers(0, 5000), st.sampled_from(["{} days ago", "vor {} Tagen", "il y a {} jours"]))
def test_days_ago_is_that_many_local_days_back(days: int, template: str) -> None:
    raw = template.format(days)
    parsed = parse_date(raw, tz=BERLIN, now=NOW)
    assert parsed is not None
    assert parsed.published == (date(2024, 5, 16) - timedelta(days=days)).isoformat()


NON_LATIN_AGO = {
    "hi-hours": ("2 घंटे पहले", "2024-07-16T08:00:00+00:00"),
    "bn-days": ("৩ দিন আগে", "2024-07-13"),
    "ar-before-hours": ("منذ 3 ساعات", "2024-07-16T07:00:00+00:00"),
    "fa-hours": ("۲ ساعت پیش", "2024-07-16T08:00:00+00:00"),
    "th-days-no-space": ("2 วันที่แล้ว", "2024-07-14"),
}


@pytest.mark.parametrize(("raw", "want"), NON_LATIN_AGO.values(), ids=NON_LATIN_AGO)
def test_relative_dates_in_non_latin_scripts(raw: str, want: str) -> None:
    parsed = parse_date(raw, now=datetime(2024, 7, 16, 10, 0, tzinfo=UTC))
    assert parsed is not None
    assert parsed.published == want
