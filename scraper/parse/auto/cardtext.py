"""The fields a card shows as text around its title: date line, category or kicker, teaser.

All three read the same `CardText` walk (one pass over the card, title left out):

- **date**: read by `carddate` from the same walk; the pipeline parses what we pass on.
- **category**: a kicker printed inside the headline link (it labels this story, while a
  labelled element or a category link may belong to a box the card climbed into), else the
  first element whose class names one (`category`, `kicker`, `tags`, ...) or the first link
  to a category or tag page (first link of a tag row; "Tags:" prefixes dropped), else a
  kicker: a short label line just before the title, else a section label in the date line
  after it ("03/14/2025 Fees"), when it cannot be a byline.
- **summary**: the first block of running text with little link text that is not a byline,
  the date, the category or a copy of the title; a short one continues with the next blocks
  (a post shown in full starts with a line that only reads with the quote after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipelines import fold
from scraper.parse.auto.blocks import Block, CardText, inline_text, read_text
from scraper.parse.auto.classwords import classify, is_weak_label
from scraper.parse.auto.datetext import is_month_word, looks_like_date
from scraper.parse.auto.kicker import MAX_KICKER_CHARS
from scraper.parse.document import resolve_link

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "Found",
    "card_category",
    "card_summary",
    "holds",
    "label_after",
    "label_beside",
    "word_count",
]

_CATEGORY_PATH = re.compile(
    r"/(?:category|categories|cat|tag|tags|topic|topics|section|sections|rubrik|rubrique|label"
    r"|kategorie|categoria|categorie|thema|themen|tema|temas)/",
    re.IGNORECASE,
)
_CATEGORY_QUERY = re.compile(r"(?:^|[&?\[])(?:tags?|cat|category|label|topic)s?\b", re.I)
_NOT_A_LABEL = re.compile(r"^\W*(?:read|more|mehr|weiter|lire|leer|leggi|ler|далее)\b", re.I)
# "Category: Fees" names the field; "Podcast: Harbour Talk" is the label itself.
_LABEL_PREFIX = re.compile(
    r"^\W*(?:categor(?:y|ies|ia|ie|ía|ias|ías)|cat[ée]gories?|kategorien?|section|sección|secção"
    r"|sezione|rubri(?:k|que|ca)|topics?|thema|themen|tema|temas|tags?|schlagworte?"
    r"|(?:filed|posted)(?: under| in)?|published in|ressort)\s*:\s*",
    re.IGNORECASE,
)
_CATEGORY_TRIM = " ,;:|/·•"
_MAX_CATEGORY_CHARS = 40
_RANKS = {f"h{level}": level for level in range(1, 7)}
_NO_RANK = 7
_MAX_KICKER_WORDS = 4
_MIN_SUMMARY_CHARS = 30
_MIN_SUMMARY_WORDS = 5  # for space-separated scripts; CJK text has no spaces to count
# Kana and Han, written without spaces, and hangul: a character carries about what three
# Latin letters do.
_KANA_HAN = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_WIDE = re.compile(f"[{_KANA_HAN}\uac00-\ud7af]")
_WIDE_CHAR_WORTH = 3
# An address shown as text: a host, then path parts after "/" or a breadcrumb's "›".
_URL_LINE = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?(?:\s*[›»>/]\s*[^\s›»>/]*)*",
    re.IGNORECASE,
)
# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
_UNSPACED = re.compile(f"[{_KANA_HAN}\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_SHORT_SUMMARY_CHARS = 150
_MIN_CONTINUATION_CHARS = 20
_MAX_SUMMARY_CHARS = 600
_MAX_LINK_DENSITY = 0.5
_SHORT_DATE_LINE = 60
_DATE_INLINE = frozenset({"span", "abbr", "small", "em", "i", "b", "strong", "time", "font", "a"})
_DATE_WORDS = 2  # words without a digit a date line may hold ("Tuesday, March 3, 2025")
_CLOCK = re.compile(r"^\d{1,2}(?:[:.h]\d{2})?$")  # "3:45 pm", "10 Uhr": a time before a word


@dataclass(frozen=True, slots=True)
class Found:
    """A field's value and the node it came from; `attr` names the attribute read, if any."""

    value: str
    node: LexborNode
    attr: str | None = None


def card_category(
    root: LexborNode,
    text: CardText,
    *,
    title: str,
    headline: LexborNode,
    base: str,
    kicker: LexborNode | None = None,
) -> Found | None:
    """The card's category, kicker or first tag (see the module docstring), or None.

    `kicker` is a label printed inside the headline link (`kicker.split_kicker`), held to a
    kicker's length (`MAX_KICKER_CHARS`) rather than a category's: it comes first.
    """
    if kicker is not None:
        value = inline_text(kicker).strip(_CATEGORY_TRIM)
        if _is_label(value, max_chars=MAX_KICKER_CHARS):
            return Found(value, kicker)
    named = _named_category(root, text, title=title, headline=headline, base=base)
    if named is not None:
        return named
    return _kicker(text, title, _heading_rank(headline, root)) or _meta_label(text, title)


