"""Helpers for the automatic extraction tests: our own invented pages in real listing shapes."""

from __future__ import annotations

from pathlib import Path

from scraper.parse import AutoPage, extract_auto

TESTDATA = Path(__file__).parent / "testdata"

# fixture file -> the URL it pretends to be served at
PAGES = {
    "wordpress_list.html": "https://harbour.test/",
    "front_page.html": "https://tagesbote.test/",
    "table_rows.html": "https://jardin.test/forum/potager.html",
    "card_grid.html": "https://trail.test/reviews/",
    "jsonld_itemlist.html": "https://receitas.test/doces/",
    "hatom.html": "https://bordo.test/",
    "microdata.html": "https://campo.test/notas/",
    "portal_front.html": "https://landesbote.test/",
    "department_front.html": "https://talzeitung.test/",
    "month_archive.html": "https://verein.test/archiv/",
    "date_headers.html": "https://harbour-notes.test/",
    "forum_threads.html": "https://allotment.test/forumdisplay.php?f=40",
    "harbour_board.html": "https://harbour.test/news/",
    "meta_wrapper.html": "https://plotnotes.test/",
    "hijri_news.html": "https://mina.test/akhbar/",
    "picture_cards.html": "https://courier.test/",
    "updated_published.html": "https://townnotes.test/",
    "archive_beside_most_read.html": "https://stadtanzeiger.test/archiv/2024/05/",
    "ticker_and_teasers.html": "https://valley.test/live/index.php",
    "department_leads.html": "https://kreisblatt.test/",
}


def page_html(name: str) -> str:
    """The text of one fixture page."""
    return (TESTDATA / name).read_text(encoding="utf-8")


def auto(name: str) -> AutoPage:
    """`extract_auto` on one fixture page, at its pretend URL."""
    return extract_auto(page_html(name), page_url=PAGES[name])
