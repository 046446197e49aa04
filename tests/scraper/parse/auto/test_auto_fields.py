"""Each card's title, summary, date and category, as the card shows them."""

from __future__ import annotations

import pytest
from autopages import auto

from pipelines import RawItem, fold, parse_date
from pipelines.dates import MONTH_SPELLINGS
from pipelines.dates.words import JALALI_MONTHS, JALALI_SPELLINGS
from scraper.parse import extract_auto
from scraper.parse.auto.datetext import date_from_url, looks_like_date


def _item(name: str, url_part: str) -> RawItem:
    found = [item for item in auto(name).page.items if url_part in (item.url or "")]
    assert len(found) == 1, found
    return found[0]


CARDS = {
    "wordpress-time-datetime": (
        "wordpress_list.html",
        "fog-signals",
        RawItem(
            title="Fog signals, and why we still need them",
            url="https://harbour.test/2024/03/02/fog-signals-and-why-we-still-need-them/",
            summary=(
                "Radar and satellite fixes have not made the foghorn obsolete: small boats "
                "without electronics still steer by sound when the bay disappears. Read more »"
            ),
            date="2024-03-02T17:05:00+00:00",
            category="Weather",
        ),
    ),
    "front-page-kicker": (
        "front_page.html",
        "a-1003",
        RawItem(
            title="Schwimmbad wird nun doch saniert",
            url="https://tagesbote.test/politik/2024-04-01/schwimmbad-wird-doch-saniert-a-1003.html",
            summary=(
                "Nach langem Streit stimmte eine knappe Mehrheit für die Sanierung des Hallenbads."
            ),
            date="2024-04-01",
            category="Haushalt",
        ),
    ),
    "forum-row-short-title": (
        "table_rows.html",
        "ail-t797",
        RawItem(
            title="Ail",
            url="https://jardin.test/forum/potager/ail-t797.html",
            summary=None,
            date="par marcel_b » 21/03/2024 10:10",
            category=None,
        ),
    ),
    "grid-alt-and-read-more": (
        "card_grid.html",
        "stoves-for-one",
        RawItem(
            title="Stoves for one: boiling water at altitude",
            url="https://trail.test/reviews/stoves-for-one",
            summary=(
                "Canister, alcohol or solid fuel: we timed a litre of water at two thousand "
                "metres with each of them."
            ),
            date="Published March 28, 2024 · 4 min read",
            category="Cooking",
        ),
    ),
    "grid-date-from-url": (
        "card_grid.html",
        "headlamps",
        RawItem(
            title="Headlamps under fifty",
            url="https://trail.test/reviews/2024/03/11/headlamps-under-fifty",
            summary=(
                "Seven budget lamps, one dark forest, and a surprising winner with a red night "
                "mode."
            ),
            date="2024-03-11",
            category="Lights",
        ),
    ),
}


@pytest.mark.parametrize(("name", "url_part", "want"), CARDS.values(), ids=CARDS)
def test_card_fields(name: str, url_part: str, want: RawItem) -> None:
    assert _item(name, url_part) == want


def test_title_is_the_headline_not_the_read_more_link_or_image_alt() -> None:
    titles = [item.title for item in auto("card_grid.html").page.items]
    assert "Read more" not in titles
    assert all(title and title.count("Rain shells") <= 1 for title in titles)


def test_a_link_wrapping_the_whole_card_gives_its_heading_kicker_and_teaser() -> None:
    html = "".join(
        f'<li><article><h4 class="sr-only">Story {n} about the quiet harbour</h4>'
        f'<a href="/s/{n}-story-about-the-harbour" title="Story {n} about the quiet harbour">'
        f'<figure><img alt="x"><figcaption><div class="meta"><span>Report</span>'
        f"<time>0{n}.05.2024</time></div><p>Story {n} about the quiet harbour</p>"
        f"<p>Teaser {n}: the boats are back and the nets are drying on the pier.</p>"
        "</figcaption></figure></a></article></li>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<ul>{html}</ul>", page_url="https://h.test/").page.items
    assert [item.title for item in items] == [
        f"Story {n} about the quiet harbour" for n in range(1, 5)
    ]
    assert items[0].category == "Report"
    assert items[0].date == "01.05.2024"
    assert items[0].summary == "Teaser 1: the boats are back and the nets are drying on the pier."


def test_a_heading_without_link_titles_a_card_whose_only_link_reads_more() -> None:
    html = "".join(
        f"<div class='post'><h2>Plain heading number {n} for the card</h2>"
        f"<p>Body text of card {n} that goes on for a while.</p>"
        f"<a href='/p/{n}-plain'>Read more</a></div>"
        for n in range(1, 5)
    )
    items = extract_auto(html, page_url="https://h.test/").page.items
    assert [item.title for item in items] == [
        f"Plain heading number {n} for the card" for n in range(1, 5)
    ]


