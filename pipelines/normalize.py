"""Clean the text a card gave us, so equal stories compare equal and read well.

Pages hand us entities (`&amp;`, `&nbsp;`, sometimes escaped twice), compatibility forms
(full-width letters, ligatures), invisible characters (zero-width space, BOM, soft hyphen) and
runs of layout whitespace. `clean_text` removes all of that and is idempotent. NFKC spells
"…" as "...", so cleaned text never holds the ellipsis character.

The `normalize` stage also drops a teaser's truncation mark ("The port said…") and undoes two
selector accidents: link text such as "Read more »" or
"[…]" glued to the end of a title or summary, and a title picked up twice (image alt plus
heading: "Talks Begin Talks Begin"). A bare "More" is only dropped when something marks it as a
link (an arrow, a bracket, or a sentence end before it), so "Pay Less, Get More" keeps its word.
`published_raw` only loses entities and extra whitespace: it is kept as the page wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from pipelines.items import Item

__all__ = ["clean_text", "normalize"]

# U+200B..U+200D zero-width space/non-joiner/joiner, U+2060 word joiner, U+FEFF BOM, U+00AD
# soft hyphen: invisible on the page, but they make equal titles hash differently.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Entity decoding can reveal another entity (`&amp;amp;`); each pass shortens the text, and real
# pages stop after two, so the cap only guards against pathological input.
_MAX_UNESCAPE_PASSES = 8

_MARKER = r"(?:[»›→⟶>]+|\.{3}|…)"
_PHRASES = (
    r"read\s+(?:more|the\s+full\s+(?:story|article))|(?:continue|keep)\s+reading|learn\s+more"
    r"|weiterlesen|mehr\s+(?:lesen|erfahren)|zum\s+artikel"
    r"|lire\s+(?:la\s+suite|plus)|en\s+savoir\s+plus"
    r"|(?:leer|ver)\s+m[aá]s|seguir\s+leyendo"
    r"|leggi\s+(?:tutto|di\s+pi[uù])|continua\s+a\s+leggere"
    r"|ler\s+mais|leia\s+mais|saiba\s+mais|continuar\s+(?:lendo|a\s+ler)"
    r"|lees\s+(?:meer|verder)|verder\s+lezen|czytaj\s+(?:dalej|wi[eę]cej)"
    r"|l[äa]s\s+mer|l[æa]s\s+mere|les\s+mer|lue\s+lis[äa][äa]|baca\s+selengkapnya"
    r"|devam[ıi]n[ıi]\s+oku|[čc][íi]st\s+d[áa]l|читать\s+(?:далее|дальше|полностью)"
    r"|подробнее|διαβάστε\s+περισσότερα|اقرأ\s+المزيد"
)
# Scripts without spaces: the link text is glued to the sentence ("…内容阅读全文").
_GLUED_PHRASES = r"阅读全文|閱讀全文|查看全文|阅读更多|閱讀更多|続きを読む|もっと見る"
# "More" in the languages whose bare word a link shows; dropped only when marked (see below).
_MORE = r"(?:more|mehr)"
# One pattern, so a card costs one search. Each branch must be its own token at the very end:
# "Bookread more" and "Wait for it[...]" keep their text.
_LINK_TEXT = re.compile(
    rf"(?:(?:^|(?<=\W))[\[(]?(?:{_PHRASES})\s*{_MARKER}?\s*[\])]?"  # "Read more »", "[Weiterlesen]"
    rf"|[\[(]?(?:{_GLUED_PHRASES})\s*{_MARKER}?\s*[\])]?"  # "…内容阅读全文 >>"
    rf"|(?:^|(?<=[.!?…]))\s*[\[(]?{_MORE}\s*{_MARKER}?[\])]?"  # "Done. More", "… more »"
    rf"|(?:^|\s)[\[(]{_MORE}\s*{_MARKER}?[\])]"  # "[More]", "(more…)"
    rf"|(?:^|\s){_MORE}\s*[»›→⟶>]+"  # "More »"
    r"|(?:^|\s)[\[(](?:…|\.{3})[\])])"  # "[…]"
    r"\s*$",
    re.IGNORECASE,
)
# Link text is short: searching only the tail keeps long summaries as cheap as short ones.
_TAIL_CHARS = 48
# A cheap pre-check before the regex: every branch above ends in one of these words or an
# ellipsis once trailing markers, brackets and spaces are gone. Most titles fail it at once.
_LINK_ENDINGS = (
    "more", "story", "article", "reading", "lesen", "suite", "plus", "más", "mas", "leyendo",
    "tutto", "più", "piu", "mais", "meer", "...", "…", "mehr", "erfahren", "artikel",
    "leggere", "lendo", "ler", "verder", "lezen", "dalej", "więcej", "wiecej", "mer", "mere",
    "lisää", "lisaa", "selengkapnya", "oku", "dál", "dal", "далее", "дальше", "полностью",
    "подробнее", "περισσότερα", "المزيد", "全文", "更多", "読む", "見る",
)  # fmt: skip
_TRAILING_MARKS = " \t\n\r\f\v»›→⟶>])"
# What is left between the text and a removed link: "Story | Read more" -> "Story".
_SEPARATORS = frozenset("|·•–—-")


def clean_text(text: str | None) -> str | None:
    """Entities, NFKC, invisible characters and whitespace runs removed; "" becomes None.

    Idempotent: `clean_text(clean_text(t)) == clean_text(t)`. Characters are otherwise kept
    (no case folding, no punctuation changes).
    """
    if text is None:
        return None
    if _is_clean_ascii(text):
        return text
    cleaned = _decode(text)
    return " ".join(cleaned.split()) or None


def normalize(item: Item) -> Item:
    """The stage: clean every text field and drop link text a selector picked up by accident.

    `url` is left to `canonicalize`; an empty title stays "" for `require_title` to reject.
    """
    title = _drop_repeat(_drop_link_text(clean_text(item.title) or ""))
    summary = _drop_truncation(_drop_link_text(clean_text(item.summary) or "")) or None
    category = clean_text(item.category)
    published_raw = _clean_raw(item.published_raw)
    cleaned = (title, summary, category, published_raw)
    if cleaned == (item.title, item.summary, item.category, item.published_raw):
        return item  # most cards come clean: no copy
    return replace(
        item, title=title, summary=summary, category=category, published_raw=published_raw
    )


def _is_clean_ascii(text: str) -> bool:
    """True when `clean_text` would return `text` itself, told without splitting it.

    ASCII has nothing for NFKC to do, and no entity starts with "& " ("Salt & Pepper"), so
    only another "&" needs decoding; printable ASCII holds no whitespace but " ", so the text
    is clean unless it is empty or has a leading, trailing or doubled space.
    """
    return (
        text.isascii()
        and text.isprintable()
        and ("&" not in text or text.count("&") == text.count("& "))
        and "  " not in text
        and text[:1] not in ("", " ")
        and text[-1] != " "
    )


def _decode(text: str) -> str:
    """Unescape and NFKC to a fixed point; each step can expose work for the other.

    Most text is ASCII without "&", and leaves after one cheap pass.
    """
    for _ in range(_MAX_UNESCAPE_PASSES):
        decoded = _unescape(text) if "&" in text else text
        if not decoded.isascii():
            decoded = unicodedata.normalize("NFKC", decoded.translate(_INVISIBLE))
        if decoded == text:
            break
        text = decoded
    return text


def _unescape(text: str) -> str:
    """`html.unescape`, imported on first use: its entity table takes 0.45 MB of a crawl's
    memory, and most card text has no "&" at all."""
    from html import unescape

    return unescape(text)


def _clean_raw(text: str | None) -> str | None:
    """Entities and whitespace only: the raw date text stays recognisably the page's."""
    if text is None:
        return None
    if _is_clean_ascii(text):
        return text
    return " ".join(_unescape(text).split()) or None


