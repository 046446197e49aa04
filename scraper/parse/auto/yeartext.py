"""Dates split across elements: a card shows "14. Juli" or "07/14", the page shows the year.

Archives and blogs print the year once, in a month heading ("Juli 2016") or an archive
header, and only the day and month on each card. The reader never guesses a year, so the
parse layer completes such a date from the page's own evidence, nearest first:

1. the closest heading-like element before the card (`h1`-`h6`, `dt`, `caption`, `th`, or an
   element classed as a date, month or archive header) whose text holds a year;
2. the page URL's archive path (`/2016/01/`, `/2016/`);
3. the one year every other dated card or `<time datetime>` of the page agrees on.

The year is inserted right after the day and month ("14. Juli 2016, 10:30"), so the pipeline
reads the text as usual and the page's numeric date order still applies. A card with no date
at all under a date header (`<h2 class="date-header">Thursday, July 14, 2016</h2>`, one header
per day of posts) takes the header's date. Nothing is invented: without evidence, or with two
conflicting years and no nearer header, the date stays as shown.

The document order of headings and cards is read in one walk of the tree, and only when some
card needs it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipelines import LETTER, fold, parse_date
from scraper.parse.auto.blocks import inline_text
from scraper.parse.auto.datetext import is_month_word, looks_like_date
from scraper.parse.auto.fields import CardFields

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["complete_dates", "with_year"]

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "th", "legend"})
_HEADER_WORDS = re.compile(r"date|month|archive|year|day|monat|mois|mes", re.IGNORECASE)
_MAX_HEADING_CHARS = 60
# Headers that date the posts below them (Blogger's `h2.date-header`, `div.dateheader`).
_DATE_HEADERS = ", ".join(
    f"{tag}[class*='date' i]" for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "div", "dt")
)
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(?:/(?:0?[1-9]|1[0-2]))?(?:/|$)")
_DAY_MONTH = re.compile(
    rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s*(?:de\s+|of\s+)?(?P<after>{LETTER}{{2,}})\.?"
    rf"|(?<![^\W\d_])(?P<before>{LETTER}{{2,}})\.?\s*\d{{1,2}}(?:st|nd|rd|th)?(?!\d)"
)
_NUMERIC_DAY_MONTH = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2?(?![\d:])")


def complete_dates(
    tree: LexborHTMLParser, cards: list[CardFields], *, page_url: str
) -> list[CardFields]:
    """The cards, with yearless dates completed and dateless cards under a date header dated."""
    headers = tree.css_first(_DATE_HEADERS) is not None
    wanting = [i for i, card in enumerate(cards) if _needs_context(card.item.date, headers)]
    if not wanting:
        return cards
    order, headings = _headings(tree)
    fallback = _url_year(page_url) or _agreed_year(tree, cards)
    done = list(cards)
    for index in wanting:
        card = cards[index]
        header = _header_before(order.get(card.root.mem_id), headings)
        value = _completed(card.item.date, header, fallback)
        if value is not None:
            done[index] = replace(card, item=replace(card.item, date=value))
    return done


def _needs_context(value: str | None, headers: bool) -> bool:
    if value is None:
        return headers
    return _YEAR.search(value) is None and with_year(value, 2000) is not None


def with_year(text: str, year: int) -> str | None:
    """`text` with `year` put after its day and month, when that makes it a readable date."""
    named = _day_month(text)
    if named is not None:
        done = f"{text[: named.end()]} {year}{text[named.end() :]}"
    else:
        numeric = _NUMERIC_DAY_MONTH.search(text)
        if numeric is None:
            return None
        first, sep, second = numeric.groups()
        done = f"{text[: numeric.start()]}{first}{sep}{second}{sep}{year}{text[numeric.end() :]}"
    readable = parse_date(done, date_order="DMY") or parse_date(done, date_order="MDY")
    return done if readable is not None else None


def _day_month(text: str) -> re.Match[str] | None:
    """The first day-and-month span of `text` whose word is a month the reader knows."""
    pos = 0
    while (found := _DAY_MONTH.search(text, pos)) is not None:
        if is_month_word(fold(found["after"] or found["before"])):
            return found
        pos = found.start() + 1
    return None


def _completed(value: str | None, header: str | None, fallback: int | None) -> str | None:
    if value is None:  # a dateless card: only a header that is a whole date dates it
        return header if header is not None and looks_like_date(header) else None
    found = _YEAR.search(header) if header is not None else None
    year = int(found.group(1)) if found is not None else fallback
    return None if year is None else with_year(value, year)


def _headings(tree: LexborHTMLParser) -> tuple[dict[int, int], list[tuple[int, str]]]:
    """Every element's document position, and the heading-like texts holding a year, in order."""
    order: dict[int, int] = {}
    headings: list[tuple[int, str]] = []
    body = tree.body
    if body is None:
        return order, headings
    for position, node in enumerate(body.traverse()):
        order[node.mem_id] = position
        if _is_header(node):
            text = inline_text(node)
            if 0 < len(text) <= _MAX_HEADING_CHARS and _YEAR.search(text):
                headings.append((position, text))
    return order, headings


def _is_header(node: LexborNode) -> bool:
    if node.tag in _HEADING_TAGS:
        return True
    names = node.attrs.get("class") if node.tag in ("div", "span", "p", "li") else None
    return bool(names) and _HEADER_WORDS.search(names or "") is not None


def _header_before(position: int | None, headings: list[tuple[int, str]]) -> str | None:
    if position is None:
        return None
    at = bisect_left(headings, (position, ""))
    return headings[at - 1][1] if at > 0 else None


def _url_year(page_url: str) -> int | None:
    found = _URL_YEAR.search(urlsplit(page_url).path)
    return int(found.group(1)) if found is not None else None


def _agreed_year(tree: LexborHTMLParser, cards: list[CardFields]) -> int | None:
    """The year every dated card and `<time datetime>` of the page shows, if only one."""
    years: Counter[str] = Counter()
    for card in cards:
        years.update(_YEAR.findall(card.item.date or ""))
    for node in tree.css("time[datetime]"):
        years.update(_YEAR.findall(node.attrs.get("datetime") or "")[:1])
    return int(next(iter(years))) if len(years) == 1 else None
