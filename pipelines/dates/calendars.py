"""Dates in the Solar Hijri calendar, which Persian pages print: "۱۰ آذر ۱۴۰۴" is 1 Dec 2025.

Persian sites date their stories in the Solar Hijri (Jalali) calendar, with its own month
names (`words.JALALI_MONTHS`): twelve months of 31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30
and 29 or 30 days, the year starting at the March equinox. `jalali_to_gregorian` is the
arithmetic of the 33-year leap cycle used by Iranian calendar software (exact from 1178 to
1633 AP, 1799 to 2254 CE, which covers every page we will read).
"""

from __future__ import annotations

__all__ = ["jalali_to_gregorian"]

_DAYS_400_YEARS = 146097
_DAYS_100_YEARS = 36524
_DAYS_4_YEARS = 1461


def jalali_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian (year, month, day) of a Solar Hijri date; (0, 0, 0) if it is impossible."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return 0, 0, 0
    shifted = year + 1595
    days = (
        -355668
        + 365 * shifted
        + (shifted // 33) * 8
        + ((shifted % 33) + 3) // 4
        + day
        + ((month - 1) * 31 if month < 7 else (month - 7) * 30 + 186)
    )
    gy = 400 * (days // _DAYS_400_YEARS)
    days %= _DAYS_400_YEARS
    if days > _DAYS_100_YEARS:
        days -= 1
        gy += 100 * (days // _DAYS_100_YEARS)
        days %= _DAYS_100_YEARS
        if days >= 365:
            days += 1
    gy += 4 * (days // _DAYS_4_YEARS)
    days %= _DAYS_4_YEARS
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    lengths = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    gd = days + 1
    for gm, length in enumerate(lengths, start=1):
        if gd <= length:
            return gy, gm, gd
        gd -= length
    return 0, 0, 0
