"""The parts of each demo page around the cards: head, navigation, sidebar, footer, scripts.

This is the noise a selector must see past. Each site has its own look: the trade desk's
"Hot Topics" sidebar and a script template holding card-like markup, the blog's widgets and
analytics snippet, the port's <base href> and <link rel=next>. Card markup lives in `site.py`.
"""

from __future__ import annotations

from html import escape

from scraper.demo.content import Story

__all__ = ["article_page", "blog_page", "index_page", "port_page", "trade_page"]

_TRADE_NAME = "Harbourgate Trade Desk"
_BLOG_NAME = "Palletwise Logistics Notes"
_PORT_NAME = "Port of Saltmere Harbour Master"


def index_page() -> str:
    """The site root: a plain list of the three listings."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tidings demo site</title></head>
<body><h1>tidings demo site</h1>
<ul>
<li><a href="/trade/news/">{_TRADE_NAME}: news</a></li>
<li><a href="/logistics/blog/">{_BLOG_NAME}</a></li>
<li><a href="/ports/bulletins/">{_PORT_NAME}: bulletins</a></li>
</ul></body></html>
"""


def trade_page(cards: str, number: int, last: int, *, hot: list[tuple[str, str]]) -> str:
    """A news-desk listing page; `number` past `last` renders the "nothing found" page."""
    pager = " ".join(
        f'<span class="current">{n}</span>' if n == number else f'<a href="?page={n}">{n}</a>'
        for n in range(1, last + 1)
    )
    body = cards or '  <p class="empty">No news items found.</p>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News | {_TRADE_NAME}</title>
<link rel="stylesheet" href="/static/trade/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</head>
<body class="news-list">
<header class="site-header">
  <a class="logo" href="/trade/"><img src="/static/trade/logo.png" alt="{_TRADE_NAME}"></a>
  <nav class="main-nav"><ul>
    <li><a href="/trade/">Home</a></li><li><a href="/trade/news/">News</a></li>
    <li><a href="/trade/events/">Events</a></li><li><a href="/trade/about/">About Us</a></li>
    <li><a href="/admin/">Member Login</a></li>
  </ul></nav>
</header>
<div class="container">
<div class="breadcrumb"><a href="/trade/">Home</a> &gt; News</div>
<div class="news-list-wrap">
{body}
</div>
<div class="pagination">{pager}</div>
<div class="sidebar">
  <h4>Hot Topics</h4>
  <ul>{_link_items(hot)}</ul>
  <h4>Newsletter</h4>
  <form action="/trade/subscribe" method="post"><input name="email" placeholder="Email">
  <button type="submit">Subscribe</button></form>
</div>
</div>
<footer class="site-footer"><p>&copy; 2025 {_TRADE_NAME}. All rights reserved.</p>
<a href="/trade/privacy/">Privacy</a> | <a href="/trade/contact/">Contact</a></footer>
<script type="text/template" id="news-item-tpl">
  <div class="news-item"><h3><a href="{{{{url}}}}">{{{{title}}}}</a></h3></div>
</script>
<script src="/static/trade/app.js" defer></script>
</body>
</html>
"""


def blog_page(
    articles: str, number: int, *, older: str, newer: str | None, recent: list[tuple[str, str]]
) -> str:
    """A blog listing page with widgets; `older` is the rel=next link, `newer` the previous."""
    newer_link = ""
    if newer is not None:
        newer_link = f'<a class="prev page-numbers" href="{newer}">&laquo; Newer posts</a> '
    title = _BLOG_NAME if number == 1 else f"{_BLOG_NAME} &ndash; Page {number}"
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<title>{title}</title>
<link rel="alternate" type="application/rss+xml" href="/logistics/blog/feed/">
<script async src="/static/blog/stats.js"></script>
<script>window.stats = window.stats || function () {{ (stats.q = stats.q || []).push(arguments); }};
stats("pageview", {{"template": "archive"}});</script>
</head>
<body class="blog archive paged-{number}">
<div id="page" class="site">
<header id="masthead" class="site-header">
  <p class="site-title"><a href="/logistics/blog/" rel="home">{_BLOG_NAME}</a></p>
  <nav id="site-navigation" class="main-navigation"><ul class="menu">
    <li><a href="/logistics/blog/">Blog</a></li><li><a href="/logistics/about/">About</a></li>
    <li><a href="/logistics/newsletter/">Newsletter</a></li></ul></nav>
</header>
<main id="main" class="site-main">
{articles}
<nav class="navigation pagination" aria-label="Posts">{newer_link}<a class="next page-numbers"
  rel="next" href="{older}">Older posts &raquo;</a></nav>
</main>
<aside id="secondary" class="widget-area">
  <section class="widget widget_recent_entries"><h2 class="widget-title">Recent posts</h2>
    <ul>{_link_items(recent)}</ul></section>
  <section class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>
    <li><a href="/logistics/blog/category/warehousing/">Warehousing</a></li>
    <li><a href="/logistics/blog/category/transport/">Transport</a></li>
    <li><a href="/logistics/blog/category/planning/">Planning</a></li></ul></section>
</aside>
<footer id="colophon" class="site-footer"><p>Proudly written by the Palletwise team.</p>
  <a href="/logistics/imprint/">Imprint</a> &middot; <a href="/logistics/privacy/">Privacy</a>
</footer>
</div>
</body>
</html>
"""


def port_page(
    rows: str, number: int, last: int, *, next_href: str | None, prev_href: str | None
) -> str:
    """A bulletin table page; links are relative to <base href="/ports/">."""
    head_links = "".join(
        f'\n<link rel="{rel}" href="{href}">'
        for rel, href in (("prev", prev_href), ("next", next_href))
        if href is not None
    )
    older = f' &middot; <a href="{next_href}">Older notices</a>' if next_href else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Bulletins - {_PORT_NAME}</title>
<base href="/ports/">{head_links}
<script>var _paq = window._paq = window._paq || []; _paq.push(["trackPageView"]);</script>
</head>
<body>
<div id="top">
<ul class="nav"><li><a href="./">Port home</a></li><li><a href="bulletins/">Bulletins</a></li>
<li><a href="tariffs/">Tariffs</a></li><li><a href="contact.html">Contact</a></li></ul>
</div>
<h1>Harbour Master Bulletins</h1>
<p class="intro">Notices to port users, newest first. Times are local.</p>
<table class="bulletins" summary="Bulletins">
<thead><tr><th>Issued</th><th>Notice</th><th>Type</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p class="pages">Page {number} of {last}{older}</p>
<div class="footer">{_PORT_NAME} &middot; Marine Operations &middot;
<a href="mailto:harbourmaster@saltmere.invalid">harbourmaster@saltmere.invalid</a></div>
</body>
</html>
"""


def article_page(story: Story) -> str:
    """One article: heading, date, body paragraphs."""
    paragraphs = "\n".join(f"<p>{escape(text)}</p>" for text in (story.summary, *story.body))
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(story.title)}</title></head>
<body>
<main><article>
<h1>{escape(story.title)}</h1>
<p class="byline"><time datetime="{story.published:%Y-%m-%dT%H:%M}">{story.published:%Y-%m-%d}
</time> &middot; {escape(story.category)}</p>
{paragraphs}
</article></main>
</body>
</html>
"""


def _link_items(links: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links)
