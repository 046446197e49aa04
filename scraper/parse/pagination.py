"""Where a listing continues: a configured link or page template, or a link found on the page.

Two shapes cover the listings we meet. Sites with a rel=next (or "Older posts") link name their
next page, and we follow it; sites with numbered links only are walked with a template such as
`?page={n}` or `/news/page/{n}/`, resolved against the start URL. A next link that points back to
the page itself (a CMS quirk on the last page) is ignored, so a walk always moves forward.

When no `next_page` is configured, `detect_next_page` looks on the page itself.

In order of trust:

1. `rel="next"` on a `<link>`, `<a>` or `<area>` (HTML's own word for it);
2. a page-number run: the current page is marked (a number that is not a link, or a link
   with `aria-current` or a `current`/`active`/`selected` class) and the link numbered one more
   in the same run is the next page; a run of links from 2 up with no marked page follows
   page 1;
3. a link whose text, `aria-label` or `title` says "next" or "older posts" in English,
   German, French, Spanish, Italian, Portuguese, Russian (and Dutch, Polish, Chinese,
   Japanese, Korean), or is just `›`, `»`, `→`, `>`, or a page number before one ("Page 2 »");
   its class (`next`, `nextpostslink`) counts only when the text is empty or a symbol.

A link that says "previous", "newer" or "back", or is only a left arrow (`‹ « ←`), is never
taken, nor one naming the page itself. Words decide before arrows: blogs print "← Older
posts", and older posts are the next page of a listing. The "previous entries" wordings are
left out because they also mean page n-1. A "next"-like label that several links share is
"read more" text, not pagination.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from scraper.parse.css import PAGE_SLOT
from scraper.parse.document import base_url, link_of, node_text, resolve_link, same_page

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["detect_next_page", "follow_link", "from_template"]


def follow_link(
    tree: LexborHTMLParser, css: str, attr: str | None, *, base: str, page_url: str
) -> str | None:
    """The first usable URL among the nodes `css` selects, or None at the end of the listing.

    With `attr` the URL is that attribute; without it, the node's own href (a, area, link) or
    its first descendant link's. Links that are not http(s), or that name this page, are skipped.
    """
    for node in tree.css(css):
        raw = node.attrs.get(attr) if attr is not None else link_of(node)
        url = resolve_link(raw, base) if raw else None
        if url is not None and not same_page(url, page_url):
            return url
    return None


def from_template(template: str, *, start_url: str, page_number: int, page_url: str) -> str | None:
    """Page `page_number + 1` of a numbered listing: `template` with {n} filled, joined to start.

    `"?page={n}"` against `https://a.test/news/` gives `https://a.test/news/?page=2` after page 1.
    None when the result is not an http(s) URL or is the current page (a template without {n}).
    """
    filled = template.replace(PAGE_SLOT, str(page_number + 1))
    url = resolve_link(filled, start_url)
    if url is None or same_page(url, page_url):
        return None
    return url


_NEXT_WORDS = re.compile(
    r"^(?:next(?:\s+page)?|next\s+(?:posts|entries|articles|results)|older(?:\s+(?:posts|entries"
    r"|articles|stories|items))?|more\s+(?:posts|articles|stories)|earlier\s+(?:posts|entries)"
    r"|weiter|vorwärts|nächste(?:\s+seite)?|nächster|ältere(?:\s+(?:beiträge|einträge"
    r"|artikel|nachrichten))?|suivante?|page\s+suivante|(?:articles|billets|messages|posts)\s+"
    r"plus\s+anciens|plus\s+anciens|siguiente|página\s+siguiente|(?:entradas|artículos)\s+(?:más\s+)?"
    r"antiguas?|(?:entradas|artículos)\s+más\s+antiguos|successiv[oa]|pagina\s+successiva|avanti"
    r"|prossim[oa]|(?:articoli|post)\s+(?:più\s+vecchi|meno\s+recenti)|próxim[oa](?:\s+página)?"
    r"|seguinte|(?:posts|artigos|postagens)\s+mais\s+antig[oa]s|mais\s+antig[oa]s|следующая"
    r"(?:\s+страница)?|следующие|вперед|вперёд|далее|старые\s+записи|более\s+ранние(?:\s+записи)?"
    r"|volgende|oudere\s+berichten|następna|dalej|下一页|下一頁|下页|次へ|次のページ|다음)$",
    re.IGNORECASE,
)
_PREV_WORDS = re.compile(
    r"prev|previous|newer|back|zurück|vorherige|vorige|neuere|précédente?|récents|anterior"
    r"|precedente|recenti|предыдущ|назад|новые|vorige|poprzednia|nieuwere|上一页|上一頁|前へ|이전",
    re.IGNORECASE,
)
_SYMBOLS = frozenset({"›", "»", "→", ">", ">>", "›»", "»»", "⟩", "→→", "⟶", "❯", "〉"})
_STRIP = " \t\n\r\u00a0.:|[]()›»→>⟩❯〉‹«←<⟨❮〈-–—"
_PREV_SYMBOLS = frozenset("‹«←<⟨❮〈")
_NEXT_ARROWS = ("›", "»", "→", ">>", "⟩", "❯", "〉")
# A page's number, with the word for "page" before it or not: "Page 2", "Seite 3", "2".
_PAGE_NUMBER = re.compile(
    r"(?:page|seite|página|pagina|страница|strona|sida|side|sivu|페이지|ページ)?\s*\d{1,4}",
    re.IGNORECASE,
)
_NEXT_CLASSES = frozenset({"next", "nextpostslink", "next-page", "pagination-next", "pager-next"})
_CURRENT_CLASSES = frozenset(
    {"current", "active", "selected", "is-active", "is-current", "cur", "on", "page-current"}
)
_NUMBER = re.compile(r"^\[?\s*(\d{1,4})\s*\]?$")
_NUMBER_WRAPPERS = frozenset({"li", "span", "strong", "em", "b", "td"})
_NUMBER_TAGS = frozenset({"span", "strong", "em", "b", "a", "li", "button", "td"})
_RUN_SCAN_NODES = 200  # a pagination block is small; a container this big is something else
_PAGE_CHARS_MAX = 40  # a pagination label is short; a headline that starts with "Next" is not


def detect_next_page(tree: LexborHTMLParser, *, page_url: str) -> str | None:
    """The URL of the page after this one, or None when the page shows none."""
    base = base_url(tree, page_url)
    for find in (_rel_next, _number_run, _labelled_next):
        url = find(tree, base, page_url)
        if url is not None:
            return url
    return None


def _usable(href: str | None, base: str, page_url: str) -> str | None:
    url = resolve_link(href, base) if href else None
    return None if url is None or same_page(url, page_url) else url


def _rel_next(tree: LexborHTMLParser, base: str, page_url: str) -> str | None:
    for node in tree.css("link[rel][href], a[rel][href], area[rel][href]"):
        if "next" in (node.attrs.get("rel") or "").lower().split():
            url = _usable(node.attrs.get("href"), base, page_url)
            if url is not None:
                return url
    return None


def _number_run(tree: LexborHTMLParser, base: str, page_url: str) -> str | None:
    """Page k+1 of the run holding the marked current page k (see the module docstring)."""
    runs: dict[int, tuple[LexborNode, dict[int, LexborNode]]] = {}
    for node in tree.css("a[href]"):
        match = _NUMBER.match(node_text(node))
        container = _run_container(node)
        if match is None or container is None:
            continue
        links = runs.setdefault(container.mem_id, (container, {}))[1]
        links.setdefault(int(match.group(1)), node)
    for container, links in runs.values():
        current = _current_number(container, links, base, page_url)
        if current is not None and current + 1 in links:
            url = _usable(links[current + 1].attrs.get("href"), base, page_url)
            if url is not None:
                return url
    return None


def _run_container(node: LexborNode) -> LexborNode | None:
    """The element holding a page-number run: past `li` or `span` wrappers of each number."""
    parent = node.parent
    if parent is not None and parent.tag in _NUMBER_WRAPPERS:
        return parent.parent
    return parent


def _current_number(
    container: LexborNode, links: dict[int, LexborNode], base: str, page_url: str
) -> int | None:
    for number, node in links.items():
        if _marked_current(node) or same_page(
            resolve_link(node.attrs.get("href") or "", base) or "", page_url
        ):
            return number
    walk = container.traverse()
    next(walk, None)
    for seen, node in enumerate(walk):
        if seen > _RUN_SCAN_NODES:
            break
        if node.tag in _NUMBER_TAGS and not node.attrs.get("href"):
            match = _NUMBER.match(node_text(node))
            if match is not None and (node.parent is None or node.parent.tag != "a"):
                return int(match.group(1))
    if min(links) == 2:  # "1" is shown without a link or not at all: we are on page 1
        return 1
    return None


def _marked_current(node: LexborNode) -> bool:
    if node.attrs.get("aria-current"):
        return True
    names = set((node.attrs.get("class") or "").lower().split())
    parent = node.parent
    if parent is not None:
        names |= set((parent.attrs.get("class") or "").lower().split())
    return bool(names & _CURRENT_CLASSES)


def _labelled_next(tree: LexborHTMLParser, base: str, page_url: str) -> str | None:
    candidates: list[tuple[str, str]] = []
    for node in tree.css("a[href]"):
        label = _label(node)
        if label is None or _PREV_WORDS.search(label):
            continue
        url = _usable(node.attrs.get("href"), base, page_url)
        if url is not None:
            candidates.append((label.lower(), url))
    shared = Counter(label for label, _ in candidates)
    for label, url in candidates:
        if shared[label] == 1 or len({u for lab, u in candidates if lab == label}) == 1:
            return url
    return None


def _label(node: LexborNode) -> str | None:
    """The link's words if they say "next", its symbol if it is a right arrow; else None."""
    attrs = node.attrs
    text = node_text(node)
    if len(text) > _PAGE_CHARS_MAX:
        return None
    for raw in (text, attrs.get("aria-label") or "", attrs.get("title") or ""):
        words = " ".join(raw.strip(_STRIP).split())
        if words and (_PREV_WORDS.search(words) or _NEXT_WORDS.match(words)):
            return None if _PREV_WORDS.search(words) else words
    stripped = text.replace(" ", "")
    if stripped in _SYMBOLS:
        return stripped
    if text.rstrip().endswith(_NEXT_ARROWS) and _PAGE_NUMBER.fullmatch(text.strip(_STRIP)):
        return " ".join(text.strip(_STRIP).split())  # "Page 2 »": a numbered page, onward
    names = set((attrs.get("class") or "").lower().split()) | {(attrs.get("rel") or "").lower()}
    bare = not text.strip(_STRIP) and not any(ch in _PREV_SYMBOLS for ch in stripped)
    return "next" if bare and names & _NEXT_CLASSES else None
