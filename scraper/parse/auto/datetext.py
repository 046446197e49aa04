"""Whether a short text shows a date, so the card's date line can be found without selectors.

This only *finds* the text; reading it is the pipeline's date stage, which gets the text as the
card showed it (`published_raw`). The test is deliberately loose on form and strict on
substance: a day or year number next to a month name, a numeric day-month-year or
year-month-day (`2016/3/3` too), a CJK `2016年3月1日` / `2016년 3월 1일`, or a relative age
("3 hours ago", "vor 2 Tagen", "gestern", "il y a 2 jours", "منذ 3 ساعات"). A bare year or a
bare number is never a date: titles are full of both.

The month, unit and day words are the pipeline's own tables (`pipelines.dates.words`), folded
the same way, so every month the date reader knows is a month here ("29 iulie 2025",
"২৯ জুলাই ২০২৫"), Hijri months too ("10 جمادى الآخرة 1447"), and native digits count as digits.

`date_from_url` is the last resort: `/2019/08/21/slug` names its day even when the card does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from pipelines import (
    AGO_AFTER,
    AGO_BEFORE,
    CJK_UNIT_WORDS,
    DAY_WORDS,
    JALALI_MONTHS,
    LETTER,
    MONTHS,
    UNIT_WORDS,
    fold,
    has_hijri_date,
    prepare,
)

__all__ = ["date_from_url", "is_month_word", "looks_like_date", "looks_like_day_month"]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _words(table: dict[str, str] | dict[int, str]) -> set[str]:
    return {fold(word) for spelled in table.values() for word in spelled.split()}


_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
# Any word stands where a month may; `is_month_word` then asks the table. A pattern of every
# month spelled out would cost tens of milliseconds to compile on first use, for nothing.
_MONTH_SET = frozenset([*MONTHS, *JALALI_MONTHS])
_DAY_OR_YEAR = r"(?<!\d)\d{1,4}(?!\d)"
_NAMED = re.compile(
    rf"(?:{_DAY_OR_YEAR}(?:st|nd|rd|th|er|º|\.)?[\s,/.-]{{0,3}}(?:de\s+|of\s+)?"
    rf"(?P<after>{LETTER}{{2,}})"
    rf"|{_NOT_LETTER_BEFORE}(?P<before>{LETTER}{{2,}})\.?[\s,/.-]{{0,3}}{_DAY_OR_YEAR})"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?![\d])"
)
_CJK = re.compile(r"\d{2,4}\s*[年년]\s*\d{1,2}\s*[月월]|\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")
_UNITS = _alternation(_words(UNIT_WORDS))
_RELATIVE = re.compile(
    rf"\d+\s*(?:{_UNITS})\.?\s*(?:{_alternation(map(fold, AGO_AFTER))})(?![^\W\d_])"
    rf"|(?<![^\W\d_])(?:{_alternation(map(fold, AGO_BEFORE))})\s+\d+\s*(?:{_UNITS})(?!\w)"
    rf"|\d+\s*(?:{_alternation(_words(CJK_UNIT_WORDS))})\s*(?:以前|前|전)"
)
_NUMBER = re.compile(r"\d+")
_MAX_AGE = 100
_RELATIVE_WORD = re.compile(rf"(?<![^\W\d_])(?:{_alternation(_words(DAY_WORDS))})(?!\w)")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/)"
    r"|/((?:19|20)\d{2})/(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/)"
)
# A year (Gregorian, Thai Buddhist era 25xx, Solar Hijri 13xx-14xx) or a clock time.
_ANCHORED = re.compile(r"(?<!\d)(?:19|20|25|13|14)\d{2}(?!\d)|(?<!\d)\d{1,2}:\d{2}(?!\d)")
# A date line is short; a paragraph that mentions a date is not one.
MAX_DATE_CHARS = 80
_MAX_DAY_WORD_LINE = 4  # words in a line that is only a day word ("yesterday") and its kin


def looks_like_date(text: str) -> bool:
    """Whether `text` (a short line) shows a calendar date or a relative age.

    A month name next to a number counts only with a year or a clock time somewhere in the
    line: "10 marketing tips" must not pass for the 10th of March.
    """
    if not text or len(text) > MAX_DATE_CHARS:
        return False
    folded = fold(prepare(text))
    if not any(ch.isdigit() for ch in folded):
        # A day word stands alone or nearly ("gestern", "posted yesterday", "ayer por la
        # tarde"); in a sentence it is a word ("Hier geht's um ...": German "here").
        words = len(folded.split())
        return words <= _MAX_DAY_WORD_LINE and _RELATIVE_WORD.search(folded) is not None
    if _NUMERIC.search(folded) or _CJK.search(folded):
        return True
    if _ANCHORED.search(folded) is not None and (_named(folded) or has_hijri_date(folded)):
        return True
    age = _RELATIVE.search(folded)
    number = _NUMBER.search(age[0]) if age is not None else None
    # "vor 150 Jahren" is a kicker's history, not an age: pages print dates past ~99 units.
    return number is not None and int(number[0]) < _MAX_AGE


# A whole short line that is a day and a month and nothing else ("14. Juli", "Jul 14",
# "07/14", "14.07", "4.7."), maybe after a weekday and before a clock time. Numbers need two
# digits each or a closing dot, so fractions and scores ("1/2", "24/7", "12.5") stay out.
_DAY_MONTH_LINE = re.compile(
    rf"^(?:{LETTER}{{2,}}\.?,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s*(?:de\s+|of\s+)?(?P<after>{LETTER}{{2,}})\.?"
    rf"|(?P<before>{LETTER}{{2,}})\.?\s*\d{{1,2}}(?:st|nd|rd|th)?|(?:0[1-9]|[12]\d|3[01])[./](?:0[1-9]|1[0-2])\.?"
    r"|(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.|(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01]))"
    r"(?:,?\s+\d{1,2}[:.h]\d{2}\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.)?)?$"
)
_MAX_DAY_MONTH_CHARS = 40


def is_month_word(word: str) -> bool:
    """Whether a folded word names a month in any table the date reader knows."""
    return word.rstrip(".") in _MONTH_SET


def _named(folded: str) -> bool:
    """Whether a number stands next to a month name in `folded` text."""
    pos = 0
    while (found := _NAMED.search(folded, pos)) is not None:
        if is_month_word(found["after"] or found["before"]):
            return True
        pos = found.start() + 1
    return False


def looks_like_day_month(text: str) -> bool:
    """Whether a short line is only a day and a month: a date waiting for the page's year.

    Stricter than `looks_like_date`: the whole line must be the date (a weekday before and a
    clock time after allowed), so "5 May releases" in a title never passes.
    """
    if not text or len(text) > _MAX_DAY_MONTH_CHARS or not any(c.isdigit() for c in text):
        return False
    found = _DAY_MONTH_LINE.match(fold(prepare(text.strip())))
    if found is None:
        return False
    word = found["after"] or found["before"]
    return word is None or is_month_word(word)


def date_from_url(url: str) -> str | None:
    """The `YYYY-MM-DD` an article URL's path spells (`/2019/08/21/...`, `/20190821/`,
    `/2019/0821/`: DedeCMS and its kin), or None.

    A path with only a year and month names no day, and we never invent one.
    """
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    groups = [g for g in match.groups() if g is not None]
    year, month, day = (int(g) for g in groups)
    return f"{year:04d}-{month:02d}-{day:02d}"