def _named_category(
    root: LexborNode, text: CardText, *, title: str, headline: LexborNode, base: str
) -> Found | None:
    """A category the markup names: an element classed as one, else a category link."""
    headline_id = headline.mem_id
    for node in sorted(text.labelled, key=is_weak_label):  # stable: page order within each
        if holds(node, headline):
            continue  # a cell classed "topic" around the title is no label
        found = _category_text(node)
        if found is not None and found.node.mem_id != headline_id and found.value != title:
            return found
    story = _href(headline, base)
    for node in root.css("a[href]"):
        if node.mem_id == headline_id or _href(node, base) == story:
            continue  # a date or "more" link to the story itself names no category
        if _is_category_link(node, base):
            value = inline_text(node).strip(_CATEGORY_TRIM)
            if _is_label(value):
                return Found(value, node)
    return None


def label_beside(
    before: list[LexborNode], *, title: str, headline: LexborNode, base: str
) -> Found | None:
    """The category printed just before a bare headline card (`beside`), or None.

    The nearest preceding element speaks: an element classed as a label or a category link
    inside it, else its whole text when that is one short label line (a kicker).
    """
    if not before:
        return None
    node = before[0]
    text = read_text(node, classify=classify)
    found = card_category(node, text, title=title, headline=headline, base=base)
    if found is not None:
        return found
    if len(text.blocks) == 1 and _is_kicker(text.blocks[0].plain, title):
        return Found(text.blocks[0].plain, text.blocks[0].node)
    return None


def label_after(
    after: list[tuple[LexborNode, CardText]], *, title: str, headline: LexborNode, base: str
) -> Found | None:
    """A category named by the markup of the elements after a bare headline card (`beside`),
    with their text read: a "Filed under" line's category link. Their plain text is the
    teaser's, never a label."""
    for node, text in after:
        found = _named_category(node, text, title=title, headline=headline, base=base)
        if found is not None:
            return found
    return None


def _href(node: LexborNode, base: str) -> str | None:
    url = resolve_link(node.attrs.get("href") or "", base)
    return None if url is None else url.partition("#")[0]


def _is_label(value: str, *, max_chars: int = _MAX_CATEGORY_CHARS) -> bool:
    return (
        0 < len(value) <= max_chars
        and not _NOT_A_LABEL.search(value)
        and not looks_like_date(value)
    )


def holds(outer: LexborNode, inner: LexborNode) -> bool:
    """Whether `inner` is `outer` or inside it (compared by id: `==` serialises nodes)."""
    outer_id = outer.mem_id
    node: LexborNode | None = inner
    while node is not None:
        if node.mem_id == outer_id:
            return True
        node = node.parent
    return False


