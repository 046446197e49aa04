"""Which order a page writes its numeric dates in: "03/04/2025" is March or April.

One card cannot tell, but a page can: the date order is decided once per page, then every
card on it is read the same way (`page_date_order`):

1. evidence on the page: a numeric date whose first field is over 12 ("29.07.2025") makes the
   page DMY; failing that, one whose second field is over 12 ("07/29/2025") makes it MDY;
2. else the source's configured `date_order`;
3. else the convention of the page's language (`<html lang>`): US English (and a bare "en")
   MDY; Japanese, Chinese, Korean, Hungarian, Lithuanian YMD; other languages DMY;
4. else MDY.

A four-digit first field is a year ("2025/07/29") and proves nothing. On a YMD page a
two-digit first field may be a year too ("25/07/29"), so there only dates with a four-digit
last field count as evidence. Conflicting evidence (both kinds on one page) resolves to DMY,
as the rule above is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pipelines.dates.words import prepare

__all__ = [
    "ISO_TEXT",
    "NUMERIC_DATE",
    "DateOrder",
    "language_date_order",
    "numeric_fields",
    "page_date_order",
]

DateOrder = Literal["MDY", "DMY", "YMD"]

_CENTURY = 2000
_MONTHS_IN_YEAR = 12
_DAYS_IN_MONTH = 31
_YEAR_FIRST = frozenset({"ja", "zh", "ko", "hu", "lt"})
# English regions that write month first; "en" alone is read as US English.
_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "ca", "um", "as", "gu", "mp", "pr", "vi"})

# One repeated separator ("/", ".", "-", or ". " as in "29. 7. 2025"); the last field has four
# or two digits, or one after a four-digit year ("2016/3/3": unpadded year-first dates are
# common). Neighbouring digits or separators mean a version ("1.2.3.4") or a range; a slash
# after a word is a URL path ("/2024/05/16/slug"), which is read.
NUMERIC_DATE = re.compile(
    r"(?<![\d.:-])(?<!\d/)(?P<a>\d{1,4})(?P<sep>[/.-]|\.\s)(?P<b>\d{1,2})(?P=sep)"
    r"(?P<c>\d{4}|\d{2}|(?<=\d{4}[/.-]\d[/.-])\d|(?<=\d{4}[/.-]\d\d[/.-])\d"
    r"|(?<=\d{4}\.\s\d\.\s)\d|(?<=\d{4}\.\s\d\d\.\s)\d)"
    r"(?!\d|[/.:-]\d)",
    re.ASCII,
)

# A `<time datetime>` value on its own, the commonest date text: "2025-07-29",
# "2025-07-29T10:30", "2025-07-29T10:30:00+02:00", "...Z". It is never evidence (the only
# `NUMERIC_DATE` inside it starts with the year), so `page_date_order` skips it unscanned;
# `dates` reads it with `datetime.fromisoformat`, whose C parser accepts a wider shape than this
# (hour 00-23, minutes and seconds 00-59, "T", offsets "+hh:mm" or "Z"), so both readings agree.
ISO_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?",
    re.ASCII,
)


def language_date_order(language: str | None) -> DateOrder | None:
    """The numeric date order a language tag ("de", "pt-BR", "en_US") conventionally uses.

    None for a missing or malformed tag, or "und"/"mul": the caller falls back to MDY.
    """
    if not language:
        return None
    primary, *subtags = language.strip().lower().replace("_", "-").split("-")
    if not (2 <= len(primary) <= 3 and primary.isalpha() and primary.isascii()):
        return None
    if primary in {"und", "mul", "zxx"}:
        return None
    if primary in _YEAR_FIRST:
        return "YMD"
    if primary != "en":
        return "DMY"
    region = next((tag for tag in subtags if len(tag) == 2 and tag.isalpha()), None)
    return "MDY" if region is None or region in _MONTH_FIRST_REGIONS else "DMY"


def page_date_order(
    texts: Iterable[str | None],
    *,
    configured: DateOrder | None = None,
    language: str | None = None,
) -> DateOrder:
    """The order to read every numeric date on one page in (see the module docstring).

    `texts` are the page's raw date texts (None entries are skipped).
    """
    base = configured or language_date_order(language) or "MDY"
    month_first = False
    for text in texts:
        if not text or ISO_TEXT.fullmatch(text) is not None:
            continue
        for match in NUMERIC_DATE.finditer(prepare(text)):
            first, second, last = match["a"], match["b"], match["c"]
            if len(first) > 2 or (base == "YMD" and len(last) != 4):
                continue
            if _is_day(int(first)) and 1 <= int(second) <= _MONTHS_IN_YEAR:
                return "DMY"
            month_first = month_first or (
                _is_day(int(second)) and 1 <= int(first) <= _MONTHS_IN_YEAR
            )
    return "MDY" if month_first else base


def numeric_fields(match: re.Match[str], date_order: DateOrder) -> tuple[int, int, int]:
    """(year, month, day) of a `NUMERIC_DATE` match read in `date_order`; zeros if unreadable.

    A four-digit first field is always the year; a four-digit last field is always the year,
    so a YMD page showing "29/07/2025" reads it day first.
    """
    first, second, third = match["a"], int(match["b"]), match["c"]
    if len(first) == 4 or (date_order == "YMD" and len(third) == 2):
        if len(first) == 1 or len(first) == 3:
            return 0, 0, 0  # "5/07/29" in YMD: not a year we can trust
        year = int(first) + (_CENTURY if len(first) == 2 else 0)
        return year, second, int(third)
    if len(first) > 2:
        return 0, 0, 0
    year = int(third) + (_CENTURY if len(third) == 2 else 0)
    if date_order == "MDY":
        return year, int(first), second
    return year, second, int(first)


def _is_day(value: int) -> bool:
    return _MONTHS_IN_YEAR < value <= _DAYS_IN_MONTH
