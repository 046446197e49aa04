"""The time of day and zone printed next to a date, in the ways listings print them.

A card writes the time after the date ("29.07.2025, 10.30 Uhr", "29 juillet 2025 à 14h30",
"July 29, 2025 at 9:05 a.m. PDT", "2025年7月29日 10時30分") or, less often, before it
("10:30 | 29.07.2025"). Both readers work on folded text (`words.fold`) from a given
position, so the date parsers and the relative-date reader ("gestern, 10:30") share them.

A lone number is not a time ("29 July 2025 12 comments"): an hour needs minutes, AM/PM, or a
unit ("10 Uhr", "14h", "10時"). Zones: `Z`, `UTC`/`GMT` with an optional offset, numeric
offsets, and the few abbreviations that mean one offset in practice (RFC 2822's US zones, the
European CET/CEST family, MSK, JST...). "IST" and China's "CST" are left out: they collide.
"""

from __future__ import annotations

import re
from datetime import UTC, time, timedelta, timezone, tzinfo

from pipelines.dates.words import fold

__all__ = ["TimeOfDay", "read_time_after", "read_time_before", "zone_offset"]

TimeOfDay = tuple[time, tzinfo | None]  # the time of day, and the zone the text names (if any)

_ZONE_HOURS = {
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2, "mez": 1, "mesz": 2, "eet": 2,
    "eest": 3, "msk": 3, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "aest": 10,
    "aedt": 11, "nzst": 12, "nzdt": 13,
}  # fmt: skip
_UTC_NAMES = frozenset({"z", "utc", "gmt", "ut"})

_ZONE = (
    r"(?P<zone>(?:utc|gmt|ut)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}(?::?\d{2})?|z"
    rf"|{'|'.join(sorted(_ZONE_HOURS, key=len, reverse=True))})(?![^\W\d_])"
)
_CJK_HOUR = "時时点點시"
_CLOCK = (
    r"(?P<cjk_ampm>午前|午後|上午|下午|오전|오후)?\s*"
    r"(?P<hour>\d{1,2})(?!\d)"
    rf"(?:\s*(?P<sep>[:.]|h\s?|[{_CJK_HOUR}]\s*)(?P<minute>\d{{2}}|(?<=[{_CJK_HOUR}])\d)(?!\d)"
    r"(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?\s*[分분]?"
    rf"|\s*(?P<unit>h|uhr|[{_CJK_HOUR}])(?![^\W\d_]))?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?|[πμ]\.\s?μ\.?)(?![^\W\d_]))?"
    r"(?:\s*(?P<suffix>uhr|h)(?![^\W\d_]))?"
    rf"(?:\s*\(?{_ZONE}\)?)?"
)
# Words between a date and its time: "at", "um", "à", "a las", "alle", "às", "om", "kl.",
# "в", "στις", a weekday in brackets ("(火)"), "г." after a Russian year, and punctuation.
_LEAD_WORDS = ("at", "um", "à", "a las", "a la", "alle", "ore", "às", "om", "kl", "klo", "в",
               "στις", "г", "года")  # fmt: skip
_LEAD = (
    r"(?:\s|[,|•·–—/@-]|\.(?=\s)|\([^)\d]{1,12}\)"
    rf"|(?:{'|'.join(fold(word) for word in _LEAD_WORDS)})(?![^\W\d_])\.?)*"
)
_AFTER = re.compile(_LEAD + _CLOCK)
_BEFORE = re.compile(_CLOCK + r"(?:\s|[,|•·–—/@-])*$")
_LOOK_BACK_CHARS = 40


def read_time_after(folded: str, pos: int) -> TimeOfDay | None:
    """The time that starts at `pos` (after a date and its separators), or None.

    Raises ValueError for an impossible time ("25:00", "13 PM"), which voids the date.
    """
    match = _AFTER.match(folded, pos)
    return None if match is None else _clock(match)


def read_time_before(folded: str, pos: int) -> TimeOfDay | None:
    """The time that ends just before `pos` ("10:30 | 29.07.2025"), or None.

    Raises ValueError for an impossible time, like `read_time_after`.
    """
    start = max(0, pos - _LOOK_BACK_CHARS)
    for match in _BEFORE.finditer(folded[start:pos]):
        if match.start() > 0 and folded[start + match.start() - 1].isdigit():
            return None
        if match["sep"] == "." and match["suffix"] is None:
            return None  # "v2.10 | 29.07.2025" is a version, not 02:10
        return _clock(match)
    return None


def zone_offset(name: str) -> tzinfo:
    """The fixed offset a zone designator names; raises ValueError past ±24 h or if unknown."""
    lower = name.strip().lower()
    if lower in _UTC_NAMES:
        return UTC
    if lower in _ZONE_HOURS:
        return timezone(timedelta(hours=_ZONE_HOURS[lower]))
    offset = lower.lstrip("utcgm").replace(" ", "")
    if not offset or offset[0] not in "+-":
        raise ValueError(name)
    sign = -1 if offset[0] == "-" else 1
    hours, _, minutes = offset[1:].partition(":")
    if not minutes and len(hours) == 4:
        hours, minutes = hours[:2], hours[2:]
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))


def _clock(match: re.Match[str]) -> TimeOfDay | None:
    hour, minute = match["hour"], match["minute"]
    ampm = match["ampm"] or match["cjk_ampm"]
    if hour is None or (minute is None and ampm is None and match["unit"] is None):
        return None
    hours = int(hour)
    if ampm is not None:
        if not 1 <= hours <= 12:
            raise ValueError(hour)
        is_pm = ampm[0] in "pμ" or ampm in {"午後", "下午", "오후"}
        hours = hours % 12 + (12 if is_pm else 0)
    micros = int((match["frac"] or "0")[:6].ljust(6, "0"))
    found = time(hours, int(minute or 0), int(match["second"] or 0), micros)
    return found, None if match["zone"] is None else zone_offset(match["zone"])