def _drop_link_text(text: str) -> str:
    """Strip trailing "Read more"-style link text, repeatedly ("… Read more […]")."""
    while text:
        if not text[-_TAIL_CHARS:].rstrip(_TRAILING_MARKS).lower().endswith(_LINK_ENDINGS):
            return text
        match = _LINK_TEXT.search(text, max(0, len(text) - _TAIL_CHARS))
        if match is None:
            return text
        text = text[: match.start()].rstrip()
        if text[-1:] in _SEPARATORS and text[-2:-1].isspace():
            text = text[:-1].rstrip()
    return text


def _drop_truncation(summary: str) -> str:
    """A teaser cut short ends in "..." (NFKC spells "…" so): the dots say nothing, the text
    before them is kept. A summary that is only dots becomes empty."""
    if not summary.endswith("..."):
        return summary
    return summary.rstrip(". ").rstrip(" ,;:-")


def _drop_repeat(title: str) -> str:
    """Collapse "A B A B" to "A B" (image alt plus heading); halves need two words or more.

    One-word halves are left alone: "Bora Bora" and "Walla Walla" are real names.
    """
    while True:
        half, rest = divmod(len(title), 2)
        if rest != 1 or title[half] != " ":
            return title
        head = title[:half]
        if " " not in head or head != title[half + 1 :]:
            return title
        title = head
