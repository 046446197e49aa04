"""Classes of listing pages automatic extraction used to get wrong, one fixture of ours each.

- a downloads box (dated documents) beside the news was taken as a section of stories;
- cards printing the title twice (image link, heading link, a heading in a link) and cards
  with no date or category beside cards whose date line ends with a section label;
- a wrapper classed like a meta line ("post-meta") around title and teaser hid the teaser;
- dates in the lunar Hijri calendar only;
- an article URL dated `/2016/0422/` with no date on the card;
- the site's own download pages amid news teasers;
- cards whose only link is a lazy-loaded picture, the title an unlinked heading;
- a date line that shows the update before the publication;
- an archive of short dated headlines beside a "most read" box of long ones, which won;
- a ticker listing the same stories before their teasers, and a date in a line that runs on
  into the teaser: the stories had no dates and no teasers;
- department boxes with two teasers each (a top story and a picture teaser below the
  headline list): the second teaser's card was the whole box, already taken.
"""

from __future__ import annotations

from autopages import auto

from pipelines import parse_date
from scraper.parse import extract_auto
from scraper.parse.auto.datetext import date_from_url


def test_a_downloads_box_is_no_section_of_stories() -> None:
    urls = [item.url or "" for item in auto("harbour_board.html").page.items]
    assert not [url for url in urls if "/files/" in url]
    assert len([url for url in urls if "/news/" in url]) == 9  # 5 cards, 4 "most read"


def test_a_title_printed_twice_is_read_once_and_bare_cards_stay_bare() -> None:
    items = auto("harbour_board.html").page.items[:5]
    assert [item.title for item in items] == [
        "Pilot boats get new radios",
        "Dredging of the east basin ends",
        "New tariffs for small craft",
        "Lighthouse open day draws crowds",
        "Storm damage on the north quay",
    ]
    assert [(item.date, item.category) for item in items[:2]] == [(None, None), (None, None)]
    assert all((item.summary or "").startswith(("The ", "Three ")) for item in items[:2])


def test_a_section_label_after_the_date_is_the_category() -> None:
    items = auto("harbour_board.html").page.items[2:5]
    assert [item.category for item in items] == ["Fees", "Events", "Works"]
    assert [parse_date(item.date or "") for item in items] != [None] * 3


DATE_LINES = {
    "name": ("03/14/2025 <span>Jane</span> <span>Doe</span>", None),
    "by": ("03/14/2025 by <span>Doe</span>", None),
    "clock": ("March 14, 2025 at 3:45 pm", None),
    "cut-off": ("03/14/2025 and then some words ...", None),
    "label": ("March 14, 2025 · <span>Opinion</span>", "Opinion"),
}


def test_a_byline_or_a_clock_in_the_date_line_is_no_category() -> None:
    for line, want in DATE_LINES.values():
        cards = "".join(
            f'<div class="c"><h3><a href="/n/story-number-{n}-here">Story number {n} is a'
            f" headline</a></h3><p>Some teaser text for the story that runs on.</p>"
            f"<div>{line}</div></div>"
            for n in range(3)
        )
        items = extract_auto(f"<main>{cards}</main>", page_url="https://a.test/").page.items
        assert [item.category for item in items] == [want] * 3, line


def test_a_card_wrapper_classed_as_meta_keeps_its_teaser() -> None:
    items = auto("meta_wrapper.html").page.items
    assert [item.summary for item in items] == [
        "Broad beans went in a fortnight early this year.",
        "Two hundred litres of rain from one April week, all of it free.",
        "Copper tape, beer traps and a hedgehog house: a spring report.",
    ]
    dates = [parse_date(item.date or "") for item in items]
    assert [found.published if found else None for found in dates] == [
        "2024-05-02",
        "2024-04-21",
        "2024-04-03",
    ]


def test_hijri_only_dates_are_found_and_read() -> None:
    items = auto("hijri_news.html").page.items
    assert len(items) == 3
    read = [parse_date(item.date or "", language="ar") for item in items]
    assert [found.published if found else None for found in read] == [
        "2025-12-01",
        "2025-11-26",
        "2025-11-19",
    ]


def test_a_dedecms_url_dates_its_card() -> None:
    assert date_from_url("https://chang.test/hangye/2016/0422/106.html") == "2016-04-22"
    assert date_from_url("https://chang.test/hangye/2016/1322/106.html") is None


def _list_page(hrefs: list[str]) -> str:
    rows = "".join(
        f'<li><h3><a href="{href}">A headline of some length, number {n}</a></h3>'
        f"<p>A teaser sentence that tells what the entry is about, {n}.</p></li>"
        for n, href in enumerate(hrefs)
    )
    return f"<main><ul>{rows}</ul></main>"


