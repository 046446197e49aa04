"""The demo site as HTML: three listings in three shapes, their articles, robots.txt.

Each listing looks like a different kind of site, with the noise real pages carry (navigation,
a sidebar full of links, a footer, scripts, one holding card-like markup in a template):

* /trade/news/ - a customs news desk: image whose alt repeats the title, h3 heading, teaser,
  an "MM/DD/YYYY Category" line (missing on some cards), "Read More". Numbered page links
  only (`?page=N`), so a crawler needs a page template; pages past the end list nothing.
* /logistics/blog/ - a blog: <article> cards, <time datetime> in local time (Europe/Berlin)
  with DD.MM.YYYY text, category labels, an "Older posts" rel=next link that on the last page
  points back at the page itself.
* /logistics/blog/feed/ - the blog's RSS 2.0 feed (its newest twenty posts).
* /ports/bulletins/ - a port's bulletin table: "29 July 2025" or "2025-07-29" dates, a
  <base href> with relative links, <link rel=next> in the head, no charset in Content-Type.

Every page is rendered once, when the Site is built; the server only looks pages up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs

from scraper.demo.chrome import article_page, blog_page, index_page, port_page, trade_page
from scraper.demo.content import BLOG, PORTS, TRADE, Card, Listing, listings
from scraper.demo.feed import rss_feed

__all__ = ["ROBOTS_TXT", "Resource", "Site", "demo_sources", "expected_unique_urls"]

ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\n"
_HTML = "text/html; charset=utf-8"
_TRADE_PATH, _BLOG_PATH, _PORTS_PATH = "/trade/news/", "/logistics/blog/", "/ports/bulletins/"
_FEED_PATH = "/logistics/blog/feed/"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Resource:
    """One response body: its media type and a strong ETag (a hash of the bytes)."""

    body: bytes
    content_type: str
    etag: str

    @classmethod
    def of(cls, text: str, content_type: str = _HTML) -> Resource:
        body = text.encode("utf-8")
        return cls(body, content_type, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


@dataclass(frozen=True, slots=True)
class Site:
    """Every page of the demo site by path; the trade listing's `?page=N` is the only query."""

    pages: Mapping[str, Resource]
    trade_pages: tuple[Resource, ...]
    trade_past_end: Resource

    @classmethod
    def build(cls) -> Site:
        sources = listings()
        pages = {
            "/robots.txt": Resource.of(ROBOTS_TXT, "text/plain; charset=utf-8"),
            "/": Resource.of(index_page()),
        }
        pages.update(_articles(sources))
        pages.update(_listing_pages(sources[BLOG], _blog_url, _render_blog, _HTML))
        feed = rss_feed(sources[BLOG], feed_path=_FEED_PATH, listing_path=_BLOG_PATH)
        pages[_FEED_PATH] = Resource.of(feed, "application/rss+xml; charset=utf-8")
        # The bulletin server sends no charset: the page's <meta http-equiv> names it.
        pages.update(_listing_pages(sources[PORTS], _port_url, _render_ports, "text/html"))
        trade = sources[TRADE]
        trade_pages = tuple(Resource.of(_render_trade(trade, n)) for n in _numbers(trade))
        past_end = Resource.of(_render_trade(trade, len(trade.pages) + 1))
        return cls(pages, trade_pages, past_end)

    def lookup(self, path: str, query: str) -> Resource | None:
        """The resource at `path`, or None (a 404). Queries are ignored except on /trade/news/."""
        if path != _TRADE_PATH:
            return self.pages.get(path)
        values = parse_qs(query).get("page", ["1"])
        number = int(values[-1]) if values[-1].isdigit() else 0
        if number < 1:
            return None
        if number > len(self.trade_pages):
            return self.trade_past_end
        return self.trade_pages[number - 1]


def demo_sources(base_url: str) -> list[dict[str, object]]:
    """The sources as config.yaml `sources:` entries, pointing at a server on `base_url`: the
    three listings, and the blog's feed (the same stories as the blog's first page).

    Fresh dicts on every call, so a caller may change its copy.
    """
    base = base_url.rstrip("/")
    common = {"max_pages": 10, "schedule": "15m"}
    listings = [
        {**source(base), **common} for source in (_trade_source, _blog_source, _port_source)
    ]
    return [*listings, {"name": "logistics-feed", "feed": base + _FEED_PATH, "schedule": "15m"}]


def _trade_source(base: str) -> dict[str, object]:
    fields = {"title": "h3", "url": "h3 a@href", "summary": "p.teaser"}
    fields |= {"date": ".meta .date", "category": ".meta .cat"}
    return {
        "name": "trade-news",
        "url": base + _TRADE_PATH,
        "items": "div.news-item",
        "fields": fields,
        "page_template": "?page={n}",  # numbered links only, no rel=next
        "date_order": "MDY",
        "timezone": "America/New_York",
    }


def _blog_source(base: str) -> dict[str, object]:
    fields = {"title": "h2.entry-title a", "url": "h2.entry-title a", "summary": ".entry-summary"}
    fields |= {"date": "time.published", "category": ".cat-links a"}
    return {
        "name": "logistics-blog",
        "url": base + _BLOG_PATH,
        "items": "article.post",
        "fields": fields,
        "next_page": "a[rel=next]@href",
        "date_order": "DMY",
        "timezone": "Europe/Berlin",
    }


def _port_source(base: str) -> dict[str, object]:
    fields = {"title": "td.notice a", "url": "td.notice a@href", "summary": "td.notice .detail"}
    fields |= {"date": "td.issued", "category": "td.kind"}
    return {
        "name": "port-bulletins",
        "url": base + _PORTS_PATH,
        "items": "table.bulletins tbody tr",
        "fields": fields,
        "next_page": "link[rel=next]@href",
        "date_order": "YMD",
        "timezone": "Asia/Singapore",
    }


