"""How much a group of sibling cards looks like a listing of stories, and not like a menu.

A list's score is `count x richness x dating x headline quality`:

- count: distinct URLs it links;
- richness: text a card holds beyond its link (teaser, date, kicker), capped;
- dating: 1 plus the share of cards that show a date outside their link: an archive of
  short dated headlines is the page's listing, not the "most read" box of long ones beside;
- headline quality, per card: link text length (headlines are sentences, menu entries are
  words; capped), the share of links in a heading, the share of URLs that look like articles
  (a slug, an id, a date) rather than site sections, purity (a "card" holding many text links
  is a wrapper of several), whether the card is more than a bare link (tag clouds, button
  rows), and the region: inside `nav`, `footer`, `aside`, `header`, a navigation role, or
  under a class that names a menu, pager, share bar, sidebar or tag cloud it counts for little.

Headline quality without richness and without the heading share is also what tells two
sections of one front page apart from a section and a menu: rich lead teasers in headings and
bare headline lists (a ticker, a "more news" list) score alike on it, menus far lower.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qs, parse_qsl, urlsplit

from scraper.parse.auto.anchors import Anchor
from scraper.parse.auto.blocks import BLOCK_TAGS, has_descendant
from scraper.parse.auto.datetext import looks_like_date

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "HEADINGS",
    "TEASER_CHARS",
    "PageContext",
    "extra_text",
    "in_heading",
    "is_download",
    "is_sibling_listing",
    "is_story_link",
    "looks_like_article",
    "near_heading",
    "region_factor",
    "score_list",
]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MIN_URLS = 3
_TEXT_CAP = 80  # headline length beyond which a longer text says nothing more
_EXTRA_CAP = 150  # characters of teaser/date beyond the headline that still add evidence
_PURE_LINKS = 30  # a card with more text links than this may be a wrapper of several
_HEADING_REACH = 3
_STORY_CHARS = 25  # link text of a headline, not of a menu entry
_SMALL_MODULE = 2  # cards of a module that counts without a third (`_is_small_module`)
TEASER_CHARS = 60  # text beside the headline that makes a card a full teaser
_SAMPLE = 60
_DATE_SAMPLE = 12
_DATE_TEXT_CHARS = 60  # a text node longer than this is running text, not a date line
_DIGIT = re.compile(r"\d")
_BARE_FACTOR = 0.5  # cards that are nothing but a link
_NOISE_FACTOR = 0.15
_NOISE_TAGS = frozenset({"nav", "footer", "aside", "menu", "header"})
_NOISE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu"})
# A class or id is noisy when its first word is one of these ("sidebar-box", "menu-item",
# "Navigation__Submenu"), not when the word only qualifies it: a main column named
# "right-sidebar" or "content-sidebar-wrap" is a layout with a sidebar, not a sidebar.
_NOISE_WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "menubar", "submenu", "megamenu", "dropdown",
        "footer", "breadcrumb", "breadcrumbs", "pagination", "pager", "paging", "pages",
        "sidebar", "widget", "share", "sharing", "social", "cookie", "cookies", "tagcloud",
        "tags", "cloud", "copyright", "comments", "comment", "toolbar", "topbar", "legal", "ad",
        "ads", "advert", "advertisement", "sponsored", "promo", "banner", "login", "masthead",
        "skip",
    }
)  # fmt: skip
# ... and when it ends in one of these: "highlight-menu" and "top-nav" are menus, while
# "right-sidebar" is a layout with a sidebar.
_MENU_WORDS = frozenset(
    {"nav", "navbar", "navigation", "menu", "menubar", "submenu", "megamenu", "breadcrumb",
     "breadcrumbs", "pagination", "pager", "toolbar"}
)  # fmt: skip
_MAIN_WORDS = frozenset(
    {
        "main", "content", "primary", "posts", "articles", "stories", "results", "listing",
        "list", "stream", "feed", "entries", "archive", "blog", "news", "hfeed",
    }
)  # fmt: skip
_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# A story path has a long number, a slug of three words or more, a page file, or an opaque id
# (a segment of 8+ letters and digits with a digit in it: `/articles/c3x9kq2vzo`).
_ARTICLE_PATH = re.compile(
    r"\d{3,}|[^/]*[-_][^/]*[-_][^/]*|\.(?:s?html?|php|aspx?|jsp)$"
    r"|/(?=[A-Za-z0-9]{8,}(?:/|$))[A-Za-z]*\d"
)


# Index pages, whatever their id: one segment under a taxonomy word (`/tag/fog/`,
# `/category/news`, `/author/mira/`), and the scripts forum software lists forums with.
_INDEX_PATH = re.compile(
    r"/(?:category|categories|tag|tags|topics|section|sections|rubrik|thema|themen|label"
    r"|labels|author|authors|autor|auteur|member|members|user|users|profile)/[^/]+/?$",
    re.IGNORECASE,
)
_INDEX_FILE = re.compile(r"/(?:forumdisplay|viewforum|forum|forums|board)\.(?:php|aspx?)$")
# A file to download (a report, a form, a slide deck, an archive, a picture) or a download
# page is no story, however dated and slug-named: a downloads box is not a news section.
_DOWNLOAD_DIR = re.compile(r"/downloads?/", re.IGNORECASE)
_DOCUMENT_FILE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|csv|zip|rar|7z|gz|tgz|exe|dmg|msi|apk|epub"
    r"|mobi|jpe?g|png|gif|webp|svg|mp3|mp4|m4a|wav|ogg|avi|mov|ics|vcf)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageContext:
    """What scoring needs of the whole page; `articles` memoises `looks_like_article`."""

    page_host: str
    links_under: Counter[int]  # text links below each element, by `mem_id`
    headlines_under: Counter[int]  # of them, links in a heading (`near_heading`)
    articles: dict[str, bool] = field(default_factory=dict)
    stories_under: Counter[int] = field(default_factory=Counter)  # `is_story_link` links
    stories: int = 0  # story links on the whole page
    page_url: str = ""

    def holds_most_stories(self, node: LexborNode) -> bool:
        """Whether at least half of the page's story links (`is_story_link`) are under `node`."""
        return self.stories > 0 and self.stories_under[node.mem_id] * 2 >= self.stories

    def is_article(self, url: str) -> bool:
        """`looks_like_article(url, page_host)` and no sibling listing of this page, memoised."""
        known = self.articles.get(url)
        if known is None:
            known = looks_like_article(url, self.page_host)
            known = known and not is_sibling_listing(url, self.page_url)
            self.articles[url] = known
        return known


