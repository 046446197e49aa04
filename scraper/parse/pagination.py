"""Where the listing continues: a "next" link found on the page, or a page-number template.

Two shapes cover the listings we meet. Sites with a rel=next (or "Older posts") link name their
next page, and we follow it; sites with numbered links only are walked with a template such as
`?page={n}` or `/news/page/{n}/`, resolved against the start URL. A next link that points back to
the page itself (a CMS quirk on the last page) is ignored, so a walk always moves forward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scraper.parse.document import link_of, resolve_link, same_page

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

__all__ = ["PAGE_SLOT", "follow_link", "from_template"]

PAGE_SLOT = "{n}"


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
