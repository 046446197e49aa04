"""Front pages of department boxes: every box's headline list, however short, is a section."""

from __future__ import annotations

from pipelines import RawItem
from scraper.parse import extract_auto

SITE = "https://quayside.test/"

_MAIN_TEASER = (
    '<div class="teaser"><h2><a href="/news/{slug}-{n}.html">{title}</a></h2>'
    "<p>{summary} The council will decide on it at its next sitting in the town hall.</p>"
    "{related}</div>"
)
_MAIN = [
    ("ferry-timetable", "New ferry timetable starts with the summer season",
     "Boats will leave every twenty minutes from the north pier."),
    ("lighthouse-repairs", "Lighthouse repairs to take most of the autumn",
     "Scaffolding goes up around the tower next week."),
    ("market-square", "Market square gets new trees and more benches",
     "Planting begins as soon as the frost is over."),
    ("school-roof", "School roof leaks again after the heavy rain",
     "Two classrooms stay closed until the roofers are done."),
    ("tram-extension", "Tram line to be extended to the new estate",
     "Construction is planned to begin in the spring."),
    ("harbour-fees", "Harbour fees for yachts rise by a tenth",
     "Owners say the moorings are full anyway."),
]  # fmt: skip
_RELATED = (
    '<ul class="headlines"><li><a href="/news/ferry-crew-talks-71.html">Ferry crews and '
    'owners meet for pay talks</a></li><li><a href="/news/ferry-history-72.html">Two hundred '
    "years of ferries across the bay</a></li></ul>"
)
_BOX = (
    '<div class="dept-box"><h3 class="box-title"><a href="/{dept}/">{name}</a></h3>'
    '<div class="box-top"><h2><a href="/{dept}/{slug}-{n}.html">{title}</a></h2>'
    "<p>A longer summary of the department's top story, told in two full sentences. "
    "It says what happened and why it matters.</p></div>"
    '<ul class="headlines">{lines}</ul></div>'
)
_LINE = '<li><a href="{url}">{title}</a></li>'
# department, its top story, its headline list: three stories in two boxes, two in the others
_BOXES = [
    ("sport", "Rowing club wins the regatta for the third time", [
        ("/sport/keeper-injury-301.html", "Goalkeeper out for weeks with a knee injury"),
        ("/sport/swim-records-302.html", "Two club records fall at the indoor pool"),
        ("/sport/cycling-race-303.html", "Coastal cycling race draws a record field"),
    ]),
    ("culture", "Old customs house reopens as a museum of the sea", [
        ("/culture/choir-tour-311.html", "Harbour choir sets off on its first tour abroad"),
        ("/culture/film-week-312.html", "Film week shows twelve films shot along the coast"),
        ("/culture/library-hours-313.html", "Town library opens on Sunday afternoons"),
    ]),
    ("business", "Shipyard wins an order for three electric ferries", [
        ("/business/bakery-apprentices-321.html", "Bakeries look for apprentices in vain"),
        ("/business/port-volume-322.html", "Port handles more containers than ever before"),
    ]),
    ("science", "Marine biologists count more seals on the sandbanks", [
        ("/science/tide-gauge-331.html", "New tide gauge measures the sea level every minute"),
        ("/science/plankton-bloom-332.html", "Plankton bloom turns the bay green for a week"),
    ]),
]  # fmt: skip


def _front(boxes: list[tuple[str, str, list[tuple[str, str]]]] = _BOXES) -> str:
    main = "".join(
        _MAIN_TEASER.format(
            slug=slug, n=n, title=title, summary=summary, related=_RELATED if n == 1 else ""
        )
        for n, (slug, title, summary) in enumerate(_MAIN, 1)
    )
    departments = "".join(
        _BOX.format(
            dept=dept,
            name=dept.title(),
            slug="top-story",
            n=200 + n,
            title=title,
            lines="".join(_LINE.format(url=url, title=line) for url, line in lines),
        )
        for n, (dept, title, lines) in enumerate(boxes, 1)
    )
    return (
        '<html><body><main><div class="lead-column">'
        f'{main}</div><div class="boxes">{departments}</div></main></body></html>'
    )


def _items(html: str) -> list[RawItem]:
    return extract_auto(html, page_url=SITE).page.items


def _urls(html: str) -> set[str]:
    return {item.url or "" for item in _items(html)}


def test_a_box_of_two_headlines_printed_like_the_box_of_three_is_a_section() -> None:
    urls = _urls(_front())
    for _dept, _title, lines in _BOXES:
        assert {SITE + url[1:] for url, _ in lines} <= urls
    # the two related links inside the first teaser's text are no department list
    assert SITE + "news/ferry-crew-talks-71.html" not in urls
    first = _items(_front())[0]
    assert (first.summary or "").startswith("Boats will leave every twenty minutes")


