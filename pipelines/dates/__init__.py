"""Dates as listings print them: absolute (`read`), relative to the fetch (`relative`), the
time of day beside them (`timeofday`), the page's numeric order (`order`), other calendars
(`calendars`: Solar Hijri; `hijri`: the lunar Islamic calendar), and the one table of month,
unit and day words and folding they all share, and automatic extraction's date-line finder
too (`words`)."""

from __future__ import annotations

from pipelines.dates.order import language_date_order, page_date_order
from pipelines.dates.read import DateOrder, DateStage, ParsedDate, date_stage, parse_date
from pipelines.dates.words import MAX_DATE_CHARS, MONTH_SPELLINGS, MONTHS, fold, prepare

__all__ = [
    "MAX_DATE_CHARS",
    "MONTHS",
    "MONTH_SPELLINGS",
    "DateOrder",
    "DateStage",
    "ParsedDate",
    "date_stage",
    "fold",
    "language_date_order",
    "page_date_order",
    "parse_date",
    "prepare",
]