def score_list(
    roots: tuple[LexborNode, ...],
    anchors: tuple[Anchor, ...],
    parent_depth: int,
    context: PageContext,
) -> tuple[float, float, float]:
    """The list's score, its per-card headline quality for comparing sections, and its dating
    factor (see above).

    `anchors[i]` found `roots[i]`; `parent_depth` indexes the list's parent in their chains.
    Fewer than three cards or URLs score 0 (a pair is no evidence of repetition) unless the
    cards are full teasers (`_is_small_module`); a pair's quality is still measured, for
    `sections` to tell whether it repeats a chosen section's template. The shares
    of a long list are measured on an evenly spread sample of `_SAMPLE` cards (an archive
    widget of a thousand links costs no more than a page of twenty cards).
    """
    urls = {anchor.url for anchor in anchors}
    few = len(urls) < _MIN_URLS or len(roots) < _MIN_URLS
    if len(roots) < _SMALL_MODULE:
        return 0.0, 0.0, 1.0
    if few and not _is_small_module(roots, anchors, parent_depth, context):
        return 0.0, _alike(roots, anchors, parent_depth, context), 1.0
    step = max(1, len(roots) // _SAMPLE)
    roots, anchors = roots[::step], anchors[::step]
    size = len(anchors)
    extra = sum(extra_text(root, anchor) for root, anchor in zip(roots, anchors, strict=True))
    richness = 1 + min(extra / size, _EXTRA_CAP) / (_EXTRA_CAP / 2)
    headings = sum(1 for a in anchors if in_heading(a, parent_depth)) / size
    alike = _alike(roots, anchors, parent_depth, context)
    probe = max(1, size // _DATE_SAMPLE)  # the share of dated cards, from a dozen of them
    pairs = list(zip(roots, anchors, strict=True))[::probe]
    dated = sum(1 for root, anchor in pairs if _shows_date(root, anchor)) / len(pairs)
    return len(urls) * richness * (1 + dated) * alike * (1 + headings), alike, 1 + dated


def _alike(
    roots: tuple[LexborNode, ...],
    anchors: tuple[Anchor, ...],
    parent_depth: int,
    context: PageContext,
) -> float:
    """Headline quality per card (see the module docstring): what two sections share."""
    size = len(anchors)
    mean_len = sum(min(len(a.text), _TEXT_CAP) for a in anchors) / size
    sampled = {anchor.url for anchor in anchors}
    articles = sum(1 for url in sampled if context.is_article(url)) / len(sampled)
    purity = sum(_purity(root, context) for root in roots) / size
    bare = _BARE_FACTOR if roots[0].mem_id == anchors[0].node.mem_id else 1.0
    region = region_factor(anchors[0].chain[parent_depth:], context)
    return mean_len * (0.2 + 0.8 * articles) * purity * bare * region


def _is_small_module(
    roots: tuple[LexborNode, ...],
    anchors: tuple[Anchor, ...],
    parent_depth: int,
    context: PageContext,
) -> bool:
    """Whether two cards are a module of their own: each a headline to a story plus a teaser.

    A pair of links is no evidence of repetition, but a pair of full cards (two lead teasers
    side by side above a department's list) is: each links an article-like URL with a
    headline-length text and holds a teaser's worth of text besides, outside any navigation.
    """
    if len(roots) < _SMALL_MODULE or len({anchor.url for anchor in anchors}) != len(roots):
        return False
    if region_factor(anchors[0].chain[parent_depth:], context) < 1:
        return False
    return all(
        len(anchor.text) >= _STORY_CHARS
        and context.is_article(anchor.url)
        and extra_text(root, anchor) >= TEASER_CHARS
        for root, anchor in zip(roots, anchors, strict=True)
    )


def _shows_date(root: LexborNode, anchor: Anchor) -> bool:
    """Whether the card shows a date outside its headline link: a `<time>` or a short text."""
    if root.mem_id == anchor.node.mem_id:
        return False
    if root.css_first("time") is not None:
        return True
    link_id = anchor.node.mem_id
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        text = node.text_content or ""
        if _DIGIT.search(text) and len(text) <= _DATE_TEXT_CHARS and looks_like_date(text.strip()):
            parent = node.parent
            while parent is not None and parent.mem_id not in (link_id, root.mem_id):
                parent = parent.parent
            if parent is None or parent.mem_id != link_id:
                return True
    return False


def _purity(root: LexborNode, context: PageContext) -> float:
    """1 for one story; less for a wrapper of several (headings with links, or many links)."""
    headlines = context.headlines_under[root.mem_id]
    links = context.links_under[root.mem_id]
    return 1 / (max(1, headlines) * (1 + max(0, links - _PURE_LINKS) / _PURE_LINKS))


def near_heading(anchor: Anchor) -> bool:
    """Whether a heading holds the link within a few levels (`h2 > span > a`)."""
    return any(node.tag in HEADINGS for node in anchor.chain[:_HEADING_REACH])


def extra_text(root: LexborNode, anchor: Anchor) -> int:
    """Characters of the card beyond its link text; a link that wraps blocks counts half."""
    if root.mem_id == anchor.node.mem_id:
        own = 0
    else:
        own = len("".join(root.text().split())) - len("".join(anchor.text.split()))
    if has_descendant(anchor.node, BLOCK_TAGS):
        own += len(anchor.text) // 2
    return max(own, 0)


def in_heading(anchor: Anchor, depth: int) -> bool:
    """Whether the link sits in a heading below `chain[depth]`, or holds one."""
    if any(node.tag in HEADINGS for node in anchor.chain[:depth]):
        return True
    return has_descendant(anchor.node, HEADINGS)


def is_sibling_listing(url: str, page_url: str) -> bool:
    """Whether `url` is another page of the same kind as the listing itself.

    `forumdisplay.php?f=41` on the page `forumdisplay.php?f=40` is another forum (a sub-forum
    list, a forum jump), not a thread: same host and path, the same query keys, and only
    numbers differ. An article of a CMS that shares the listing's script differs in a word
    (`view=article` against `view=category`), so it is not caught.
    """
    if not page_url:
        return False
    mine, theirs = urlsplit(page_url), urlsplit(url)
    if not theirs.query or (mine.hostname, mine.path) != (theirs.hostname, theirs.path):
        return False
    own, other = parse_qs(mine.query), parse_qs(theirs.query)
    if own.keys() != other.keys():
        return False
    return all(own[key] == other[key] or _numbers(own[key] + other[key]) for key in own)


def _numbers(values: list[str]) -> bool:
    return all(value.isdigit() for value in values)


def looks_like_article(url: str, page_host: str) -> bool:
    """A story URL has a slug, an id or a date; a section URL is a word or two (`/about/`).

    A taxonomy page (`/tag/fog/`, `/author/mira/`), a forum's index script or a file to
    download (`/files/annual-report-2024.pdf`) is no story.
    Another site's URL counts as a story (aggregators link out) unless it is that site's
    front page or a one-word page under it (`/`, `/ourchannel`): a box of links to partner
    sites or social-media profiles is a banner, not a listing.
    """
    parts = urlsplit(url)
    path = parts.path
    if _INDEX_PATH.search(path) or _INDEX_FILE.search(path) or _is_download(parts, page_host):
        return False
    if (parts.hostname or "") != page_host:
        bare = path.strip("/")
        return "/" in bare or bool(parts.query) or _ARTICLE_PATH.search(parts.path) is not None
    if parts.query and any(value.isdigit() for _, value in parse_qsl(parts.query)):
        return True  # an id (`?p=123`), not a tracking tag that happens to hold a digit
    return _ARTICLE_PATH.search(parts.path) is not None


def is_download(url: str, page_host: str) -> bool:
    """Whether `url` is the site's own file or software download (`.pdf`, `/downloads/x_1`).

    Only on the page's own site (`files.harbour.test` for `www.harbour.test` too): a link
    aggregator's stories are often another site's PDF.
    """
    return _is_download(urlsplit(url), page_host)


def _is_download(parts: SplitResult, page_host: str) -> bool:
    path = parts.path
    if _DOCUMENT_FILE.search(path) is None and _DOWNLOAD_DIR.search(path) is None:
        return False
    return _site(parts.hostname or "") == _site(page_host)


def _site(host: str) -> str:
    """The last two labels of a host name: close enough to tell a site's own subdomains."""
    return ".".join(host.rsplit(".", 2)[-2:])


def is_story_link(anchor: Anchor, context: PageContext) -> bool:
    """A link that reads like a headline: a sentence of text to an article-like URL."""
    return len(anchor.text) >= _STORY_CHARS and context.is_article(anchor.url)


def region_factor(ancestors: tuple[LexborNode, ...], context: PageContext | None = None) -> float:
    """Small inside navigation-like landmarks or when the nearest telling class is noisy.

    A landmark role alone (`role=complementary` on a plain `div`, no sidebar tag or class)
    does not count against an element that holds most of the page's story links: templates
    put roles on the wrong element, and a "sidebar" holding most stories is the page's body.
    """
    for node in ancestors:
        if node.tag in _NOISE_TAGS:
            return _NOISE_FACTOR
        if _is_noise_role(node) and not _role_only_body(node, context):
            return _NOISE_FACTOR
    for node in ancestors:
        if node.tag == "main":
            return 1.0
        if node.tag == "body":
            break  # body classes describe the page ("has-sidebar"), not a region of it
        noisy, main = _classify(node)
        if noisy and not main:
            return _NOISE_FACTOR
        if main and not noisy:
            return 1.0
    return 1.0


def _role_only_body(node: LexborNode, context: PageContext | None) -> bool:
    if context is None or not context.holds_most_stories(node):
        return False
    return not _classify(node)[0]


def _is_noise_role(node: LexborNode) -> bool:
    return (node.attrs.get("role") or "").lower() in _NOISE_ROLES


def _classify(node: LexborNode) -> tuple[bool, bool]:
    """(noisy, main) for an element's id and classes (see `_NOISE_WORDS`)."""
    attrs = node.attrs
    noisy = main = False
    for name in f"{attrs.get('id') or ''} {attrs.get('class') or ''}".split():
        parts = [part.lower() for part in _PARTS.findall(name)]
        if not parts:
            continue
        noisy = (
            noisy
            or parts[0] in _NOISE_WORDS
            or parts[-1] in _MENU_WORDS
            or "".join(parts) in _NOISE_WORDS
        )
        main = main or any(part in _MAIN_WORDS for part in parts)
    return noisy, main
