"""Lunar Hijri dates: known month starts, every spelling of a month, and Hijri years never read
as Gregorian ones."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from pipelines.dates import parse_date
from pipelines.dates.hijri import HIJRI_TOLERANCE_S, hijri_to_gregorian
from scraper.parse.auto.datetext import looks_like_date

# Tabular first days of months whose observed start is known (within a day).
STARTS = {
    "1-muharram-1": ((1, 1, 1), date(622, 7, 19)),
    "1-ramadan-1446": ((1446, 9, 1), date(2025, 3, 1)),
    "1-muharram-1447": ((1447, 1, 1), date(2025, 6, 27)),
}


@pytest.mark.parametrize(("hijri", "gregorian"), STARTS.values(), ids=STARTS)
def test_known_month_starts(hijri: tuple[int, int, int], gregorian: date) -> None:
    assert hijri_to_gregorian(*hijri) == (gregorian.year, gregorian.month, gregorian.day)


def test_months_of_thirty_years_are_29_or_30_consecutive_days() -> None:
    starts = [date(*hijri_to_gregorian(y, m, 1)) for y in range(1420, 1450) for m in range(1, 13)]
    for year_month, (start, following) in enumerate(pairwise(starts)):
        assert (following - start).days in (29, 30), year_month
        year, month = 1420 + year_month // 12, year_month % 12 + 1
        for day in range(1, 30):
            assert date(*hijri_to_gregorian(year, month, day)) == start + timedelta(day - 1)


# raw -> the Gregorian day; our own date lines in the shapes Arabic, Urdu and Malay pages use.
DATES = {
    "ar-two-word-month": ("الأحد 10 جمادى الآخرة 1447 هـ", date(2025, 12, 1)),
    "ar-bare-alif": ("10 جمادى الاخرة 1447", date(2025, 12, 1)),
    "ar-second-spelling": ("10 جمادى الثانية 1447هـ", date(2025, 12, 1)),
    "ar-one-word-month": ("5 رمضان 1447هـ", date(2026, 2, 22)),
    "ar-rabi-first": ("12 ربيع الأول 1447", date(2025, 9, 5)),
    "ar-dhu-al-qada": ("3 ذو القعدة 1446 هـ", date(2025, 5, 1)),
    "ar-indic-digits": ("١٠ جمادى الآخرة ١٤٤٧ هـ", date(2025, 12, 1)),
    "latin-ah": ("15 Ramadan 1446 AH", date(2025, 3, 15)),
    "latin-dhul-hijjah": ("1 Dhul Hijjah 1446", date(2025, 5, 29)),
    "latin-jumada-al-akhirah": ("10 Jumada al-Akhirah 1447", date(2025, 12, 1)),
    "numeric-marked": ("1447/06/10 هـ", date(2025, 12, 1)),
    "numeric-marked-day-first": ("10/06/1447هـ", date(2025, 12, 1)),
    "numeric-solar-hijri": ("۱۴۰۴/۰۹/۱۰", date(2025, 12, 1)),
}


@pytest.mark.parametrize(("raw", "want"), DATES.values(), ids=DATES)
def test_hijri_date_lines(raw: str, want: date) -> None:
    parsed = parse_date(raw, language="ar")
    assert parsed is not None
    assert parsed.published == want.isoformat()


def test_the_gregorian_date_beside_a_hijri_one_wins_and_is_exact() -> None:
    parsed = parse_date("الأحد 10 جمادى الآخرة 1447 هـ - 30 نوفمبر 2025", language="ar")
    assert parsed is not None
    assert (parsed.published, parsed.tolerance_s) == ("2025-11-30", 0)


def test_a_converted_date_says_how_far_an_official_calendar_may_differ() -> None:
    parsed = parse_date("5 رمضان 1447هـ", language="ar")
    assert parsed is not None
    assert parsed.tolerance_s == HIJRI_TOLERANCE_S


@pytest.mark.parametrize(
    "raw", ["10 جمادى الآخرة 1447 هـ", "15 Ramadan 1446 AH", "السبت 9 جمادى الأولى 1447"]
)
def test_a_hijri_date_line_is_found_on_a_card(raw: str) -> None:
    assert looks_like_date(raw)


@pytest.mark.parametrize("raw", ["Ramadan recipes for 2025", "Safar 1447", "31 رمضان 1447"])
def test_no_date_without_a_day_or_on_an_impossible_day(raw: str) -> None:
    assert parse_date(raw) is None
