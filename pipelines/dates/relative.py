"""Dates written relative to the moment the page was fetched, in the languages we read.

"3 hours ago", "vor 2 Tagen", "il y a 3 heures", "hace 2 días", "2 ore fa", "há 2 dias",
"2 uur geleden", "2 часа назад", "πριν από 2 ώρες" (or "2 ώρες πριν"), "3時間前", "3小时前";
and day words: "yesterday", "gestern, 10:30 Uhr", "hier à 14h30", "ayer", "ieri", "ontem",
"gisteren", "вчера", "χθες", "昨日", "昨天", "today", "just now".

Each is resolved against `now` (the fetch time) in the source's zone. The precision follows
the words: seconds, minutes and hours give a time (to the minute); days, weeks, months and
years give a date, as does a day word without a time. "Last week" and dates without a number
("a few days ago") are left out: they name no day (Russian "час назад", "an hour ago", is
read: the language leaves out "one"). French "hier" is German and Dutch for
"here", so it counts as "yesterday" only when the page is French or its language unknown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from pipelines.dates.timeofday import TimeOfDay, read_time_after, read_time_before
from pipelines.dates.words import fold

__all__ = ["resolve_relative"]

_UNIT_WORDS = {
    "second": "second seconds sec secs s sekunde sekunden sek seconde secondes segundo segundos"
    " seg secondo secondi seconden секунду секунды секунд сек δευτερόλεπτο δευτερόλεπτα",
    "minute": "minute minutes min mins m minuten minuto minutos minuti minuut минуту минуты"
    " минут мин λεπτό λεπτά",
    "hour": "hour hours hr hrs h stunde stunden std heure heures hora horas ora ore uur час"
    " часа часов ώρα ώρες",
    "day": "day days d tag tage tagen jour jours día días giorno giorni dag dagen день дня дней"
    " ημέρα ημέρες μέρα μέρες",
    "week": "week weeks wk wks w woche wochen semaine semaines semana semanas settimana"
    " settimane weken неделю недели недель εβδομάδα εβδομάδες",
    "month": "month months mo mos monat monate monaten mois mes meses mês mese mesi maand"
    " maanden месяц месяца месяцев μήνα μήνες",
    "year": "year years yr yrs y jahr jahre jahren an ans année années año años anno anni"
    " jaar jaren год года лет χρόνο χρόνια έτος έτη",
}
_CJK_UNIT_WORDS = {
    "second": "秒 秒钟 秒鐘 초",
    "minute": "分 分钟 分鐘 분",
    "hour": "時間 小时 小時 个小时 個小時 시간",
    "day": "日 天 일",
    "week": "週 週間 周 星期 个星期 個星期 주",
    "month": "か月 ヶ月 カ月 ヵ月 ケ月 个月 個月 개월 달",
    "year": "年 년",
}
_ONE = (
    "a an one ein eine einem einer einen un une uno una um uma een один одна одну ένα έναν μία μια"
)
_NUMBER_WORDS = dict.fromkeys(map(fold, _ONE.split()), 1)
_CJK_NUMERALS = "〇零一二两兩三四五六七八九十"
_CJK_DIGITS = {c: n for n, chars in enumerate(("〇零", "一", "二两兩", "三", "四", "五", "六",
                                                "七", "八", "九")) for c in chars}  # fmt: skip
_DAY_WORDS = {
    0: "today heute aujourd'hui hoy oggi hoje vandaag сегодня σήμερα 今日 今天 本日 오늘",
    -1: "yesterday gestern hier ayer ieri ontem gisteren вчера χθες χτες 昨日 昨天 어제",
    -2: "vorgestern avant-hier anteayer antier anteontem altroieri eergisteren позавчера"
    " προχθές προχτές 一昨日 おととい 前天 그저께",
}
_DAY_PHRASES = {"day before yesterday": -2, "antes de ayer": -2, "l'altro ieri": -2}
_NOW_PHRASES = ("just now", "right now", "moments ago", "a moment ago", "gerade eben", "soeben",
                "à l'instant", "ahora mismo", "justo ahora", "proprio ora", "poco fa",
                "agora mesmo", "zojuist", "только что", "μόλις τώρα", "たった今", "刚刚",
                "剛剛", "방금")  # fmt: skip
_ONLY_IN_LANGUAGE = {"hier": "fr"}
# Russian drops "one": "час назад" is "an hour ago". Elsewhere a missing number is "a few".
_ONE_WITHOUT_NUMBER = frozenset(
    map(fold, ("секунду", "минуту", "час", "день", "неделю", "месяц", "год"))
)
_SUB_DAY = {"second": 1, "minute": 60, "hour": 3600}


def _table(words: dict[str, str]) -> dict[str, str]:
    return {fold(word): kind for kind, spelled in words.items() for word in spelled.split()}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_UNITS = _table(_UNIT_WORDS)
_CJK_UNITS = _table(_CJK_UNIT_WORDS)
_DAYS = {fold(w): offset for offset, spelled in _DAY_WORDS.items() for w in spelled.split()}
_DAYS.update({fold(phrase): offset for phrase, offset in _DAY_PHRASES.items()})
_NOW: dict[str, int | None] = dict.fromkeys(map(fold, _NOW_PHRASES))
_DAYS_OR_NOW: dict[str, int | None] = {**_DAYS, **_NOW}

_LETTER_EDGE = r"(?<![^\W\d_])"
_WORD_EDGE = r"(?<!\w)"
_NUM = rf"(?P<n>\d{{1,4}}|{_alternation(_NUMBER_WORDS)})?\s*'?\s*"
_UNIT = rf"(?P<unit>{_alternation(_UNITS)})(?![^\W\d_])\.?"
_AGO = (
    re.compile(rf"{_LETTER_EDGE}(?:vor|il y a|hace|ha|πριν(?: απο)?)\s+{_NUM}{_UNIT}"),
    re.compile(rf"{_WORD_EDGE}{_NUM}{_UNIT}\s*(?:ago|fa|geleden|назад|atras|πριν)(?![^\W\d_])"),
    re.compile(
        rf"(?<![月월\d{_CJK_NUMERALS}])(?P<n>\d{{1,4}}|[{_CJK_NUMERALS}]{{1,3}})\s*[个個]?\s*"
        rf"(?P<unit>{_alternation(_CJK_UNITS)})\s*(?:以前|前|전)"
    ),
)
_CJK_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _is_cjk(word: str) -> bool:
    return _CJK_SCRIPT.match(word) is not None


_DAY_WORD = re.compile(
    rf"{_LETTER_EDGE}(?P<word>{_alternation(w for w in _DAYS_OR_NOW if not _is_cjk(w))})"
    rf"(?![^\W\d_])|(?P<cjk>{_alternation(w for w in _DAYS_OR_NOW if _is_cjk(w))})"
)


def resolve_relative(
    folded: str, *, now: datetime, tz: tzinfo, language: str | None = None
) -> date | datetime | None:
    """The day (a `date`) or moment (an aware `datetime` in `tz`) that `folded` text names.

    `folded` went through `words.fold`; `now` is the fetch time (naive means UTC). None
    when the text holds no relative date, or one that falls off the calendar.
    """
    now_utc = now.replace(tzinfo=UTC) if now.utcoffset() is None else now.astimezone(UTC)
    try:
        for pattern in _AGO:
            for match in pattern.finditer(folded):
                found = _ago(match, now_utc, tz)
                if found is not None:
                    return found
        return _day_word(folded, now_utc, tz, language)
    except (ValueError, OverflowError):
        return None


def _ago(match: re.Match[str], now_utc: datetime, tz: tzinfo) -> date | datetime | None:
    unit = match["unit"]
    kind = _UNITS.get(unit) or _CJK_UNITS[unit]
    if match["n"] is None and unit not in _ONE_WITHOUT_NUMBER:  # "a few days ago", "s ago"
        return None
    count = 1 if match["n"] is None else _number(match["n"])
    if count is None:
        return None
    if kind in _SUB_DAY:
        moment = (now_utc - timedelta(seconds=count * _SUB_DAY[kind])).astimezone(tz)
        return moment.replace(second=0, microsecond=0)
    today = now_utc.astimezone(tz).date()
    if kind == "day":
        return today - timedelta(days=count)
    if kind == "week":
        return today - timedelta(weeks=count)
    return _months_back(today, count * (12 if kind == "year" else 1))


def _day_word(
    folded: str, now_utc: datetime, tz: tzinfo, language: str | None
) -> date | datetime | None:
    for match in _DAY_WORD.finditer(folded):
        word = match["word"] or match["cjk"]
        needed = _ONLY_IN_LANGUAGE.get(word)
        if needed is not None and language and not fold(language).startswith(needed):
            continue
        offset = _DAYS_OR_NOW[word]
        if offset is None:
            return now_utc.astimezone(tz).replace(second=0, microsecond=0)
        day = now_utc.astimezone(tz).date() + timedelta(days=offset)
        clock = read_time_after(folded, match.end()) or read_time_before(folded, match.start())
        return day if clock is None else _at(day, clock, tz)
    return None


def _at(day: date, clock: TimeOfDay, tz: tzinfo) -> datetime:
    moment, zone = clock
    return datetime.combine(day, moment, tzinfo=zone or tz)


def _number(token: str) -> int | None:
    """ "3" -> 3, "an"/"eine"/"один" -> 1, "三" -> 3, "十二" -> 12; None for "十十"."""
    if token.isdigit():
        return int(token)
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    tens, ten, ones = token.partition("十")
    if not ten:
        return _CJK_DIGITS.get(token)
    high = _CJK_DIGITS.get(tens) if tens else 1
    low = _CJK_DIGITS.get(ones) if ones else 0
    return None if high is None or low is None else high * 10 + low


def _months_back(day: date, months: int) -> date:
    """`day` moved back by whole months, clamped to the month's end (Mar 31 - 1 = Feb 28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise ValueError(year)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
