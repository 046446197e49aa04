"""A headline link that holds a kicker and the headline in parts its classes name."""

from __future__ import annotations

import pytest

from pipelines import RawItem
from scraper.parse import extract_auto

# (kicker, headline, slug): the kickers are longer than their headlines, as on many front pages
_STORIES = [
    ("Ein Winter auf der Hallig", "Landunter", "hallig"),
    ("Der Streit um die neue Brücke", "Zu teuer?", "bruecke"),
    ("Besuch in der letzten Mühle", "Mahlgang", "muehle"),
]


def _front(card: str) -> list[RawItem]:
    """The items of a front page listing one card per story, `card` formatted per story."""
    cards = "".join(
        card.format(n=n, kicker=k, title=t, slug=s) for n, (k, t, s) in enumerate(_STORIES, 1)
    )
    return extract_auto(f"<main>{cards}</main>", page_url="https://inselbote.test/").page.items


NAMED = {
    "headline-intro": ("headline-intro", "headline"),
    "kicker-title": ("teaser__kicker", "teaser__title"),
    "overline": ("overline", "card-headline"),
    "topline": ("topline", "head"),
    "pre-title": ("pre-title", "title"),
    "surtitre-unnamed-headline": ("surtitre", ""),
    "unnamed-kicker-named-headline": ("", "story-title"),
}


@pytest.mark.parametrize(("kicker_class", "title_class"), NAMED.values(), ids=NAMED)
def test_classes_that_name_kicker_and_headline_split_them_whatever_their_lengths(
    kicker_class: str, title_class: str
) -> None:
    items = _front(
        '<div class="teaser"><h2><a href="/insel/{slug}-a-{n}.html">'
        f'<span class="{kicker_class}">{{kicker}}</span> '
        f'<span class="{title_class}">{{title}}</span></a></h2>'
        "<p>Ein Anrisstext mit genug Wörtern für diese Geschichte Nummer {n}.</p></div>"
    )
    assert [(item.title, item.category) for item in items] == [(t, k) for k, t, _ in _STORIES]


def test_a_byline_before_the_kicker_is_neither_kicker_nor_title() -> None:
    items = _front(
        '<div class="opinion"><h2><a href="/meinung/{slug}-a-{n}.html">'
        '<img src="/autor-{n}.jpg"><span class="headline-author">Jo Beispiel</span> '
        '<span class="headline-intro">{kicker}:</span> <span class="headline">{title}</span>'
        "</a></h2></div>"
    )
    assert [(item.title, item.category) for item in items] == [(t, k) for k, t, _ in _STORIES]


def test_a_long_kicker_split_from_its_headline_stays_the_category() -> None:
    kicker = "Aufgezeichnet im Gespräch mit einer Schleusenwärterin"  # 41-60 characters
    html = "".join(
        f'<li><a href="/leben/protokoll-{n}.html"><span class="dachzeile">{kicker}</span> '
        f'<span class="titel">Was ein gewöhnlicher Tag am Kanal Nummer {n} alles mit sich '
        f"bringen kann</span></a></li>"
        for n in range(1, 4)
    )
    items = extract_auto(f"<main><ul>{html}</ul></main>", page_url="https://x.test/").page.items
    assert [item.category for item in items] == [kicker] * 3


def test_a_kicker_its_class_names_may_run_to_more_words_than_an_unnamed_one() -> None:
    kicker = "Ein Fischer über die Jahre auf dem Kutter"  # seven words, under 60 characters
    html = "".join(
        f'<li><a href="/leben/kutter-{n}.html"><span class="headline-intro">{kicker}:</span> '
        f'<span class="headline">Das Meer ist anders geworden, Teil {n}</span></a></li>'
        for n in range(1, 4)
    )
    items = extract_auto(f"<main><ul>{html}</ul></main>", page_url="https://x.test/").page.items
    assert [(item.title, item.category) for item in items] == [
        (f"Das Meer ist anders geworden, Teil {n}", kicker) for n in range(1, 4)
    ]


def test_the_kicker_is_not_read_as_the_start_of_the_teaser() -> None:
    kicker = "Ein Besuch bei den letzten Fischern"  # reads like a sentence: five words or more
    html = "".join(
        f'<div class="teaser"><h3><a href="/hafen/fischer-{n}.html">'
        f'<span class="kicker">{kicker}</span> '
        f'<span class="headline">Am Hafen wird jeden Morgen noch Hering Nummer {n} verkauft</span>'
        f"</a></h3><p>Drei Boote fahren noch hinaus, und die Kundschaft wartet schon am Steg.</p>"
        f"</div>"
        for n in range(1, 4)
    )
    items = extract_auto(f"<main>{html}</main>", page_url="https://x.test/").page.items
    assert [item.summary for item in items] == [
        "Drei Boote fahren noch hinaus, und die Kundschaft wartet schon am Steg."
    ] * 3
    assert {item.category for item in items} == {kicker}


def test_a_headline_with_its_kicker_split_off_still_reads_its_teaser_beside_it() -> None:
    html = "".join(
        f'<h2 class="article-title"><a href="/wirtschaft/{s}-a-{n}.html">'
        f'<span class="headline-intro">{k}</span> <span class="headline">{t}</span></a></h2>'
        f'<p class="article-intro">Ein Anrisstext, der neben der Überschrift steht, Nummer {n}.</p>'
        for n, (k, t, s) in enumerate(_STORIES, 1)
    )
    items = extract_auto(f"<main><div>{html}</div></main>", page_url="https://x.test/").page.items
    assert [(item.title, item.summary) for item in items] == [
        (t, f"Ein Anrisstext, der neben der Überschrift steht, Nummer {n}.")
        for n, (_k, t, _s) in enumerate(_STORIES, 1)
    ]


def test_the_kicker_in_the_headline_link_comes_before_a_category_link_in_the_box() -> None:
    html = "".join(
        f'<div class="box"><ul class="nav"><li><a href="/thema/{s}/">Rubrik {n}</a></li></ul>'
        f'<h2><a href="/leben/{s}-a-{n}.html"><span class="headline-intro">{k}</span> '
        f'<span class="headline">{t}: eine Geschichte, länger als ihre Dachzeile</span></a></h2>'
        f"<p>Ein Anrisstext mit genug Wörtern für diese Geschichte Nummer {n}.</p></div>"
        for n, (k, t, s) in enumerate(_STORIES, 1)
    )
    items = extract_auto(f"<main>{html}</main>", page_url="https://x.test/").page.items
    assert [item.category for item in items] == [k for k, _t, _s in _STORIES]


def test_a_link_holding_header_and_teaser_keeps_its_heading_as_the_title() -> None:
    """A blog card whose one link holds a header (tag line and heading) and the teaser: the
    short header is no kicker of the longer teaser."""
    card = (
        '<article class="post-card"><a class="post-card-content-link" href="/{slug}-post/">'
        '<header><div class="post-card-primary-tag">Inseln</div><h2>{title}</h2></header>'
        "<section><p>Die Fähre fährt wieder nach Plan, und die Schule öffnet am Montag.</p>"
        "</section></a></article>"
    )
    items = _front(card)
    assert [(item.title, item.category) for item in items] == [
        (title, "Inseln") for _, title, _ in _STORIES
    ]
    assert {item.summary for item in items} == {
        "Die Fähre fährt wieder nach Plan, und die Schule öffnet am Montag."
    }
