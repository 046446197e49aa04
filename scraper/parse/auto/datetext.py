"""Whether a short text shows a date, so the card's date line can be found without selectors.

This only *finds* the text; reading it is the pipeline's date stage, which gets the text as the
card showed it (`published_raw`). The test is deliberately loose on form and strict on
substance: a day or year number next to a month name (en, de, fr, es, it, pt, nl, ru, el, pl,
tr, sv abbreviations by prefix), a numeric day-month-year or year-month-day, a CJK
`2016年3月1日`, or a relative age ("3 hours ago", "vor 2 Tagen", "gestern", "il y a 2 jours").
A bare year or a bare number is never a date: titles are full of both.

`date_from_url` is the last resort: `/2019/08/21/slug` names its day even when the card does not.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["date_from_url", "looks_like_date"]

# Month names by their distinctive prefixes; `\w*` swallows the inflected rest ("февраля").
_MONTH_WORDS = (
    # en / de / nl / sv / da / no
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|jän|mär|mai|okt|dez|mrt|mei|maa"
    # fr / es / it / pt
    r"|janv|févr|fevr|avr|juin|juil|août|aout|sept|déc|ene|abr|ago|dic|gen|mag|giu|lug|set|ott"
    r"|fev|fév|out|dez"
    # ru (genitive and nominative share prefixes)
    r"|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек"
    # el
    r"|ιαν|φεβ|μαρ|απρ|μα[ΐι]|ιουν|ιουλ|αυγ|σεπ|οκτ|νο[εέ]|δεκ"
    # pl / tr / cs (common ones)
    r"|sty|lut|kwi|maj|cze|lip|sie|wrz|paź|lis|gru|oca|şub|nis|haz|tem|ağu|eyl|eki|kas|ara"
)
_MONTH = rf"(?:{_MONTH_WORDS})\w*\.?"
_DAY_OR_YEAR = r"(?<!\d)\d{1,4}(?!\d)"
_NAMED = re.compile(
    rf"(?:{_DAY_OR_YEAR}(?:st|nd|rd|th|er|º|\.)?[\s,/.-]{{0,3}}(?:de\s+|of\s+)?{_MONTH}(?!\w)"
    rf"|(?<!\w){_MONTH}[\s,/.-]{{0,3}}{_DAY_OR_YEAR})",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?![\d])"
)
_CJK = re.compile(r"\d{2,4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*日")
_RELATIVE = re.compile(
    r"\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|\bvor\s+\d+\s*(?:Min|Std|Stunde|Tag|Woche|Monat|Jahr)"
    r"|\bil\s+y\s+a\s+\d+|\bhace\s+\d+|\bh[aá]\s+\d+\s*(?:min|hora|dia|semana|m[eê]s|ano)"
    r"|\d+\s*(?:минут|час|дн|день|недел|месяц)\w*\s+назад",
    re.IGNORECASE,
)
_RELATIVE_WORD = re.compile(
    r"\b(?:yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy|ieri|oggi|ontem|hoje"
    r"|вчера|сегодня)\b",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/)"
)
_ANCHORED = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<!\d)\d{1,2}:\d{2}(?!\d)")
# A date line is short; a paragraph that mentions a date is not one.
MAX_DATE_CHARS = 80


def looks_like_date(text: str) -> bool:
    """Whether `text` (a short line) shows a calendar date or a relative age.

    A month name next to a number counts only with a year or a clock time somewhere in the
    line: "10 marketing tips" must not pass for the 10th of March.
    """
    if not text or len(text) > MAX_DATE_CHARS:
        return False
    if not any(ch.isdigit() for ch in text):
        return _RELATIVE_WORD.search(text) is not None
    if _NUMERIC.search(text) or _CJK.search(text):
        return True
    if _ANCHORED.search(text) is not None and _NAMED.search(text) is not None:
        return True
    return _RELATIVE.search(text) is not None


def date_from_url(url: str) -> str | None:
    """The `YYYY-MM-DD` an article URL's path spells (`/2019/08/21/...`, `/20190821/`), or None.

    A path with only a year and month names no day, and we never invent one.
    """
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    groups = [g for g in match.groups() if g is not None]
    year, month, day = (int(g) for g in groups)
    return f"{year:04d}-{month:02d}-{day:02d}"
