"""Dates written with month names and local formats, in every language we claim to read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import ParsedDate, parse_date
from pipelines.dates.words import MONTH_SPELLINGS, MONTHS, fold

BERLIN = ZoneInfo("Europe/Berlin")

# raw -> the date it names (read with no language and the default order).
DATES = {
    "de-dotted-day": ("Erschienen am 14. März 2024", date(2024, 3, 14)),
    "de-abbrev": ("3. Okt. 2023", date(2023, 10, 3)),
    "de-austrian-jaenner": ("7. Jänner 2022", date(2022, 1, 7)),
    "de-weekday-numeric": ("Fr., 14.06.2024", date(2024, 6, 14)),
    "fr-full": ("le 5 février 2024", date(2024, 2, 5)),
    "fr-first": ("1er décembre 2023", date(2023, 12, 1)),
    "fr-abbrev-weekday": ("Jeu 9 Janv 2020", date(2020, 1, 9)),
    "fr-aout-abbrev": ("Dim 4 Aoû 2019", date(2019, 8, 4)),
    "es-de-de": ("11 de noviembre de 2023", date(2023, 11, 11)),
    "es-del": ("2 de enero del 2021", date(2021, 1, 2)),
    "es-ordinal": ("1º de mayo de 2022", date(2022, 5, 1)),
    "es-abbrev": ("8 dic. 2022", date(2022, 12, 8)),
    "it-full": ("18 settembre 2021", date(2021, 9, 18)),
    "it-month-first": ("gennaio 6, 2024", date(2024, 1, 6)),
    "pt-de-de": ("30 de março de 2023", date(2023, 3, 30)),
    "pt-abbrev": ("12 out 2020", date(2020, 10, 12)),
    "nl-full": ("22 maart 2024", date(2024, 3, 22)),
    "nl-abbrev": ("4 mrt. 2024", date(2024, 3, 4)),
    "ru-genitive": ("5 марта 2022 г.", date(2022, 3, 5)),
    "ru-nominative": ("1 май 2021", date(2021, 5, 1)),
    "uk-genitive": ("9 листопада 2023", date(2023, 11, 9)),
    "el-genitive": ("12 Μαΐου 2023", date(2023, 5, 12)),
    "el-upper-no-accents": ("12 ΜΑΪΟΥ 2023", date(2023, 5, 12)),
    "el-nominative": ("Οκτώβριος 3, 2022", date(2022, 10, 3)),
    "el-abbrev": ("6 Φεβ 2021", date(2021, 2, 6)),
    "sv": ("15 augusti 2024", date(2024, 8, 15)),
    "pl-genitive": ("3 września 2023", date(2023, 9, 3)),
    "cs-genitive": ("8. června 2020", date(2020, 6, 8)),
    "tr": ("19 Ağustos 2023", date(2023, 8, 19)),
    "ro": ("2 iunie 2021", date(2021, 6, 2)),
    "ja-kanji": ("2024年3月9日", date(2024, 3, 9)),
    "ja-zero-padded": ("2024年03月09日(土)", date(2024, 3, 9)),
    "zh-spaced": ("2023 年 12 月 1 日", date(2023, 12, 1)),
    "ko": ("2022년 4월 15일", date(2022, 4, 15)),
    "ko-dotted": ("2022. 4. 15.", date(2022, 4, 15)),
    "cs-dotted-spaced": ("15. 4. 2022", date(2022, 4, 15)),
    "full-width-ja": ("２０２４年３月９日", date(2024, 3, 9)),
    "url-path": ("https://acme.test/2024/03/09/harbor-opens", date(2024, 3, 9)),
    "unpadded-year-first": ("2016/3/3", date(2016, 3, 3)),
    "unpadded-year-first-dash": ("2016-3-7", date(2016, 3, 7)),
    "hi-devanagari-digits": ("२९ जुलाई २०२५", date(2025, 7, 29)),
    "hi-ascii-digits-short-month": ("3 मई 2024", date(2024, 5, 3)),
    "hi-nukta-february": ("12 फ़रवरी 2023", date(2023, 2, 12)),
    "bn-bengali-digits": ("২৯ জুলাই ২০২৫", date(2025, 7, 29)),
    "bn-comma": ("৩ মে, ২০২৪", date(2024, 5, 3)),
    "ar-indic-digits": ("١٥ يوليو ٢٠٢٥", date(2025, 7, 15)),
    "ar-levantine-comma": ("3 تموز، 2024", date(2024, 7, 3)),
    "fa-persian-digits": ("۱۵ ژوئیه ۲۰۲۵", date(2025, 7, 15)),
    "th-buddhist-era": ("29 กรกฎาคม 2568", date(2025, 7, 29)),
    "th-thai-digits": ("๕ มกราคม ๒๕๖๗", date(2024, 1, 5)),
    "zh-chinese": ("2025年11月30日", date(2025, 11, 30)),
    "fa-solar-hijri": ("۱۰ آذر ۱۴۰۴", date(2025, 12, 1)),
    "fa-solar-hijri-new-year": ("۱ فروردین ۱۴۰۴", date(2025, 3, 21)),
    "fa-solar-hijri-leap-year-end": ("30 اسفند 1403", date(2025, 3, 20)),
    "fa-solar-hijri-dey": ("5 دی 1403", date(2024, 12, 25)),
    "id-weekday": ("Rabu, 15 Mei 2024", date(2024, 5, 15)),
    "id-agustus": ("3 Agustus 2023", date(2023, 8, 3)),
    "ms-disember": ("9 Disember 2022", date(2022, 12, 9)),
    "hu-year-first": ("2024. március 18.", date(2024, 3, 18)),
    "fi-partitive": ("18. maaliskuuta 2024", date(2024, 3, 18)),
    "ca-de": ("18 de març de 2024", date(2024, 3, 18)),
    "en-year-first": ("2024 March 18", date(2024, 3, 18)),
}


@pytest.mark.parametrize(("raw", "want"), DATES.values(), ids=DATES)
def test_month_names_and_local_formats(raw: str, want: date) -> None:
    parsed = parse_date(raw, date_order="DMY")
    assert parsed is not None
    assert parsed.published == want.isoformat()


# raw -> published, read in Berlin (UTC+2 in summer, +1 in winter).
TIMES = {
    "de-uhr-dot": ("Di., 16.07.2024, 10.30 Uhr", "2024-07-16T10:30:00+02:00"),
    "de-um-uhr": ("16. Juli 2024 um 8:05 Uhr", "2024-07-16T08:05:00+02:00"),
    "de-hour-only-uhr": ("16.07.2024 18 Uhr", "2024-07-16T18:00:00+02:00"),
    "fr-h": ("16 juillet 2024 à 14h30", "2024-07-16T14:30:00+02:00"),
    "fr-h-spaced": ("16 juillet 2024 - 9 h 05", "2024-07-16T09:05:00+02:00"),
    "es-a-las": ("16 de julio de 2024 a las 22:10", "2024-07-16T22:10:00+02:00"),
    "it-alle": ("16 luglio 2024 alle 7:45", "2024-07-16T07:45:00+02:00"),
    "it-month-first-dash-pm": ("luglio 16, 2024 - 7:45 pm", "2024-07-16T19:45:00+02:00"),
    "pt-as": ("16 de julho de 2024 às 10h15", "2024-07-16T10:15:00+02:00"),
    "nl-om": ("16 juli 2024 om 11:00", "2024-07-16T11:00:00+02:00"),
    "ru-v": ("16 июля 2024 г. в 13:20", "2024-07-16T13:20:00+02:00"),
    "el-stis-pm": ("16 Ιουλίου 2024 στις 8:40 μ.μ.", "2024-07-16T20:40:00+02:00"),
    "el-am": ("16 Ιουλίου 2024 9:00 π.μ.", "2024-07-16T09:00:00+02:00"),
    "ja-colon": ("2024年07月16日 10:30", "2024-07-16T10:30:00+02:00"),
    "ja-kanji-time": ("2024年7月16日 午後3時5分", "2024-07-16T15:05:00+02:00"),
    "zh-hour-unit": ("2024年7月16日 9点", "2024-07-16T09:00:00+02:00"),
    "time-before-date": ("08:15 | 16.07.2024", "2024-07-16T08:15:00+02:00"),
    "dot-time-before-needs-uhr": ("08.15 Uhr | 16.07.2024", "2024-07-16T08:15:00+02:00"),
    "version-before-is-no-time": ("v2.10 | 16.07.2024", "2024-07-16"),
    "cet-zone": ("16.07.2024 10:30 CET", "2024-07-16T10:30:00+01:00"),
    "mesz-zone": ("16.07.2024, 10:30 MESZ", "2024-07-16T10:30:00+02:00"),
    "zone-in-brackets": ("16 July 2024 10:30 (CEST)", "2024-07-16T10:30:00+02:00"),
    "numeric-offset": ("16.07.2024 10:30 +05:30", "2024-07-16T10:30:00+05:30"),
    "utc-offset": ("16 July 2024 10:30 UTC-3", "2024-07-16T10:30:00-03:00"),
    "gmt-word": ("Tue, 16 Jul 2024 10:30 GMT", "2024-07-16T10:30:00+00:00"),
    "iso-then-words": ("2024-07-16 um 10:30 Uhr", "2024-07-16T10:30:00+02:00"),
    "winter-local": ("16. Januar 2024, 10:30", "2024-01-16T10:30:00+01:00"),
}


@pytest.mark.parametrize(("raw", "published"), TIMES.values(), ids=TIMES)
def test_times_and_zones_are_kept(raw: str, published: str) -> None:
    parsed = parse_date(raw, date_order="DMY", tz=BERLIN)
    assert parsed is not None
    assert parsed.published == published
    local = datetime.fromisoformat(published)
    assert parsed.published_at == (local if local.tzinfo else local.replace(tzinfo=BERLIN))


NOT_DATES = {
    "month-and-year-only": "Juli 2024",
    "day-and-month-only": "16. Juli",
    "unknown-word": "16 Blorp 2024",
    "number-then-word": "3 Kommentare 2024",
    "impossible-day": "31 июня 2024",
    "impossible-hour": "16. Juli 2024 25:10",
    "pm-past-twelve": "16 July 2024 14:10 pm",
    "cjk-month-13": "2024年13月1日",
    "offset-past-a-day": "16 July 2024 10:30 +25:00",
}


@pytest.mark.parametrize("raw", NOT_DATES.values(), ids=NOT_DATES)
def test_not_a_date(raw: str) -> None:
    assert parse_date(raw, date_order="DMY") is None


def test_lone_number_after_a_named_date_is_not_an_hour() -> None:
    assert parse_date("16. Juli 2024 12 Kommentare", tz=BERLIN) == ParsedDate(
        "2024-07-16", datetime(2024, 7, 15, 22, tzinfo=UTC)
    )


def test_an_unknown_word_does_not_hide_a_later_date() -> None:
    parsed = parse_date("Vol 3 Blorp, 9 avril 2024")
    assert parsed is not None
    assert parsed.published == "2024-04-09"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("MÄRZ", "marz"),
        ("Μαΐου", "μαιου"),
        ("ΙΟΎΛΙΟΣ", "ιουλιοσ"),
        ("Ёлка", "елка"),
        ("Ａｐｒｉｌ", "april"),
        ("ガイド", "ガイド"),
        ("오후", "오후"),
    ],
    ids=["german-umlaut", "greek-dialytika-tonos", "greek-final-sigma", "russian-yo",
         "full-width", "kana-keep-dakuten", "hangul-recomposed"],
)  # fmt: skip
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize("language", MONTH_SPELLINGS, ids=MONTH_SPELLINGS)
def test_every_spelling_names_its_own_month(language: str) -> None:
    """A spelling shared by two languages must mean the same month in both."""
    for number, spellings in enumerate(MONTH_SPELLINGS[language], start=1):
        for name in spellings.split():
            assert MONTHS[fold(name)] == number, name


_LANGUAGES = st.sampled_from(sorted(MONTH_SPELLINGS))
_ZONES = st.sampled_from([UTC, BERLIN, timezone(timedelta(hours=-7))])


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), _LANGUAGES, _ZONES)
def test_every_spelling_round_trips(day: date, language: str, tz: tzinfo) -> None:
    for name in MONTH_SPELLINGS[language][day.month - 1].split():
        for raw in (f"{day.day} {name} {day.year}", f"{day.day}. {name.upper()}, {day.year}"):
            parsed = parse_date(raw, tz=tz)
            assert parsed is not None, raw
            assert parsed.published == day.isoformat()
            assert parsed.published_at == datetime(day.year, day.month, day.day, tzinfo=tz)
