"""parse_feed on one invented feed per format: every field of every entry, and the feed's own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipelines import RawItem
from scraper.parse.feeds.entries import FeedPage, parse_feed

FEED_URL = "https://feeds.test/x/feed"

RSS20_ITEMS = [
    RawItem(
        title="Bridge on Elm Street closes for repairs",
        url="https://courier.millbrook.test/2024/05/elm-bridge",
        summary="The roads office expects work to last three weeks.",
        date="2024-05-14T18:05:00-04:00",
        category="Roads",
    ),
    RawItem(
        title="Library extends Sunday hours",
        url="https://courier.millbrook.test/2024/05/library-sundays",
        summary="Doors open at noon from June.",
        date="2024-05-13T09:00:00+00:00",
    ),
    RawItem(
        title="Wire: regional weather outlook",
        url=None,  # its guid is an http URL, but isPermaLink="false" says it is not the page
        summary="Showers later in the week.",
        date="2024-05-12T07:15:00+00:00",
    ),
    RawItem(
        title="Photo gallery: the spring parade",
        url="https://feeds.test/2024/05/parade-gallery",
        summary="Forty floats and two bands.",
        date="2024-05-11T20:00:00+01:00",
    ),
]
RSS10_ITEMS = [
    RawItem(
        title="Minutes of meeting 42",
        url="https://orchard-ward.test/minutes/42",
        summary="The council agreed to repaint the bandstand.",
        date="2024-04-09T19:30:00+02:00",
        category="Minutes",
    ),
    RawItem(
        title="Minutes of meeting 41",
        url="https://orchard-ward.test/minutes/41",
        summary="Budget for the spring fair approved.",
        date="2024-03-12",
        category="Minutes",
    ),
]
RSS091_ITEMS = [
    RawItem(
        title="Ferry timetable changes for the winter season",
        url="https://lantern-quay.test/notices/ferry-winter",
        summary="The early crossing moves to half past seven.",
    ),
    RawItem(
        title="Café on pier two reopens",
        url="https://lantern-quay.test/notices/pier-two-cafe",
        summary="New owners, same view — and longer hours.",
    ),
]
ATOM_ITEMS = [
    RawItem(
        title="Le marché du samedi & ses producteurs",
        url="https://carnet.riviere.test/blogue/2024/06/marche-du-samedi",
        summary="Douze étals, trois nouveaux.",
        date="2024-06-01T07:30:00-04:00",
        category="Marché",
    ),
    RawItem(
        title="Crue printanière : bilan",
        url="https://carnet.riviere.test/archives/crue-bilan.html",
        summary="Le niveau a baissé. Les quais rouvrent.",
        date="2024-05-28T21:10:00+00:00",
        category="meteo",
    ),
    RawItem(
        title="Balises <pre> et <code> : un aide-mémoire",
        url="https://autre.riviere.test/notes/balises",
        summary="Seulement du contenu, sans résumé.",
        date="2024-05-20T12:00:00+01:00",
    ),
]
JSON_ITEMS = [
    RawItem(
        title="Counting anemones at low tide",
        url="https://feeds.test/notes/anemones",
        summary="We counted forty on the north rocks.",
        date="2024-01-20T06:45:00+11:00",
        category="survey",
    ),
    RawItem(
        title="Shore crabs moult",
        url="https://tidepool.test/notes/crabs",
        summary="Empty shells everywhere this week.",
        date="2024-01-18T10:00:00+11:00",
    ),
]

FORMATS = {
    "rss-2.0": (
        "rss20.xml",
        FeedPage(
            RSS20_ITEMS, "Millbrook Evening Courier", "https://feeds.test/feed/?page=2", "en-us"
        ),
    ),
    "rss-1.0-rdf": ("rss10-rdf.xml", FeedPage(RSS10_ITEMS, "Orchard Ward Council", None, "nl")),
    "rss-0.91": ("rss091.xml", FeedPage(RSS091_ITEMS, "Lantern Quay Bulletin", None, "en-gb")),
    "atom-1.0": (
        "atom10.xml",
        FeedPage(
            ATOM_ITEMS,
            "Carnet de la Rivière",
            "https://carnet.riviere.test/blogue/atom.xml?page=2",
            "fr-CA",
        ),
    ),
    "json-feed-1.1": (
        "jsonfeed.json",
        FeedPage(JSON_ITEMS, "Tidepool Notes", "https://feeds.test/x/feed.json?page=2", "en-AU"),
    ),
}


@pytest.mark.parametrize(("name", "want"), FORMATS.values(), ids=FORMATS)
def test_parse_feed_reads_every_field(
    feed_bytes: Callable[[str], bytes], name: str, want: FeedPage
) -> None:
    assert parse_feed(feed_bytes(name), feed_url=FEED_URL) == want


@pytest.mark.parametrize(("name", "want"), FORMATS.values(), ids=FORMATS)
def test_parse_feed_reads_text_like_bytes(
    feed_bytes: Callable[[str], bytes], name: str, want: FeedPage
) -> None:
    text = feed_bytes(name).decode("utf-8")
    assert parse_feed(text, feed_url=FEED_URL) == want


def test_empty_channel_is_an_empty_page_not_an_error(feed_bytes: Callable[[str], bytes]) -> None:
    page = parse_feed(feed_bytes("empty-channel.xml"), feed_url=FEED_URL)
    assert page == FeedPage(items=[], title="Nothing yet", next_url=None, language=None)


def test_podcast_items_link_to_episode_pages_not_enclosures(
    feed_bytes: Callable[[str], bytes],
) -> None:
    page = parse_feed(feed_bytes("podcast-rss.xml"), feed_url=FEED_URL)
    assert [item.url for item in page.items] == [
        "https://gearwheel.test/gw12-standuhr",
        "https://gearwheel.test/gw11-naehmaschinen",
        "https://gearwheel.test/gw10-fragen",  # a permalink guid stands in for the link
    ]
    assert [item.summary for item in page.items] == [
        "Wir zerlegen eine Standuhr aus dem Jahr 1890.",
        "Von der Handkurbel zum Fußpedal.",  # itunes:summary alone
        None,
    ]
    assert [item.date for item in page.items] == [
        "2024-02-09T21:30:00+01:00",
        "2024-01-12T21:30:00-08:00",  # PST
        "2023-12-29T21:30:00-05:00",  # EST
    ]
    assert page.language == "de-AT"


def test_atom_link_rels_pick_the_alternate_html_page(feed_bytes: Callable[[str], bytes]) -> None:
    page = parse_feed(feed_bytes("atom-link-rels.xml"), feed_url=FEED_URL)
    assert [item.url for item in page.items] == [
        "https://radio.kestrel.test/shows/morning-0210",  # not self, replies or enclosure
        "https://radio.kestrel.test/shows/morning-0209",  # text/html before the PDF alternate
        "https://radio.kestrel.test/shows/evening-0208",  # no alternate: the http(s) id
        None,  # no alternate and a tag: id, so no page to link to
    ]