def expected_unique_urls(base_url: str) -> set[str]:
    """Every distinct article the listings link to, as canonical absolute URLs.

    Tracking parameters and fragments are not part of a story's path, so a crawl that
    canonicalises correctly stores exactly this set.
    """
    base = base_url.rstrip("/")
    return {
        base + card.story.path
        for listing in listings().values()
        for page in listing.pages
        for card in page
    }


def _numbers(listing: Listing) -> range:
    return range(1, len(listing.pages) + 1)


def _listing_pages(
    listing: Listing,
    url_of: Callable[[int], str],
    render: Callable[[Listing, int], str],
    content_type: str,
) -> dict[str, Resource]:
    return {url_of(n): Resource.of(render(listing, n), content_type) for n in _numbers(listing)}


def _articles(sources: Mapping[str, Listing]) -> dict[str, Resource]:
    return {
        card.story.path: Resource.of(article_page(card.story))
        for listing in sources.values()
        for page in listing.pages
        for card in page
    }


def _blog_url(number: int) -> str:
    return _BLOG_PATH if number == 1 else f"{_BLOG_PATH}page/{number}/"


def _port_url(number: int) -> str:
    return _PORTS_PATH if number == 1 else f"{_PORTS_PATH}{number}.html"


def _render_trade(listing: Listing, number: int) -> str:
    cards = listing.pages[number - 1] if number <= len(listing.pages) else ()
    return trade_page(
        "\n".join(_trade_card(card) for card in cards),
        number,
        len(listing.pages),
        hot=_hot_topics(listing),
    )


def _trade_card(card: Card) -> str:
    story, href, title = card.story, escape(card.href), escape(card.story.title)
    meta = []
    if card.has_date:
        meta.append(f'<span class="date">{story.published:%m/%d/%Y}</span>')
    if card.has_category:
        meta.append(f'<span class="cat">{escape(story.category)}</span>')
    meta_line = f'\n      <div class="meta">{" ".join(meta)}</div>' if meta else ""
    image = story.path.rsplit("/", 1)[-1][:4]
    return f"""  <div class="news-item">
    <div class="news-thumb"><a href="{href}"><img src="/static/trade/{image}.jpg" alt="{title}"
      loading="lazy"></a></div>
    <div class="news-body">
      <h3 class="news-title"><a href="{href}">{title}</a></h3>
      <p class="teaser">{escape(story.summary)}</p>{meta_line}
      <a class="read-more" href="{href}">Read More</a>
    </div>
  </div>"""


def _hot_topics(listing: Listing) -> list[tuple[str, str]]:
    picks = listing.pages[2][:5]
    return [(card.href, card.story.title) for card in picks]


def _render_blog(listing: Listing, number: int) -> str:
    cards = listing.pages[number - 1]
    articles = "\n".join(_blog_card(card, index) for index, card in enumerate(cards))
    last = len(listing.pages)
    # The theme's quirk: the last page's "Older posts" link points back at itself.
    older = _blog_url(min(number + 1, last))
    newer = _blog_url(number - 1) if number > 1 else None
    recent = [(card.href, card.story.title) for card in listing.pages[0][1:6]]
    return blog_page(articles, number, older=older, newer=newer, recent=recent)


def _blog_card(card: Card, index: int) -> str:
    story, href, title = card.story, escape(card.href), escape(card.story.title)
    stamp = "" if index % 7 == 6 else f' datetime="{story.published:%Y-%m-%dT%H:%M}"'
    when = f'<time class="entry-date published"{stamp}>{story.published:%d.%m.%Y}</time>'
    slug = story.category.lower()
    label = ""
    if card.has_category:
        label = (
            f' <span class="cat-links"><a href="/logistics/blog/category/{slug}/" '
            f'rel="category tag">{escape(story.category)}</a></span>'
        )
    sticky = " sticky" if card.is_featured else ""
    return f"""<article class="post type-post status-publish{sticky}">
  <header class="entry-header">
    <h2 class="entry-title"><a href="{href}" rel="bookmark">{title}</a></h2>
    <div class="entry-meta"><span class="posted-on">{when}</span>{label}</div>
  </header>
  <div class="entry-summary"><p>{escape(story.summary)}</p></div>
  <footer class="entry-footer"><a class="more-link" href="{href}">Continue reading<span
    class="screen-reader-text"> {title}</span></a></footer>
</article>"""


def _render_ports(listing: Listing, number: int) -> str:
    rows = "\n".join(
        _port_row(card, (number - 1) * 100 + index)
        for index, card in enumerate(listing.pages[number - 1])
    )
    last = len(listing.pages)
    next_href = f"bulletins/{number + 1}.html" if number < last else None
    prev_href = None if number == 1 else _port_url(number - 1).removeprefix("/ports/")
    return port_page(rows, number, last, next_href=next_href, prev_href=prev_href)


def _port_row(card: Card, position: int) -> str:
    day = card.story.published
    # The bulletin board changed date styles at some point: a third of the rows use ISO dates.
    long_form = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    issued = f"{day:%Y-%m-%d}" if position % 3 == 2 else long_form
    return (
        f'<tr><td class="issued">{issued}</td>'
        f'<td class="notice"><a href="{escape(card.href)}">{escape(card.story.title)}</a>'
        f'<div class="detail">{escape(card.story.summary)}</div></td>'
        f'<td class="kind">{escape(card.story.category)}</td></tr>'
    )