DATES = {
    "en-month-day": ("Posted on September 3, 2019 at 6:09 AM", True),
    "de-numeric": ("12.11.2018", True),
    "it-month": ("aprile 25, 2016 - 5:47 pm", True),
    "ru-genitive": ("17 февраля 2016", True),
    "fr-weekday": ("Ven 13 Déc 2013 15:36", True),
    "es-de": ("5 de abril de 2024", True),
    "iso": ("2024-05-02", True),
    "cjk": ("2016年3月1日", True),
    "relative-en": ("6 hours ago", True),
    "relative-de": ("vor 2 Tagen", True),
    "history-not-an-age": ("Unfall vor 150 Jahren", False),
    "yesterday-de": ("gestern", True),
    "yesterday-posted": ("Posted yesterday", True),
    "yesterday-es-evening": ("ayer por la tarde", True),
    "day-word-in-a-sentence": ("Hier geht es um die neue Fähre am Kai", False),
    "yesterday-in-a-headline": ("Yesterday the harbour board voted to close the quay", False),
    "number-and-word": ("10 marketing tips", False),
    "year-in-title": ("Top 10 gadgets of 2019", False),
    "plain-words": ("Read the whole story", False),
    "long-paragraph": ("On 12 March 2019 " + "words " * 20, False),
    "ro-month": ("29 iulie 2025", True),
    "unpadded-year-first": ("2016/3/3", True),
    "bn-native-digits": ("২৯ জুলাই ২০২৫", True),
    "hi-devanagari": ("२९ जुलाई २०२५", True),
    "ar-indic-digits": ("١٥ يوليو ٢٠٢٥", True),
    "th-buddhist-era": ("29 กรกฎาคม 2568", True),
    "ko-date": ("2016년 3월 1일", True),
    "relative-ar": ("منذ 3 ساعات", True),
    "relative-th-no-space": ("2 วันที่แล้ว", True),
    "month-word-without-year": ("12 may", False),
}


@pytest.mark.parametrize(("text", "want"), DATES.values(), ids=DATES)
def test_looks_like_date(text: str, want: bool) -> None:
    assert looks_like_date(text) is want


@pytest.mark.parametrize(
    "month",
    sorted(
        {
            fold(name)
            for months in (*MONTH_SPELLINGS.values(), JALALI_SPELLINGS)
            for line in months
            for name in line.split()
        }
    ),
)
def test_every_month_word_the_date_reader_knows_is_a_date_word(month: str) -> None:
    year = 1403 if month in JALALI_MONTHS else 2024
    line = f"3 {month} {year}"
    assert parse_date(line, date_order="DMY") is not None, line
    assert looks_like_date(line), line


URL_DATES = {
    "slashes": ("https://a.test/2019/08/21/slug/", "2019-08-21"),
    "dashes": ("https://a.test/news/2024-04-02/slug-a-1.html", "2024-04-02"),
    "compact": ("https://a.test/20190821/slug", "2019-08-21"),
    "month-only": ("https://a.test/2019/08/slug/", None),
    "impossible-month": ("https://a.test/2019/13/21/slug/", None),
    "no-date": ("https://a.test/slug-2019", None),
}


@pytest.mark.parametrize(("url", "want"), URL_DATES.values(), ids=URL_DATES)
def test_date_from_url(url: str, want: str | None) -> None:
    assert date_from_url(url) == want


@pytest.mark.parametrize(
    ("label", "want"),
    [
        ("Category: Fees", "Fees"),
        ("Filed under: Rates", "Rates"),
        ("Rubrik: Hafen", "Hafen"),
        ("Podcast: Harbour Talk", "Podcast: Harbour Talk"),  # the label itself, not a field name
        ("Foodblog: Quay Kitchen", "Foodblog: Quay Kitchen"),
    ],
)
def test_a_category_loses_a_field_name_prefix_only(label: str, want: str) -> None:
    html = "".join(
        f'<li class="post"><h3><a href="/n/{n}-quay-story">Quay story number {n} about the night'
        f' shift</a></h3><span class="category">{label}</span><p>The crews at berth {n} return'
        " to days after a long winter.</p></li>"
        for n in range(4)
    )
    items = extract_auto(f"<ul>{html}</ul>", page_url="https://h.test/").page.items
    assert [item.category for item in items] == [want] * 4


def test_a_short_chinese_teaser_is_a_teaser() -> None:
    html = "".join(
        f'<li><a href="/news/{n}.html">第{n}号码头的新闻标题</a>'
        f'<div class="intro">码头今天起恢复夜间作业{n}</div></li>'
        for n in range(1, 5)
    )
    items = extract_auto(f"<ul>{html}</ul>", page_url="https://h.test/").page.items
    assert [item.summary for item in items] == [f"码头今天起恢复夜间作业{n}" for n in range(1, 5)]