def test_a_headline_list_repeating_a_story_of_another_box_is_still_a_section() -> None:
    repeated = ("/news/tram-extension-5.html", "Tram line to be extended to the new estate")
    boxes = [*_BOXES[:1], (_BOXES[1][0], _BOXES[1][1], [*_BOXES[1][2][:2], repeated])]
    boxes += _BOXES[2:]
    urls = _urls(_front(boxes))
    assert {SITE + url[1:] for url, _ in _BOXES[1][2][:2]} <= urls


def test_a_box_list_on_its_template_alone_keeps_only_its_links_to_stories() -> None:
    lines = [
        ("/science/tide-gauge-331.html", "New tide gauge measures the sea level every minute"),
        ("/tag/photos/", "Send us your photos of the storm on the coast"),
    ]
    boxes = [*_BOXES[:3], (_BOXES[3][0], _BOXES[3][1], lines)]
    urls = _urls(_front(boxes))
    assert SITE + "science/tide-gauge-331.html" in urls
    assert SITE + "tag/photos/" not in urls


def test_a_box_variant_class_is_the_same_template_and_another_list_class_is_not() -> None:
    premium = _front().replace('<li><a href="/science/', '<li><a class="premium" href="/science/')
    assert SITE + "science/tide-gauge-331.html" in _urls(premium)
    other = _front().replace(
        '<ul class="headlines"><li><a href="/science/', '<ul class="links"><li><a href="/science/'
    )
    assert SITE + "science/tide-gauge-331.html" not in _urls(other)


_SIDE_BOX = (
    '<div class="side-box"><h4 class="box-title">{name}</h4>'
    '<ul><li><a href="{url}">{title}</a></li></ul></div>'
)
_SIDE = [
    ("Headlines", "/service/all-articles-today-9001.html", "Every article of the day at a glance"),
    ("Tip-offs", "/service/reach-the-newsroom-9002.html", "How to reach our newsroom safely"),
    ("Quiz", "/service/weekly-news-quiz-9003.html", "Test what you know about the week"),
    ("Puzzles", "/service/crossword-of-the-week-9004.html", "Solve the crossword of the week"),
]  # fmt: skip


def test_side_boxes_of_one_link_each_are_no_list_of_cards() -> None:
    side = "".join(_SIDE_BOX.format(name=n, url=u, title=t) for n, u, t in _SIDE)
    html = _front().replace("</main>", f'<div class="side-column">{side}</div></main>')
    urls = _urls(html)
    assert {SITE + url[1:] for url, _ in _BOXES[0][2]} <= urls
    assert urls.isdisjoint(SITE + url[1:] for _, url, _ in _SIDE)


_TILE = (
    '<div class="tile"><h4><a href="{url}">{title}</a></h4>'
    "<p>{teaser} More in the full story, with pictures.</p></div>"
)
_TILES = [
    [("/features/new-pier-501.html", "Sea change", "The new pier opens to walkers on Saturday."),
     ("/features/airfield-502.html", "Hard landing", "The old airfield shuts after ninety years."),
     ("/features/choir-wins-503.html", "High notes", "The harbour choir takes first prize abroad."),
     ("/features/eel-count-504.html", "Slippery", "Volunteers count the eels in the mill race.")],
    [("/features/night-market-511.html", "After dark", "The night market returns to the quay."),
     ("/features/sail-school-512.html", "Learning ropes", "The sailing school takes adults too.")],
]  # fmt: skip
_WEATHER_TAB = (
    '<div class="tab"><h4><a href="/weather/index.php?city={code}">{city}</a></h4>'
    "<p>Sunny spells and a light breeze from the west, highs of nineteen degrees.</p></div>"
)


def test_promo_tiles_with_short_headlines_and_a_teaser_each_are_sections() -> None:
    modules = "".join(
        '<div class="feature-module">'
        + "".join(_TILE.format(url=u, title=t, teaser=x) for u, t, x in tiles)
        + "</div>"
        for tiles in _TILES
    )
    cities = (("N01", "Northport"), ("S02", "Southbay"), ("E03", "Eastcliff"))
    weather = "".join(_WEATHER_TAB.format(code=code, city=city) for code, city in cities)
    extra = f'{modules}<div class="weather">{weather}</div>'
    items = _items(_front().replace("</main>", f"{extra}</main>"))
    tiles = [(item.title, item.summary) for item in items if "/features/" in (item.url or "")]
    assert tiles == [
        (t, f"{x} More in the full story, with pictures.") for m in _TILES for _, t, x in m
    ]
    assert not [item for item in items if "/weather/" in (item.url or "")]