def test_download_pages_amid_news_teasers_are_dropped() -> None:
    hrefs = [f"/news/story-about-things-{n}_1234{n}.html" for n in range(4)]
    hrefs[1:1] = ["/downloads/Some-Tool-fuer-Chrome_22542006.html", "/files/price-list-2025.pdf"]
    items = extract_auto(_list_page(hrefs), page_url="https://tools.test/").page.items
    assert [item.url for item in items] == [
        f"https://tools.test/news/story-about-things-{n}_1234{n}.html" for n in range(4)
    ]


def test_a_page_that_lists_only_documents_keeps_them() -> None:
    hrefs = [f"https://files.council.test/minutes-of-meeting-{n}.pdf" for n in range(4)]
    items = extract_auto(_list_page(hrefs), page_url="https://www.council.test/").page.items
    assert [item.url for item in items] == hrefs


def test_another_sites_pdf_is_an_aggregators_story() -> None:
    hrefs = [f"https://paper{n}.test/papers/results-of-study-{n}.pdf" for n in range(4)]
    items = extract_auto(_list_page(hrefs), page_url="https://links.test/").page.items
    assert [item.url for item in items] == hrefs


def test_picture_only_links_take_the_heading_beside_them() -> None:
    items = auto("picture_cards.html").page.items
    assert [(item.title, item.date) for item in items] == [
        ("The river rises after a week of rain", "2 May 2024"),
        ("Bridge repairs finish a month early", "1 May 2024"),
        ("Saturday market moves to the square", "30 April 2024"),
    ]
    assert all(item.summary for item in items)


def test_the_published_part_of_a_line_that_also_shows_the_update() -> None:
    items = auto("updated_published.html").page.items
    read = [parse_date(item.date or "") for item in items]
    assert [found.published[:10] if found else None for found in read] == [
        "2024-05-12",
        "2024-05-09",
        "2024-05-02",
    ]


def test_an_archive_of_short_dated_headlines_beats_a_most_read_box() -> None:
    items = auto("archive_beside_most_read.html").page.items
    archive = [item for item in items if "/archiv/" in (item.url or "")]
    assert len(archive) == 10
    assert items[:10] == archive
    assert all(item.date for item in archive)


def test_a_story_listed_twice_takes_what_it_lacks_from_its_second_card() -> None:
    items = auto("ticker_and_teasers.html").page.items
    assert len(items) == 4
    assert all((item.summary or "").endswith(".") for item in items)


def test_a_date_printed_first_inside_the_headline_link_is_the_date() -> None:
    items = auto("ticker_and_teasers.html").page.items
    assert [(item.title, item.date) for item in items[:2]] == [
        ("Council approves the new harbour budget", "17/03/2025"),
        ("School choir wins the regional contest", "16/03/2025"),
    ]


def test_a_short_date_inside_a_line_that_runs_on_is_the_date() -> None:
    cards = "".join(
        f'<div class="post"><a href="/n/story-{n}-of-the-day"><h4>Story {n} of the day, told'
        f' here</h4></a><span><a href="#">1{n}/03/2025</a></span><br><a href="/n/story-{n}-of'
        f'-the-day">A long teaser that runs on after the date in the same line, with no block'
        f" boundary between the two, for story number {n}.</a></div>"
        for n in range(3)
    )
    items = extract_auto(f"<main>{cards}</main>", page_url="https://v.test/").page.items
    assert [item.date for item in items] == ["10/03/2025", "11/03/2025", "12/03/2025"]


def test_a_teaser_linked_to_its_own_story_is_the_summary() -> None:
    teaser = (
        "The teaser of story {n} is a link to the story itself, and it runs on for well over a"
        " headline's length."
    )
    cards = "".join(
        f'<div class="post"><h4><a href="/n/story-{n}-of-the-day">Story {n} of the day, told'
        f' here</a></h4><div><a href="/n/story-{n}-of-the-day">Shows if you read it</a></div>'
        f'<div><a href="/n/story-{n}-of-the-day">{teaser.format(n=n)}</a></div></div>'
        for n in range(3)
    )
    items = extract_auto(f"<main>{cards}</main>", page_url="https://v.test/").page.items
    assert [item.summary for item in items] == [teaser.format(n=n) for n in range(3)]


def test_a_second_teaser_in_each_department_box_is_a_story_too() -> None:
    items = auto("department_leads.html").page.items
    urls = [(item.url or "").split("/", 3)[3] for item in items]
    assert [url for url in urls if "aufmacher" in url] == [
        "politik/aufmacher-104.html",
        "wirtschaft/aufmacher-108.html",
        "kultur/aufmacher-112.html",
    ]
    assert len(items) == 15
    leads = [item for item in items if "aufmacher" in (item.url or "")]
    assert all((item.summary or "").startswith("Ein längerer Anreißer") for item in leads)
    tops = [item for item in items if "thema-des-tages" in (item.url or "")]
    assert all((item.summary or "").startswith("Der erste Anreißer") for item in tops)