def card_summary(
    text: CardText, *, title: str, exclude: set[int], date: str | None = None
) -> Found | None:
    """The teaser (see the module docstring); blocks whose node id is in `exclude` are not.

    A line that starts with the card's `date` is read from after it: a date line that runs
    on into the teaser ("17/03/2016 The crews speak for themselves ...", no block between).
    """
    blocks = [
        _after(block, date) if date else block
        for block in text.blocks
        if block.node.mem_id not in exclude
    ]
    for index, block in enumerate(blocks):
        if not _is_teaser(block, title):
            continue
        parts = [block.plain]
        size = len(block.plain)
        for following in blocks[index + 1 :]:
            if size >= _SHORT_SUMMARY_CHARS or not _is_teaser(
                following, title, min_chars=_MIN_CONTINUATION_CHARS
            ):
                break
            parts.append(following.plain)
            size += len(following.plain) + 1
        value = " ".join(parts)
        if len(value) > _MAX_SUMMARY_CHARS:
            value = value[:_MAX_SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        return Found(value, block.node)
    return None


def word_count(text: str) -> int:
    """Words in `text`; in scripts written without spaces, a word per two characters."""
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2


def _after(block: Block, date: str) -> Block:
    """`block` without a leading `date` (and its link text, if the date was a link)."""
    lead = date + " "
    if not block.plain.startswith(lead):
        return block
    rest = block.plain[len(lead) :]
    text = block.text[len(lead) :] if block.text.startswith(lead) else block.text
    return replace(block, text=text, plain=rest, link_chars=max(0, block.link_chars - len(date)))


def _is_teaser(block: Block, title: str, *, min_chars: int = _MIN_SUMMARY_CHARS) -> bool:
    value = block.plain
    if len(_WIDE.findall(value)) * 2 > len(value):
        min_chars //= _WIDE_CHAR_WORTH  # a Chinese teaser of 11 characters says a sentence
    if len(value) < min_chars or value == title or block.link_density > _MAX_LINK_DENSITY:
        return False
    if block.meta_chars * 2 > len(block.text):
        return False
    if _URL_LINE.fullmatch(value):
        return False  # a search result's address ("site.example › news › harbour")
    if word_count(value) < _MIN_SUMMARY_WORDS:
        return False
    return not (len(value) < _SHORT_DATE_LINE and looks_like_date(value))


def _category_text(node: LexborNode) -> Found | None:
    link = node if node.tag == "a" else node.css_first("a[href]")
    if link is not None:
        value = inline_text(link).strip(_CATEGORY_TRIM)
        return Found(value, link) if _is_label(value) else None
    value = _LABEL_PREFIX.sub("", inline_text(node)).strip(_CATEGORY_TRIM)
    return Found(value, node) if _is_label(value) else None


def _is_category_link(node: LexborNode, base: str) -> bool:
    rel = (node.attrs.get("rel") or "").lower().split()
    if "tag" in rel or "category" in rel:
        return True
    url = resolve_link(node.attrs.get("href") or "", base)
    if url is None:
        return False
    parts = urlsplit(url)
    return bool(_CATEGORY_PATH.search(parts.path) or _CATEGORY_QUERY.search(parts.query))


def _kicker(text: CardText, title: str, title_rank: int) -> Found | None:
    """A short label before the title (not a date, not a copy of the title), if any.

    A whole line qualifies, or an inline part of a meta line ("REPORT · 12.05.2024"). A
    heading that outranks the title's (`h2` "Sport" over an `h3` headline) titles the section
    the card sits in, not the card: a card whose box climbed up to its section's box prints
    no kicker by that.
    """
    if text.skipped_at is None:
        return None
    for block in text.blocks[: text.skipped_at]:
        rank = _RANKS.get(block.node.tag or "")
        if rank is not None and rank <= title_rank:
            continue
        if _is_kicker(block.plain, title):
            return Found(block.plain, block.node)
        if looks_like_date(block.text):
            for child in block.node.iter():
                value = inline_text(child)
                if child.tag in _DATE_INLINE and _is_kicker(value, title):
                    return Found(value, child)
    return None


def _meta_label(text: CardText, title: str) -> Found | None:
    """A section label ending the date line after the title ("03/14/2025 · Fees").

    All before the label must be the date (`_is_date_alone`), and the label must not read as
    a byline or cut-off text (`_is_meta_label`). It is an inline element ending the line, or
    the line's last word.
    """
    start = text.skipped_at or 0
    for block in text.blocks[start:]:
        if len(block.text) > _SHORT_DATE_LINE or not looks_like_date(block.text):
            continue
        line = block.plain.rstrip(_CATEGORY_TRIM)
        found = [
            Found(inline_text(child).strip(_CATEGORY_TRIM), child)
            for child in block.node.iter()
            if child.tag in _DATE_INLINE and child.tag not in ("a", "time")
        ]
        found.append(Found(line.rpartition(" ")[2].strip(_CATEGORY_TRIM), block.node))
        for label in found:
            value = label.value
            if value and line.endswith(value) and _is_date_alone(line[: -len(value)]):
                return label if _is_meta_label(value, line, title) else None
    return None


def _is_date_alone(text: str) -> bool:
    """Whether `text` is a date and nothing else: words with digits, month names, marks."""
    words = text.strip(_CATEGORY_TRIM).split()
    return (
        bool(words)
        and all(
            any(ch.isdigit() for ch in word)
            or not any(ch.isalpha() for ch in word)
            or is_month_word(fold(word.strip(",.")))
            for word in words
        )
        and looks_like_date(text)
    )


def _is_meta_label(value: str, line: str, title: str) -> bool:
    """A label, not a name ("Jane Doe"), a clock's "pm" or cut-off text ("τους...").

    One word, or a few that are not all capitalised like a name ("Real estate" is a
    section); not lower-case; not after a clock time ("10 Uhr").
    """
    if not _is_kicker(value, title) or looks_like_date(value) or value[0].islower():
        return False
    if value.endswith(("...", "…")):
        return False
    words = value.split()
    if len(words) > 1 and all(word[:1].isupper() and word[1:].islower() for word in words):
        return False
    before = line[: -len(value)].split()
    return not (before and _CLOCK.search(before[-1]))


def _heading_rank(headline: LexborNode, root: LexborNode) -> int:
    """The rank (1 for h1) of the heading around or inside the headline link; 7 for none."""
    node: LexborNode | None = headline
    while node is not None:
        rank = _RANKS.get(node.tag or "")
        if rank is not None:
            return rank
        if node.mem_id == root.mem_id:
            break
        node = node.parent
    inner = headline.css_first("h1, h2, h3, h4, h5, h6")
    return _RANKS[inner.tag or "h6"] if inner is not None else _NO_RANK


def _is_kicker(value: str, title: str) -> bool:
    return (
        0 < word_count(value) <= _MAX_KICKER_WORDS
        and len(value) <= _MAX_CATEGORY_CHARS
        and value != title
        and not any(ch.isdigit() for ch in value)
        and any(ch.isalpha() for ch in value)
        and not _NOT_A_LABEL.search(value)
    )
