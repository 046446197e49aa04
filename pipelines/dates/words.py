"""Month names in the languages listings are written in, and the one way text is folded to match.

Pages spell a month "Juli", "JULI", "juli", "Jul.", "juillet", "julio", "июля" (genitive: "the
29th of July"), "Ιουλίου" or "Ιούλιος". `fold` turns text into one comparable form, and every
table here is built through the same `fold`, so a key and the text it must match can never
disagree about an accent:

- NFKD first: full-width digits become ASCII, ligatures split, accented letters decompose;
- `casefold`: "Ä" -> "ä", Greek final "ς" -> "σ", "ß" -> "ss";
- combining marks U+0300..U+036F dropped: "März" -> "marz", "Μαΐου" -> "μαιου", "ё" -> "е",
  and also "й" -> "и" (harmless, since both sides are folded alike); Turkish "ı" -> "i",
  because "Mayıs" upper-cases to "MAYIS";
- NFC last, so Hangul syllables and kana with dakuten (whose marks live outside that block)
  come back whole.

Names are unique across languages (Spanish "mar" and English "Mar" are both March), so one
table serves every page and a wrong or missing `<html lang>` costs nothing. Weekday names
are not needed: dates are searched for, so "Di., 29.07." simply skips the weekday.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "AGO_AFTER",
    "AGO_BEFORE",
    "CJK_UNIT_WORDS",
    "DAY_WORDS",
    "JALALI_MONTHS",
    "LETTER",
    "MAX_DATE_CHARS",
    "MONTHS",
    "MONTH_SPELLINGS",
    "UNIT_WORDS",
    "common_era",
    "fold",
    "prepare",
]

# A date field is short; past this it is a card's body picked by mistake, and reading all of
# it would only cost time and invite false dates.
MAX_DATE_CHARS = 256

# U+200B..U+200D zero-width space/non-joiner/joiner, U+2060 word joiner, U+FEFF BOM, U+00AD
# soft hyphen: invisible on the page, but they split "Jul\u200by" into two words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FOLD_TABLE: dict[int, int | None] = dict.fromkeys(range(0x300, 0x370))
_FOLD_TABLE.update({ord(quote): ord("'") for quote in "\u2019\u2018\u02bc\u00b4\u2032"})
_FOLD_TABLE[ord("ı")] = ord("i")  # Turkish dotless i: "MAYIS" is how "Mayıs" is upper-cased
# The zero of each decimal digit block whose pages print native digits: Arabic-Indic,
# Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
# Thai, Lao, Tibetan, Myanmar, Khmer.
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
    0xED0, 0xF20, 0x1040, 0x17E0,
)  # fmt: skip
_DIGITS = {zero + n: ord("0") + n for zero in _DIGIT_ZEROS for n in range(10)}
# A letter of a month name: a Unicode letter, or a vowel sign or mark of the Indic, Thai and
# Arabic scripts (Python's `\w` leaves those out, and month names there are full of them).
LETTER = r"(?:[^\W\d_]|[\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0e7f](?<![\d]))"

# One line per month: every spelling we accept, space-separated, as the language writes it.
MONTH_SPELLINGS: dict[str, tuple[str, ...]] = {
    "en": (
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sep sept", "october oct", "november nov",
        "december dec",
    ),
    "de": (
        "januar jänner jan jän", "februar feber feb", "märz mär mrz maerz", "april apr",
        "mai", "juni jun", "juli jul", "august aug", "september sep sept", "oktober okt",
        "november nov", "dezember dez",
    ),
    "fr": (
        "janvier janv", "février févr fév", "mars", "avril avr", "mai", "juin",
        "juillet juil", "août aoû", "septembre sept", "octobre oct", "novembre nov",
        "décembre déc",
    ),
    "es": (
        "enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
        "julio jul", "agosto ago", "septiembre setiembre sep sept set", "octubre oct",
        "noviembre nov", "diciembre dic",
    ),
    "it": (
        "gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag",
        "giugno giu", "luglio lug", "agosto ago", "settembre set sett", "ottobre ott",
        "novembre nov", "dicembre dic",
    ),
    "pt": (
        "janeiro jan", "fevereiro fev", "março mar", "abril abr", "maio mai", "junho jun",
        "julho jul", "agosto ago", "setembro set", "outubro out", "novembro nov",
        "dezembro dez",
    ),
    "nl": (
        "januari jan", "februari feb", "maart mrt", "april apr", "mei", "juni jun",
        "juli jul", "augustus aug", "september sep sept", "oktober okt", "november nov",
        "december dec",
    ),
    "ru": (
        "январь января янв", "февраль февраля фев февр", "март марта мар",
        "апрель апреля апр", "май мая", "июнь июня июн", "июль июля июл",
        "август августа авг", "сентябрь сентября сен сент", "октябрь октября окт",
        "ноябрь ноября ноя нояб", "декабрь декабря дек",
    ),
    "uk": (
        "січень січня", "лютий лютого", "березень березня", "квітень квітня",
        "травень травня", "червень червня", "липень липня", "серпень серпня",
        "вересень вересня", "жовтень жовтня", "листопад листопада", "грудень грудня",
    ),
    "el": (
        "ιανουάριος ιανουαρίου ιαν", "φεβρουάριος φεβρουαρίου φεβ", "μάρτιος μαρτίου μαρ",
        "απρίλιος απριλίου απρ", "μάιος μαΐου μαΐ", "ιούνιος ιουνίου ιουν",
        "ιούλιος ιουλίου ιουλ", "αύγουστος αυγούστου αυγ", "σεπτέμβριος σεπτεμβρίου σεπ σεπτ",
        "οκτώβριος οκτωβρίου οκτ", "νοέμβριος νοεμβρίου νοε", "δεκέμβριος δεκεμβρίου δεκ",
    ),
    "sv-da-no": (
        "januari januar", "februari februar", "mars marts", "april", "maj", "juni", "juli",
        "augusti august", "september", "oktober", "november", "december",
    ),
    "pl": (
        "styczeń stycznia sty", "luty lutego lut", "marzec marca", "kwiecień kwietnia kwi",
        "maj maja", "czerwiec czerwca cze", "lipiec lipca lip", "sierpień sierpnia sie",
        "wrzesień września wrz", "październik października paź", "listopad listopada lis",
        "grudzień grudnia gru",
    ),
    "cs": (
        "leden ledna", "únor února", "březen března", "duben dubna", "květen května",
        "červen června", "červenec července", "srpen srpna", "září", "říjen října",
        "listopad listopadu", "prosinec prosince",
    ),
    "ro": (
        "ianuarie ian", "februarie", "martie", "aprilie", "mai", "iunie", "iulie",
        "august", "septembrie", "octombrie", "noiembrie", "decembrie",
    ),
    "id-ms": (
        "januari", "februari", "maret", "april", "mei", "juni jun", "juli julai",
        "agustus agt ogos", "september", "oktober okt", "november nopember", "desember disember",
    ),
    "hu": (
        "január jan", "február febr", "március márc", "április ápr", "május máj", "június jún",
        "július júl", "augusztus aug", "szeptember szept", "október okt", "november nov",
        "december dec",
    ),
    "fi": (
        "tammikuu tammikuuta", "helmikuu helmikuuta", "maaliskuu maaliskuuta",
        "huhtikuu huhtikuuta", "toukokuu toukokuuta", "kesäkuu kesäkuuta",
        "heinäkuu heinäkuuta", "elokuu elokuuta", "syyskuu syyskuuta", "lokakuu lokakuuta",
        "marraskuu marraskuuta", "joulukuu joulukuuta",
    ),
    "ca": (
        "gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre",
        "octubre", "novembre", "desembre",
    ),
    "tr": (
        "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
        "ekim", "kasım", "aralık",
    ),
    "hi": (
        "जनवरी", "फ़रवरी फरवरी", "मार्च", "अप्रैल अप्रेल", "मई", "जून", "जुलाई", "अगस्त",
        "सितंबर सितम्बर", "अक्टूबर अक्तूबर", "नवंबर नवम्बर", "दिसंबर दिसम्बर",
    ),
    "bn": (
        "জানুয়ারি জানুয়ারী", "ফেব্রুয়ারি ফেব্রুয়ারী", "মার্চ", "এপ্রিল", "মে", "জুন",
        "জুলাই", "আগস্ট আগষ্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর",
    ),
    # Arabic: the Egyptian/Gulf names, and the Levantine ones that are one word.
    "ar": (
        "يناير", "فبراير شباط", "مارس آذار", "أبريل إبريل ابريل نيسان", "مايو أيار",
        "يونيو يونيه حزيران", "يوليو يوليه تموز", "أغسطس", "سبتمبر أيلول", "أكتوبر",
        "نوفمبر", "ديسمبر",
    ),
    # Persian names of the Gregorian months (Solar Hijri dates are a calendar of their own).
    "fa": (
        "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه ژوییه", "اوت", "سپتامبر",
        "اکتبر", "نوامبر", "دسامبر",
    ),
    "th": (
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
        "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ),
}  # fmt: skip


def fold(text: str) -> str:
    """`text` in the comparable form every table uses (see the module docstring)."""
    if text.isascii():
        return text.lower()
    stripped = unicodedata.normalize("NFKD", text).casefold().translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", stripped)


def prepare(raw: str) -> str:
    """`raw` cut to `MAX_DATE_CHARS`, without invisible characters, in NFKC, ASCII digits.

    NFKC maps full-width digits; `_DIGITS` maps the native digits of the scripts whose pages
    print them (Arabic-Indic, Persian, Devanagari, Bengali, Thai and their neighbours), so
    every pattern downstream reads one kind of digit.
    """
    text = raw[:MAX_DATE_CHARS]
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_DIGITS)


# Solar Hijri (Jalali) months, which Persian pages date by (`calendars` converts them).
JALALI_SPELLINGS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد امرداد", "شهریور", "مهر", "آبان", "آذر",
    "دی", "بهمن", "اسفند",
)  # fmt: skip


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for months in MONTH_SPELLINGS.values():
        for number, spellings in enumerate(months, start=1):
            for name in spellings.split():
                table[fold(name)] = number
    return table


MONTHS: dict[str, int] = _month_table()


def common_era(year: int) -> int:
    """`year` in the common era: a Thai Buddhist-era year (2443..2643, 1900..2100 CE) less 543.

    No listing dates a story in the 25th or 26th century, so a year there is the Buddhist
    era that Thai pages print ("29 กรกฎาคม 2568" is 29 July 2025).
    """
    return year - _BUDDHIST_ERA if _BUDDHIST_FIRST <= year <= _BUDDHIST_LAST else year


_BUDDHIST_ERA = 543
_BUDDHIST_FIRST, _BUDDHIST_LAST = 1900 + _BUDDHIST_ERA, 2100 + _BUDDHIST_ERA

# Relative dates ("3 hours ago", "vor 2 Tagen", "gestern"): the words `relative` resolves and
# `scraper.parse.auto.datetext` recognises. One line per unit; space-separated spellings.
UNIT_WORDS = {
    "second": "second seconds sec secs s sekunde sekunden sek seconde secondes segundo segundos"
    " seg secondo secondi seconden секунду секунды секунд сек δευτερόλεπτο δευτερόλεπτα"
    " सेकंड সেকেন্ড ثانية ثوان ثانیه วินาที",
    "minute": "minute minutes min mins m minuten minuto minutos minuti minuut минуту минуты"
    " минут мин λεπτό λεπτά मिनट মিনিট دقيقة دقائق دقیقه นาที",
    "hour": "hour hours hr hrs h stunde stunden std heure heures hora horas ora ore uur час"
    " часа часов ώρα ώρες घंटे घंटा ঘণ্টা ساعة ساعات ساعت ชั่วโมง",
    "day": "day days d tag tage tagen jour jours día días giorno giorni dag dagen день дня дней"
    " ημέρα ημέρες μέρα μέρες दिन দিন يوم أيام ايام روز วัน",
    "week": "week weeks wk wks w woche wochen semaine semaines semana semanas settimana"
    " settimane weken неделю недели недель εβδομάδα εβδομάδες सप्ताह হপ্তা সপ্তাহ أسبوع"
    " أسابيع هفته สัปดาห์",
    "month": "month months mo mos monat monate monaten mois mes meses mês mese mesi maand"
    " maanden месяц месяца месяцев μήνα μήνες महीने महीना মাস شهر أشهر ماه เดือน",
    "year": "year years yr yrs y jahr jahre jahren an ans année années año años anno anni"
    " jaar jaren год года лет χρόνο χρόνια έτος έτη साल বছর سنة سنوات سال ปี",
}
CJK_UNIT_WORDS = {
    "second": "秒 秒钟 秒鐘 초",
    "minute": "分 分钟 分鐘 분",
    "hour": "時間 小时 小時 个小时 個小時 시간",
    "day": "日 天 일",
    "week": "週 週間 周 星期 个星期 個星期 주",
    "month": "か月 ヶ月 カ月 ヵ月 ケ月 个月 個月 개월 달",
    "year": "年 년",
}
# Before the number ("vor 2 Tagen", "منذ 3 ساعات") or after the unit ("2 hours ago").
AGO_BEFORE = ("vor", "il y a", "hace", "ha", "πριν απο", "πριν", "منذ", "قبل")
AGO_AFTER = (
    "ago", "fa", "geleden", "назад", "atras", "πριν", "पहले", "আগে", "پیش", "قبل", "ที่แล้ว",
    "ก่อน",
)  # fmt: skip
# Day words by their offset from today.
DAY_WORDS = {
    0: "today heute aujourd'hui hoy oggi hoje vandaag сегодня σήμερα 今日 今天 本日 오늘 आज"
    " আজ اليوم امروز วันนี้",
    -1: "yesterday gestern hier ayer ieri ontem gisteren вчера χθες χτες 昨日 昨天 어제"
    " গতকাল أمس امس دیروز เมื่อวาน",
    -2: "vorgestern avant-hier anteayer antier anteontem altroieri eergisteren позавчера"
    " προχθές προχτές 一昨日 おととい 前天 그저께",
}


JALALI_MONTHS: dict[str, int] = {
    fold(name): number
    for number, spellings in enumerate(JALALI_SPELLINGS, start=1)
    for name in spellings.split()
}
