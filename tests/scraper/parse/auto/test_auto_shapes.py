"""Shapes of real front pages, in our own fixtures: hidden panels, small modules, kickers."""

from __future__ import annotations

import pytest
from autopages import auto

from pipelines import RawItem
from scraper.parse import extract_auto
from scraper.parse.auto.scoring import is_sibling_listing, looks_like_article

LB = "https://landesbote.test/"


def _items(name: str) -> list[RawItem]:
    return auto(name).page.items


def test_small_modules_beside_a_carousel_are_all_main_items() -> None:
    urls = [item.url or "" for item in _items("portal_front.html")]
    assert [url.split("/")[3] for url in urls] == ["kabinett"] * 4 + ["presse"] * 5 + ["video"] * 4


@pytest.mark.parametrize(
    "hidden",
    [
        LB + "archiv/alte-meldung-ueber-den-winterdienst/",  # display:none tab panel
        LB + "archiv/versteckte-meldung-zum-haushalt-eins/",  # `hidden` attribute
        LB + "themen/verkehr/",  # a submenu the style sheet hides
    ],
)
def test_hidden_panels_are_never_items(hidden: str) -> None:
    assert hidden not in {item.url for item in _items("portal_front.html")}


def test_partner_and_profile_link_boxes_are_no_listing() -> None:
    hosts = {(item.url or "").split("/")[2] for item in _items("portal_front.html")}
    assert hosts == {"landesbote.test"}


def test_a_kicker_inside_the_link_is_the_category_and_not_the_title() -> None:
    first = _items("portal_front.html")[0]
    assert first.title == "Neue Fähre für den Obersee beschlossen"
    assert first.category == "Seeverkehr"
    assert _items("portal_front.html")[1].category == "Schulen 2030"


def test_screen_reader_text_is_not_part_of_the_title() -> None:
    videos = [item for item in _items("portal_front.html") if "/video/" in (item.url or "")]
    assert [item.title for item in videos] == [
        "Die Fähre im Probebetrieb",
        "Ein Tag auf der Baustelle",
        "Schwalben über dem Dorfteich",
        "Wie eine Landkarte entsteht",
    ]


def test_a_video_length_in_time_is_not_the_date() -> None:
    videos = [item for item in _items("portal_front.html") if "/video/" in (item.url or "")]
    assert [item.date for item in videos] == [
        "2024-05-03",
        "2024-05-02",
        "2024-04-30",
        "2024-04-29",
    ]


INLINE_KICKER = """<main><ul class="ticker">{}</ul></main>"""
_ROW = (
    '<li><time datetime="2024-05-0{n}T10:00">3. Mai 2024 10:00</time> '
    '<a href="/meldung/{slug}-{n}"><strong>{kicker}</strong> <em>{title}</em></a></li>'
)
_ROWS = [
    ("Verkehr", "Umleitung an der Seestraße bis Freitag", "umleitung-seestrasse"),
    ("Schule", "Neue Mensa öffnet nach den Ferien", "neue-mensa"),
    ("Wetter", "Sturmwarnung für die Höhenlagen", "sturmwarnung"),
]


def test_an_inline_kicker_before_an_emphasised_headline_is_split_off() -> None:
    rows = "".join(
        _ROW.format(n=n, kicker=k, title=t, slug=s) for n, (k, t, s) in enumerate(_ROWS, 1)
    )
    items = extract_auto(INLINE_KICKER.format(rows), page_url="https://dorf.test/").page.items
    assert [(item.title, item.category) for item in items] == [(t, k) for k, t, _ in _ROWS]


def test_two_alike_spans_of_one_headline_are_not_a_kicker() -> None:
    rows = "".join(
        f'<li><a href="/meldung/{s}-{n}"><span>{k}</span> <span>{t}</span></a></li>'
        for n, (k, t, s) in enumerate(_ROWS, 1)
    )
    html = f"<main><ul>{rows}</ul></main>"
    items = extract_auto(html, page_url="https://dorf.test/").page.items
    assert [item.title for item in items] == [f"{k} {t}" for k, t, _ in _ROWS]


