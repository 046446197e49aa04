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

__all__ = ["MAX_DATE_CHARS", "MONTHS", "MONTH_SPELLINGS", "fold", "prepare"]

# A date field is short; past this it is a card's body picked by mistake, and reading all of
# it would only cost time and invite false dates.
MAX_DATE_CHARS = 256

# U+200B..U+200D zero-width space/non-joiner/joiner, U+2060 word joiner, U+FEFF BOM, U+00AD
# soft hyphen: invisible on the page, but they split "Jul\u200by" into two words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FOLD_TABLE: dict[int, int | None] = dict.fromkeys(range(0x300, 0x370))
_FOLD_TABLE.update({ord(quote): ord("'") for quote in "\u2019\u2018\u02bc\u00b4\u2032"})
_FOLD_TABLE[ord("ı")] = ord("i")  # Turkish dotless i: "MAYIS" is how "Mayıs" is upper-cased

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
    "tr": (
        "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
        "ekim", "kasım", "aralık",
    ),
}  # fmt: skip


def fold(text: str) -> str:
    """`text` in the comparable form every table uses (see the module docstring)."""
    if text.isascii():
        return text.lower()
    stripped = unicodedata.normalize("NFKD", text).casefold().translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", stripped)


def prepare(raw: str) -> str:
    """`raw` cut to `MAX_DATE_CHARS`, without invisible characters, in NFKC (ASCII digits)."""
    text = raw[:MAX_DATE_CHARS]
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE))


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for months in MONTH_SPELLINGS.values():
        for number, spellings in enumerate(months, start=1):
            for name in spellings.split():
                table[fold(name)] = number
    return table


MONTHS: dict[str, int] = _month_table()
