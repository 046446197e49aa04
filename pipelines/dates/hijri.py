"""Dates in the (lunar) Islamic calendar, which Arabic and Gulf pages print beside or for dates.

"10 جمادى الآخرة 1447 هـ" is 1 December 2025. Pages in Arabic, Urdu and Malay often print the
Hijri date next to the Gregorian one; a card that prints only the Hijri date must still get a
date, and a Hijri year read as a Gregorian one ("1447/06/10" as 10 June 1447) must not.

Month names come in Arabic (several spellings each: "الآخرة" / "الاخرة" / "الثانية"; the
article and the space are optional) and in Latin transliteration ("Jumada al-Akhirah",
"Ramadan", "Dhul Hijjah"). The conversion is the tabular (arithmetic) Islamic calendar;
official calendars (Umm al-Qura, sighting) can differ from it by a day or two, so a date
read this way carries `HIJRI_TOLERANCE_S`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

__all__ = [
    "HIJRI_TOLERANCE_S",
    "has_hijri_date",
    "has_hijri_mark",
    "hijri_dates",
    "hijri_to_gregorian",
    "is_hijri_year",
]

HIJRI_TOLERANCE_S = 2 * 86400  # tabular against observed months

# Hijri years of pages we read (1300 AH is 1882 CE, 1599 AH is 2172 CE), a range no page
# prints a story's Gregorian year in.
_FIRST_YEAR, _LAST_YEAR = 1300, 1599
# Days from 1 January 1 CE (ordinal 1) to the day before 1 Muharram 1 AH (16 July 622 Julian).
_EPOCH = 227014

# One line per month: spellings in the folded text's form (`words.fold` leaves hamza marks as
# combining characters after the alif; `_arabic` makes every alif, yeh and teh marbuta form
# match). Spaces stand for "a space, a hyphen or nothing".
_ARABIC_NAMES = (
    "محرم",
    "صفر",
    "ربيع الاول|ربيع اول|ربيع الأول",
    "ربيع الاخر|ربيع الثاني|ربيع ثاني|ربيع الآخر",
    "جمادى الاولى|جمادى الاول|جمادى اولى",
    "جمادى الاخرة|جمادى الثانية|جمادى الاخر|جمادى ثاني|جمادى الثاني",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة|ذي القعدة|ذوالقعدة",
    "ذو الحجة|ذي الحجة|ذوالحجة",
)
_LATIN_NAMES = (
    "muharram|moharram|muharrem",
    "safar|sapar",
    "rabi' ?(?:al|ul|el)? ?awwal|rabi' ?(?:al|ul)? ?awal|rabi' ?i(?![a-z])",
    "rabi' ?(?:al|ul|el)? ?(?:thani|akhir|akhar|sani)|rabi' ?ii(?![a-z])",
    "jumad[ai] ?(?:al|ul|el)? ?(?:awwal|ula|oola|awal|ulá)|jumad[ai] ?i(?![a-z])",
    "jumad[ai] ?(?:al|ul|el|ath)? ?(?:thani|akhirah?|akhira|thaniyah?|sani|akhir)"
    "|jumad[ai] ?ii(?![a-z])",
    "rajab|rejab",
    "sha'?ban|syaaban|shaaban",
    "ramadh?an|ramazan|ramzan",
    "shawwal|syawal|shawal|sawal",
    "dh?u ?(?:al|l|el)? ?qa?'?d(?:ah|a|ah)|zul ?qa'?dah?|zulkaedah",
    "dh?u ?(?:al|l|el)? ?hijj(?:ah|a)|zul ?hijjah?|zulhijjah",
)
_ARABIC_LETTERS = {
    "ا": "[اأإآٱ][\u0653-\u0655]?",
    "أ": "[اأإآٱ][\u0653-\u0655]?",
    "آ": "[اأإآٱ][\u0653-\u0655]?",
    "ى": "[ىيی]",
    "ي": "[ىيی]",
    "ة": "[ةه]",
    " ": "[\\s-]*",
}


def _arabic(spelling: str) -> str:
    return "".join(_ARABIC_LETTERS.get(char, re.escape(char)) for char in spelling)


def _latin(spelling: str) -> str:
    return spelling.replace(" ", "[\\s-]*").replace("'", "['`]?")


_MONTH_PATTERNS = [
    (number, "|".join([_arabic(arabic) for arabic in names.split("|")] + [_latin(latin)]))
    for number, (names, latin) in enumerate(zip(_ARABIC_NAMES, _LATIN_NAMES, strict=True), 1)
]
_MONTH_GROUPS = "|".join(f"(?P<m{number}>{pattern})" for number, pattern in _MONTH_PATTERNS)
# Day, month name, year: "10 جمادى الآخرة 1447 هـ", "15 Ramadan 1446 AH", "1 Muharram, 1447".
_HIJRI_NAMED = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?<![^\W\d_])(?:{_MONTH_GROUPS})"
    r"(?![^\W\d_])[\s,،.]*(?P<year>\d{4})(?!\d)"
)
# The marks that say a year is Hijri: "1447 هـ", "1447هـ", "1447 AH", "1447 H".
_HIJRI_MARK = re.compile(r"\s*(?:ه[ـ‍]?|هجري|هجرية|a\.?\s?h\.?|h\.?)(?![^\W\d_])")


def is_hijri_year(year: int) -> bool:
    """Whether a year printed on a page is a Hijri one (never a story's Gregorian year)."""
    return _FIRST_YEAR <= year <= _LAST_YEAR


def has_hijri_mark(folded: str, end: int) -> bool:
    """Whether the year that ends at `end` in `folded` is marked Hijri ("هـ", "AH")."""
    return _HIJRI_MARK.match(folded, end) is not None


def hijri_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian (year, month, day) of a tabular Hijri date; (0, 0, 0) if impossible."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        return 0, 0, 0
    days = day + -(-59 * (month - 1) // 2) + (year - 1) * 354 + (3 + 11 * year) // 30
    gregorian = date.fromordinal(days + _EPOCH)
    return gregorian.year, gregorian.month, gregorian.day


def hijri_dates(folded: str) -> Iterator[tuple[re.Match[str], int, int, int]]:
    """(match, year, month, day) in Gregorian for each Hijri date with a month name in `folded`."""
    for match in _HIJRI_NAMED.finditer(folded):
        year = int(match["year"])
        if not is_hijri_year(year):
            continue
        month = next(n for n in range(1, 13) if match[f"m{n}"] is not None)
        yield match, *hijri_to_gregorian(year, month, int(match["day"]))


def has_hijri_date(folded: str) -> bool:
    """Whether `folded` text holds a Hijri date with a month name (the date-line finder's test)."""
    return any(True for _ in hijri_dates(folded))