def test_a_thumbnail_label_is_not_the_title() -> None:
    cards = "".join(
        f'<div class="teaser"><a href="/meldung/{s}-{n}"><div class="image"><img src="/i.jpg">'
        f"<span>Video</span></div><em>{t}</em></a><p>Ein längerer Anrisstext zur Meldung "
        f"mit einigen Wörtern.</p></div>"
        for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    items = extract_auto(f"<main>{cards}</main>", page_url="https://dorf.test/").page.items
    assert [item.title for item in items] == [t for _k, t, _s in _ROWS]


TZ = "https://talzeitung.test/"


def test_department_boxes_give_their_lead_and_their_headline_list() -> None:
    urls = [item.url or "" for item in _items("department_front.html")]
    for department in ("sport", "kultur", "wissen"):
        assert len([url for url in urls if url.startswith(TZ + department + "/")]) == 4
    assert len([url for url in urls if "/politik/" in url]) == 4


def test_a_section_heading_link_is_no_card_and_no_category() -> None:
    items = _items("department_front.html")
    assert {TZ + "sport", TZ + "kultur", TZ + "wissen"}.isdisjoint(item.url for item in items)
    lead = next(item for item in items if "tabellenfuehrer" in (item.url or ""))
    assert (lead.title, lead.category) == (
        "Tabellenführer verliert im strömenden Regen",
        "Regionalliga",
    )
    assert lead.summary is not None and lead.summary.startswith("Drei Gegentore")


def test_links_in_a_posts_running_text_are_no_section() -> None:
    hosts = {(item.url or "").split("/")[2] for item in _items("department_front.html")}
    assert hosts == {"talzeitung.test"}


def test_headline_list_entries_take_their_overline_as_category() -> None:
    rudern = next(item for item in _items("department_front.html") if "ruderer" in (item.url or ""))
    assert (rudern.title, rudern.category) == (
        "Ruderer holen Silber bei der Landesmeisterschaft",
        "Rudern",
    )


FLAT = """<main><div class="col">{}</div></main>"""
_FLAT_CARD = (
    '<div class="kick"><a class="kicker" href="/{section}/">{label}</a></div>'
    '<h2><a href="/{section}/{slug}-{n}.html">{title}</a></h2>'
    '<a href="/{section}/{slug}-{n}.html"><img src="/i{n}.jpg" alt=""></a>'
    '<div class="content">{teaser}</div><div class="meta">12. März 2024</div>'
)
_FLAT = [
    ("wirtschaft", "Wirtschaft", "Molkerei baut ein neues Lager am Bahnhof", "molkerei",
     "Zwanzig neue Stellen sollen bis zum Sommer entstehen, sagt die Geschäftsführung."),
    ("sport", "Sport", "Die Schwimmer trainieren wieder im Freibad", "schwimmer",
     "Das Wasser hat achtzehn Grad, den Trainern ist das warm genug für die ersten Bahnen."),
    ("kultur", "Kultur", "Theatergruppe probt ein Stück über den Fluss", "theater",
     "Die Premiere ist im Juni auf der alten Fähre, Karten gibt es ab nächster Woche."),
]  # fmt: skip


def test_kicker_teaser_and_date_beside_a_bare_headline_card_are_its_own() -> None:
    cards = "".join(
        _FLAT_CARD.format(section=s, label=k, title=t, slug=g, teaser=x, n=n)
        for n, (s, k, t, g, x) in enumerate(_FLAT, 1)
    )
    items = extract_auto(FLAT.format(cards), page_url="https://blatt.test/").page.items
    assert [(i.title, i.category, i.summary, i.date) for i in items] == [
        (t, k, x, "12. März 2024") for _s, k, t, _g, x in _FLAT
    ]


_TWO_DATES = {
    "updated-time-first-by-class": (
        '<time class="updated" datetime="2024-03-09T08:00">9.3.</time>'
        '<time class="published" datetime="2024-03-02T10:00">2.3.</time>',
        "2024-03-02T10:00",
    ),
    "updated-label-before-time": (
        'Mis à jour <time datetime="2024-03-09">le 9 mars</time> · '
        'Publié <time datetime="2024-03-02">le 2 mars</time>',
        "2024-03-02",
    ),
    "updated-line-first": (
        "</p><p>Aktualisiert am 9. März 2024, 08:00</p><p>Erschienen am 2. März 2024",
        "Erschienen am 2. März 2024",
    ),
}


@pytest.mark.parametrize(("stamps", "want"), _TWO_DATES.values(), ids=_TWO_DATES)
def test_a_card_with_an_update_stamp_gives_its_publication_date(stamps: str, want: str) -> None:
    cards = "".join(
        f'<article><h2><a href="/notiz/{s}-{n}">{t}</a></h2><p>{stamps}</p></article>'
        for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    items = extract_auto(f"<main>{cards}</main>", page_url="https://dorf.test/").page.items
    assert [item.date for item in items] == [want] * len(_ROWS)


def test_a_day_and_month_take_the_year_of_the_month_heading_above() -> None:
    assert [item.date for item in _items("month_archive.html")] == [
        "14. Juli 2016",
        "9. Juli 2016",
        "2. Juli 2016",
        "28. Juni 2016",
        "15. Juni 2016",
        "3. Juni 2016",
    ]


def test_a_year_from_the_archive_url_completes_a_numeric_day_and_month() -> None:
    rows = "".join(
        f'<li><span class="d">0{n}/1{n}</span> <a href="/a/{s}">{t}</a></li>'
        for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    html = f"<main><ul>{rows}</ul></main>"
    items = extract_auto(html, page_url="https://dorf.test/2019/01/").page.items
    assert [item.date for item in items] == ["01/11/2019", "02/12/2019", "03/13/2019"]


def test_no_evidence_no_year() -> None:
    rows = "".join(
        f'<li><span class="d">1{n}. Mai</span> <a href="/a/{s}">{t}</a></li>'
        for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    items = extract_auto(f"<main><ul>{rows}</ul></main>", page_url="https://dorf.test/").page.items
    assert [item.date for item in items] == ["11. Mai", "12. Mai", "13. Mai"]


def test_posts_under_date_headers_take_the_header_date() -> None:
    assert [item.date for item in _items("date_headers.html")] == [
        "Thursday, July 14, 2016",
        "Tuesday, July 12, 2016",
        "Friday, July 8, 2016",
    ]


def test_a_stamp_classed_as_published_wins_over_one_classed_as_an_update() -> None:
    cards = "".join(
        f'<article><h2><a href="/n/{s}-{n}">{t}</a></h2>'
        f'<span class="date-maj"><time datetime="2024-03-0{n + 3}">x</time></span>'
        f'<span class="date-pub"><time datetime="2024-03-0{n}">y</time></span></article>'
        for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    items = extract_auto(f"<main>{cards}</main>", page_url="https://dorf.test/").page.items
    assert [item.date for item in items] == ["2024-03-01", "2024-03-02", "2024-03-03"]


def test_sub_forum_and_forum_jump_lists_are_no_threads() -> None:
    items = _items("forum_threads.html")
    assert [item.url for item in items] == [
        f"https://allotment.test/showthread.php?t={t}" for t in (9101, 9099, 9093, 9088)
    ]


def test_a_thread_starter_is_no_category() -> None:
    assert {item.category for item in _items("forum_threads.html")} == {None}


@pytest.mark.parametrize(
    "index",
    [
        "https://dorf.test/tag/wetter-im-tal-",
        "https://dorf.test/author/anna-maria-berg-",
        "https://dorf.test/category/sport-und-spiel-",
    ],
)
def test_lists_of_taxonomy_pages_beside_a_listing_are_no_section(index: str) -> None:
    links = "".join(
        f'<li><a href="{index}{n}/">Alles über das Thema Nummer {n} im Tal</a></li>'
        for n in range(6)
    )
    cards = "".join(
        f'<li><a href="/meldung/{s}-{n}">{t}</a></li>' for n, (_k, t, s) in enumerate(_ROWS, 1)
    )
    html = f"<main><ul>{cards}</ul><ul>{links}</ul></main>"
    urls = [item.url or "" for item in extract_auto(html, page_url="https://dorf.test/").page.items]
    assert urls == [f"https://dorf.test/meldung/{s}-{n}" for n, (_k, _t, s) in enumerate(_ROWS, 1)]


_SECTIONS = [
    ("Sport", "Tabellenführer verliert im strömenden Regen", "tabelle"),
    ("Kultur", "Die Orgel kehrt in die Stadtkirche zurück", "orgel"),
    ("Wissen", "Schüler finden einen seltenen Käfer im Wald", "kaefer"),
    ("Politik", "Der Rat beschließt den Haushalt für nächstes Jahr", "rat"),
]


@pytest.mark.parametrize(("kicker", "want"), [("", None), ('<h4 class="x">Vorab</h4>', "Vorab")])
def test_a_section_heading_above_a_lone_teaser_is_no_category(
    kicker: str, want: str | None
) -> None:
    html = "<main>" + "".join(
        f'<section class="block"><h2>{s}</h2><div class="teaser">{kicker}'
        f'<h3><a href="/{s.lower()}/{g}-story-a-1{n}.html">{t}</a></h3>'
        f"<p>Ein Anrisstext mit einigen Wörtern über die Meldung Nummer {n}.</p></div></section>"
        for n, (s, t, g) in enumerate(_SECTIONS)
    )
    items = extract_auto(html + "</main>", page_url="https://x.test/").page.items
    assert [item.title for item in items] == [t for _s, t, _g in _SECTIONS]
    assert {item.category for item in items} == {want}


def test_two_lead_teasers_side_by_side_are_two_cards_of_a_small_module() -> None:
    def box(name: str, n: int) -> str:
        teasers = "".join(
            f'<div class="teaser {side}"><a href="/{name}/{slug}-{n}{i}.html">'
            f"<strong>Kicker</strong> <em>{title} in {name}</em></a>"
            f"<p>Ein Anrisstext über diese Geschichte, lang genug für einen Teaser im Block.</p>"
            f"</div>"
            for i, (side, (_k, title, slug)) in enumerate(
                zip(("left", "right"), _ROWS[:2], strict=True)
            )
        )
        return f'<div class="department">{teasers}</div>'

    html = "<main>" + "".join(box(name, n) for n, name in enumerate(("stadt", "land"))) + "</main>"
    urls = [item.url or "" for item in extract_auto(html, page_url="https://x.test/").page.items]
    assert urls == [
        f"https://x.test/{name}/{slug}-{n}{i}.html"
        for n, name in enumerate(("stadt", "land"))
        for i, (_k, _t, slug) in enumerate(_ROWS[:2])
    ]


def _rows_page(style: str, wrapper: str) -> str:
    cards = "".join(
        f'<li><h3><a href="/meldung/{s}-{n}">{t}</a></h3><p class="teaser">Ein Anrisstext '
        f"zur Meldung mit einigen Wörtern mehr.</p></li>"
        for n, (_k, t, s) in enumerate(_ROWS * 3, 1)
    )
    nav = "".join(f'<a href="/r{n}/">Rubrik {n}</a>' for n in range(4))
    return f"<style>{style}</style><nav>{nav}</nav><div class='{wrapper}'><ul>{cards}</ul></div>"


@pytest.mark.parametrize(
    ("style", "wrapper"),
    [
        (".loading{visibility:hidden}", "wrap loading"),  # shown once the page's script runs
        ("@media (max-width: 600px) { .col-main { display: none } }", "col-main"),
        (".col-main .teaser{display:none}", "col-main"),  # not a bare class rule
    ],
    ids=["content-hidden-until-loaded", "hidden-on-small-screens", "descendant-rule"],
)
def test_style_rules_that_do_not_hide_the_listing_from_readers(style: str, wrapper: str) -> None:
    items = extract_auto(_rows_page(style, wrapper), page_url="https://dorf.test/").page.items
    assert [item.title for item in items] == [t for _k, t, _s in _ROWS * 3]


ARTICLE_URLS = {
    "slug": ("https://h.test/news/the-harbour-opens-again", True),
    "id-query": ("https://h.test/showthread.php?t=9101", True),
    "opaque-id": ("https://h.test/articles/c3x9kq2vzo/simp", True),
    "section-with-tracking-tag": ("https://h.test/travel?hpt=hp_c5", False),
    "taxonomy": ("https://h.test/tag/fog-and-rain-at-sea/", False),
    "forum-index-script": ("https://h.test/forumdisplay.php?f=41", False),
    "other-site-front-page": ("https://partner.test/", False),
    "other-site-profile": ("https://social.test/harbourtown", False),
    "other-site-story": ("https://paper.test/2024/05/harbour", True),
}


@pytest.mark.parametrize(("url", "want"), ARTICLE_URLS.values(), ids=ARTICLE_URLS)
def test_looks_like_article(url: str, want: bool) -> None:
    assert looks_like_article(url, "h.test") is want


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("https://h.test/forum.php?f=41", True),
        ("https://h.test/forum.php?t=41", False),  # another key: a thread, not a forum
        ("https://h.test/index.php?view=article&id=5", False),
    ],
)
def test_is_sibling_listing(url: str, want: bool) -> None:
    page = (
        "https://h.test/forum.php?f=40"
        if "forum" in url
        else "https://h.test/index.php?view=category&id=3"
    )
    assert is_sibling_listing(url, page) is want
