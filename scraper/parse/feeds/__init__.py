"""Feeds: RSS, Atom and JSON Feed entries (`entries`), a sloppy body made readable (`body`), and
the feeds a page announces (`links`)."""

from __future__ import annotations

from scraper.parse.feeds.entries import FeedPage, parse_feed
from scraper.parse.feeds.links import FEED_MEDIA_TYPES, feed_links

__all__ = ["FEED_MEDIA_TYPES", "FeedPage", "feed_links", "parse_feed"]