def test_a_teaser_in_the_no_script_copy_of_a_template_is_read() -> None:
    html = "".join(
        f"<div class='post'><h2><a href='/2026/11/quay-{n}.html'>Quay post {n} on the new"
        " cranes</a></h2><div class='post-content'><script type='text/template'><p>Berth"
        f" {n} gets two cranes.</p></script><noscript><p>Berth {n} gets two cranes before"
        " the winter season starts.</p></noscript></div>"
        "<noscript>Turn on JavaScript to comment on this post.</noscript>"
        "<p class='foot'>Share this post</p></div>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<main>{html}</main>", page_url="https://h.test/").page.items
    assert [item.summary for item in items] == [
        f"Berth {n} gets two cranes before the winter season starts." for n in range(1, 5)
    ]


@pytest.mark.parametrize("badge", ["label label-success", "status-tag-answered label"])
def test_a_category_element_speaks_before_a_status_badge(badge: str) -> None:
    html = "".join(
        f'<li class="thread"><div class="title"><a href="/discussion/{n}/crane-question">Crane'
        f' question number {n} from the quay</a></div><div class="meta"><span class="{badge}">'
        f'Answered</span> <span>{n} replies</span> <a href="/forums/quay-help" class="forum-'
        'category">Quay Help</a></div></li>'
        for n in range(1, 5)
    )
    items = extract_auto(f"<ul>{html}</ul>", page_url="https://h.test/").page.items
    assert [item.category for item in items] == ["Quay Help"] * 4


def test_a_date_line_that_runs_on_into_the_teaser_is_split() -> None:
    html = "".join(
        f'<div class="item"><h3><a href="/news.php?id={n}">Harbour story {n} about the long'
        f' night shift</a></h3><div class="info"><a class="date" href="#">1{n}/03/2016</a><br>'
        "The crews speak for themselves at last.</div></div>"
        for n in range(1, 5)
    )
    items = extract_auto(html, page_url="https://h.test/").page.items
    assert [(item.date, item.summary) for item in items] == [
        (f"1{n}/03/2016", "The crews speak for themselves at last.") for n in range(1, 5)
    ]


def test_a_list_whose_class_ends_in_menu_is_a_menu() -> None:
    menu = "".join(
        f'<li><a href="/en/{slug}">{text}</a></li>'
        for slug, text in [
            ("how-the-harbour-works-today", "How the harbour works and who runs it"),
            ("the-port-elections-explained", "The port elections explained for visitors"),
            ("news/berth-four-reopens-after-repairs", "Berth four reopens after the repairs"),
        ]
    )
    cards = "".join(
        f'<article><h3><a href="/en/news/quay-story-{n}-long-night">Quay story {n} about the'
        f" long night shift</a></h3><p>The crews at berth {n} return to days after a long"
        " winter of night work.</p></article>"
        for n in range(1, 5)
    )
    page = f'<div class="highlight-menu"><ul>{menu}</ul></div><main>{cards}</main>'
    items = extract_auto(page, page_url="https://h.test/en/").page.items
    assert [item.title for item in items] == [
        f"Quay story {n} about the long night shift" for n in range(1, 5)
    ]


def test_a_photo_caption_is_never_the_teaser() -> None:
    html = "".join(
        f'<article><div class="pic"><img src="/{n}.jpg"><p class="caption">Cranes at berth {n}'
        " on Tuesday morning, seen from the pier. Photo: A. Writer</p></div><h2><a"
        f' href="/news/story-{n}-about-the-quay">Story {n} about the harbour and the quay</a>'
        f"</h2><p>The lamp room gets a new lens after forty years of service.</p></article>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<main>{html}</main>", page_url="https://h.test/").page.items
    assert [item.summary for item in items] == [
        "The lamp room gets a new lens after forty years of service."
    ] * 4


@pytest.mark.parametrize(("term", "field"), [("0{n}.11.2026", "date"), ("Hafen", "category")])
def test_a_definition_term_is_the_date_or_rubric_of_its_entry(term: str, field: str) -> None:
    html = "".join(
        f"<dt>{term.format(n=n)}</dt><dd><a href='/meldungen/{n}.html'>Quay story number {n}"
        "</a><br>The crews at the berth return to days after the winter.</dd>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<dl>{html}</dl>", page_url="https://h.test/").page.items
    assert [getattr(item, field) for item in items] == [term.format(n=n) for n in range(1, 5)]


def test_a_flat_archive_entry_takes_the_category_its_filed_under_line_links() -> None:
    html = "".join(
        f"<h2><a href='/2026/11/0{n}/quay-story-{n}.html'>Quay story number {n} on the cranes"
        f"</a></h2><p class='date'>November {n}, 2026</p><p>The crews at berth {n} return to"
        " days after a long winter.</p><p>Filed under <a href='/category/ports/'>Ports</a></p>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<div id='content'>{html}</div>", page_url="https://h.test/").page.items
    assert [(item.date, item.category) for item in items] == [
        (f"November {n}, 2026", "Ports") for n in range(1, 5)
    ]
