"""The CMS noise around the cards of a generated listing page: head, menus, sidebar, footer.

A selector engine pays for every node of a page, not only the cards, so the generated pages
carry what a real news CMS sends: a head full of meta tags, inline CSS and scripts, a mega
menu, a sidebar with "most read" links, a tag cloud and ad slots, and a footer of link
columns. All words are invented here (`WORDS`); nothing is copied from a real site. Output
depends only on the arguments and the `random.Random` passed in, so a seed fixes a site.
"""

from __future__ import annotations

import random
from html import escape

__all__ = ["WORDS", "page_shell", "sentence"]

_WORD_TEXT = (
    "harbour tariff council orchard ledger quarry beacon meadow lantern ferry granary mill "
    "parish tannery foundry bastion causeway estuary brewery cooper weaver glassworks "
    "tramline viaduct kiln dockyard almanac bellwether citadel dune fjord heath isthmus "
    "jetty kestrel lagoon marsh nook outpost pier quay rampart shoal terrace upland vale "
    "wharf yard zephyr amber bramble cinder drift ember flint gale hollow ivy juniper "
    "kettle loam moss nettle oak pebble quill reed sorrel thistle umber vetch willow"
)
_VERB_TEXT = (
    "opens reviews delays approves expands closes restores funds upgrades inspects "
    "reopens welcomes doubles trims renames maps measures lists"
)
WORDS = tuple(_WORD_TEXT.split())
_VERBS = tuple(_VERB_TEXT.split())
_SECTIONS = ("News", "Markets", "Ports", "Weather", "Culture", "Sport", "Science", "Opinion")
_CSS_PROPS = ("margin", "padding", "color", "font-size", "line-height", "border", "gap")


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Invented words, `low`..`high` of them, capitalised, no final stop."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.5:
        words.insert(1, rng.choice(_VERBS))
    return " ".join(words).capitalize()


def page_shell(
    rng: random.Random,
    *,
    site: str,
    title: str,
    cards: str,
    pager: str,
    head_extra: str = "",
) -> str:
    """A whole listing page: `cards` (the main column) wrapped in the site's chrome."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n'
        + _head(rng, site=site, title=title, extra=head_extra)
        + '<body class="archive blog paged">\n'
        + _header(rng, site)
        + '<div class="wrap"><main id="content" class="site-main">\n'
        + f'<h1 class="archive-title">{escape(title)}</h1>\n'
        + cards
        + pager
        + "</main>\n"
        + _sidebar(rng, site)
        + "</div>\n"
        + _footer(rng, site)
        + "</body>\n</html>\n"
    )


def _head(rng: random.Random, *, site: str, title: str, extra: str) -> str:
    metas = "".join(
        f'<meta name="{name}" content="{escape(sentence(rng, 3, 9))}">\n'
        for name in ("description", "keywords", "author", "generator", "theme-color")
    )
    props = "".join(
        f'<meta property="og:{name}" content="{escape(sentence(rng, 2, 6))}">\n'
        for name in ("title", "type", "site_name", "description", "locale", "image")
    )
    css = "".join(
        f".{rng.choice(WORDS)}-{i} {{ {rng.choice(_CSS_PROPS)}: {rng.randint(1, 40)}px; "
        f"{rng.choice(_CSS_PROPS)}: {rng.randint(1, 9)}em }}\n"
        for i in range(70)
    )
    config = ", ".join(
        f'"{rng.choice(WORDS)}_{i}": "{rng.choice(WORDS)}-{rng.randint(1000, 9999)}"'
        for i in range(60)
    )
    return (
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} | {escape(site)}</title>\n"
        + metas
        + props
        + extra
        + f'<link rel="stylesheet" href="/assets/{site}/main.css?v={rng.randint(1, 99)}">\n'
        + f'<link rel="stylesheet" href="/assets/{site}/print.css" media="print">\n'
        + f"<style>\n{css}</style>\n"
        + f"<script>window.__SITE_CONFIG__ = {{{config}}};</script>\n"
        + '<script async src="/assets/analytics.js"></script>\n'
        + "</head>\n"
    )


def _header(rng: random.Random, site: str) -> str:
    columns = []
    for section in _SECTIONS:
        slug = section.lower()
        links = "".join(
            f'<li><a href="/{site}/{slug}/{word}/">{word.title()}</a></li>'
            for word in rng.sample(WORDS, 8)
        )
        columns.append(
            f'<li class="menu-item has-children"><a href="/{site}/{slug}/">{section}</a>'
            f'<ul class="sub-menu">{links}</ul></li>\n'
        )
    return (
        '<a class="skip-link" href="#content">Skip to content</a>\n'
        '<header class="site-header"><div class="brand">'
        f'<a href="/{site}/" rel="home"><img src="/assets/{site}/logo.svg" alt="{site}" '
        'width="180" height="40"></a></div>\n'
        '<nav class="primary-menu" aria-label="Main"><ul class="menu">\n'
        + "".join(columns)
        + "</ul></nav>\n"
        '<form class="search" action="/search"><input type="search" name="q" '
        'placeholder="Search"><button type="submit">Go</button></form>\n'
        "</header>\n"
    )


def _sidebar(rng: random.Random, site: str) -> str:
    most_read = "".join(
        f'<li><a href="/{site}/popular/{rng.choice(WORDS)}-{rng.randint(1, 9999)}.html">'
        f'{escape(sentence(rng, 4, 8))}</a> <span class="count">{rng.randint(10, 999)}'
        "</span></li>\n"
        for _ in range(10)
    )
    tags = " ".join(
        f'<a class="tag-cloud-link tag-size-{rng.randint(1, 5)}" '
        f'href="/{site}/tag/{word}/">{word}</a>'
        for word in rng.sample(WORDS, 30)
    )
    ads = "".join(
        f'<div class="ad-slot" id="ad-{i}" data-size="300x250" data-slot="{rng.randint(1, 99999)}">'
        "<!-- ad --></div>\n"
        for i in range(3)
    )
    return (
        '<aside class="sidebar widget-area">\n'
        '<section class="widget most-read"><h2 class="widget-title">Most read</h2><ol>\n'
        + most_read
        + "</ol></section>\n"
        + '<section class="widget tags"><h2 class="widget-title">Topics</h2>'
        + tags
        + "</section>\n"
        + '<section class="widget newsletter"><h2 class="widget-title">Newsletter</h2>'
        '<form action="/subscribe" method="post"><input type="email" name="email">'
        '<input type="hidden" name="list" value="daily"><button>Subscribe</button></form>'
        "</section>\n" + ads + "</aside>\n"
    )


def _footer(rng: random.Random, site: str) -> str:
    columns = "".join(
        '<div class="footer-col"><h3>'
        + section
        + "</h3><ul>"
        + "".join(
            f'<li><a href="/{site}/{section.lower()}/{word}/">{word.title()}</a></li>'
            for word in rng.sample(WORDS, 10)
        )
        + "</ul></div>\n"
        for section in _SECTIONS[:5]
    )
    events = ", ".join(
        f'{{"e": "{rng.choice(WORDS)}", "v": {rng.randint(1, 999)}}}' for _ in range(25)
    )
    return (
        '<footer class="site-footer">\n'
        + columns
        + f'<p class="copyright">© 2025 {escape(site)} media. {escape(sentence(rng, 8, 14))}.</p>'
        '<div class="cookie-banner" hidden><p>We use cookies for the basics.</p>'
        '<button class="accept">OK</button></div>\n</footer>\n'
        f"<script>window.__EVENTS__ = [{events}];</script>\n"
        '<script src="/assets/vendor.bundle.js" defer></script>\n'
    )
