"""The blog's RSS 2.0 feed: the stories of its first listing page, as a feed reader sees them.

A source that reads it (`feed:`) lands on the same canonical URLs as the blog listing, so the
demo shows a feed and a listing of one site being merged into one row per story.
"""

from __future__ import annotations

from email.utils import format_datetime
from html import escape
from zoneinfo import ZoneInfo

from scraper.demo.content import Listing

__all__ = ["FEED_ENTRIES", "rss_feed"]

FEED_ENTRIES = 20
_BERLIN = ZoneInfo("Europe/Berlin")


def rss_feed(listing: Listing, *, feed_path: str, listing_path: str) -> str:
    """RSS 2.0 with the newest `FEED_ENTRIES` cards.

    The site does not know the port it will be served on, so links are root-relative; readers
    resolve them against the feed's URL (RSS says absolute, and real feeds often are not).
    """
    cards = [card for page in listing.pages for card in page][:FEED_ENTRIES]
    items = "\n".join(
        f"""    <item>
      <title>{escape(card.story.title)}</title>
      <link>{card.story.path}</link>
      <guid isPermaLink="true">{card.story.path}</guid>
      <pubDate>{format_datetime(card.story.published.replace(tzinfo=_BERLIN))}</pubDate>
      <category>{escape(card.story.category)}</category>
      <description>{escape(card.story.summary)}</description>
    </item>"""
        for card in cards
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Logistics blog (tidings demo)</title>
    <link>{listing_path}</link>
    <atom:link rel="self" href="{feed_path}"/>
    <description>Invented posts for the tidings demo.</description>
    <language>en</language>
{items}
  </channel>
</rss>
"""
