"""The demo site's stories: invented text, generated the same way on every run.

Three listings, each a different kind of site: a customs and trade news desk, a logistics blog
and a port's bulletin board. Headlines and teasers are drawn from our own word lists with
`random.Random(SEED)`, so the site, its ETags and the set of URLs a crawl must find never change.
The listings also carry what makes real crawling hard: a story listed by two sources, a link
with utm_ tracking parameters next to the same story without them, a link with a fragment, and
cards without a date or a category.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

__all__ = [
    "BLOG",
    "CARDS_PER_PAGE",
    "PORTS",
    "SEED",
    "TRADE",
    "Card",
    "Listing",
    "Story",
    "listings",
]

SEED = 20250729
CARDS_PER_PAGE = 20
TRADE, BLOG, PORTS = "trade", "blog", "ports"
_PAGES = 5
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "the", "to", "with"}
)

_TRADE_WORDS = {
    "subject": [
        "Border agencies",
        "Customs brokers",
        "Freight forwarders",
        "Trade ministers",
        "Regional customs unions",
        "Inspection teams",
        "Tariff committees",
        "Exporters' councils",
        "Clearance offices",
        "Revenue authorities",
    ],
    "verb": [
        "pilot",
        "expand",
        "review",
        "simplify",
        "publish",
        "revise",
        "digitise",
        "align",
        "audit",
        "streamline",
    ],
    "object": [
        "single-window filings",
        "origin certificates",
        "bonded warehouse rules",
        "advance cargo declarations",
        "tariff classification notes",
        "duty deferment schemes",
        "trusted trader programmes",
        "e-invoice checks",
        "transit guarantees",
        "valuation guidance",
    ],
    "tail": [
        "for small shippers",
        "ahead of peak season",
        "across three corridors",
        "after consultation",
        "with new data rules",
        "at inland depots",
        "for perishable goods",
        "for shippers & brokers",
    ],
    "category": ["Logistics", "Compliance", "Tariffs", "Trade Policy", "Enforcement"],
}
_BLOG_WORDS = {
    "subject": [
        "Warehouse teams",
        "Last-mile carriers",
        "Cold-chain operators",
        "Fleet planners",
        "Pallet networks",
        "Rail freight desks",
        "Inventory managers",
        "Cross-dock sites",
    ],
    "verb": [
        "rethink",
        "test",
        "measure",
        "automate",
        "reroute",
        "consolidate",
        "benchmark",
        "forecast",
    ],
    "object": [
        "returns handling",
        "pick-path layouts",
        "route density",
        "dock scheduling",
        "empty-mile ratios",
        "yard traffic",
        "slotting rules",
        "pick & pack stations",
    ],
    "tail": [
        "before the holiday rush",
        "with simple sensors",
        "on a tight budget",
        "in five steps",
        "without new software",
        "for mixed loads",
    ],
    "category": ["Warehousing", "Transport", "Technology", "Sustainability", "Planning"],
}
_PORT_WORDS = {
    "place": [
        "North Quay",
        "Eastern Basin",
        "Container Terminal 2",
        "Bulk Pier",
        "Ro-Ro Berth 5",
        "Anchorage B",
        "Inner Harbour",
        "Fuel Jetty",
        "Kai Süd",
    ],
    "event": [
        "closed for maintenance",
        "dredging extended",
        "draft limit revised",
        "night operations resume",
        "new booking window",
        "speed limit in force",
        "crane outage resolved",
        "pilot boarding point moved",
    ],
    "category": [
        "Berth Schedule",
        "Channel Works",
        "Tariff Notice",
        "Pilotage",
        "Weather Advisory",
        "Terminal Hours",
    ],
}
_OPENERS = [
    "Officials said the change",
    "The working group noted that the update",
    "According to the notice, the measure",
    "Operators expect the plan",
    "A draft circular says the step",
]
_EFFECTS = [
    "should cut waiting times at busy crossings",
    "will require two new data fields from declarants",
    "follows a year of trial runs at two terminals",
    "aims to reduce paper handling for routine shipments",
    "is open for comment until the end of the quarter",
    "brings fees in line with neighbouring markets",
]
_CLOSERS = [
    "Further guidance is due in the coming weeks.",
    "Brokers have asked for a longer transition period.",
    "Details will follow at the next industry briefing.",
    "The rollout starts with a small group of importers.",
    "Questions can be sent to the local service desk.",
    "A review is planned after the first six months.",
]


@dataclass(frozen=True, slots=True)
class Story:
    """One article: `path` is its canonical location on the demo site (no query, no fragment).

    `published` is naive local time in the publishing source's timezone.
    """

    path: str
    title: str
    summary: str
    published: datetime
    category: str
    body: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """A story as one listing shows it: the href as written, and which parts it leaves out."""

    story: Story
    href: str
    has_date: bool = True
    has_category: bool = True
    is_featured: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    """A source's listing pages, newest first, each a tuple of cards."""

    key: str
    pages: tuple[tuple[Card, ...], ...]


@lru_cache(maxsize=1)
def listings() -> dict[str, Listing]:
    """The three listings, keyed TRADE, BLOG, PORTS; identical on every call and every run."""
    rng = random.Random(SEED)
    trade = _trade_stories(rng, _PAGES * CARDS_PER_PAGE - 2)
    blog = _blog_stories(rng, _PAGES * CARDS_PER_PAGE - 1)
    ports = _port_stories(rng, _PAGES * CARDS_PER_PAGE)
    return {
        TRADE: Listing(
            TRADE, _paged(_trade_cards(trade, shared=ports[3], tracked=blog[40], notice=ports[5]))
        ),
        BLOG: Listing(BLOG, _paged(_blog_cards(blog, featured=blog[24]))),
        PORTS: Listing(PORTS, _paged(_port_cards(ports))),
    }


def _trade_cards(
    stories: list[Story], *, shared: Story, tracked: Story, notice: Story
) -> list[Card]:
    # Every 9th card lacks the date and category line; every 13th has a date only.
    cards = [
        Card(s, s.path, has_date=i % 9 != 4, has_category=i % 9 != 4 and i % 13 != 7)
        for i, s in enumerate(stories)
    ]
    copy = _cross_post(notice)  # in place of a story of its own: the pages keep their size
    cards[12] = Card(copy, copy.path)
    cards.insert(6, Card(shared, shared.path))  # a port notice, re-posted by the news desk
    link = f"{tracked.path}?utm_source=trade-news&utm_medium=referral"
    cards.insert(31, Card(tracked, link))  # a blog post, linked with tracking parameters
    return cards


def _blog_cards(stories: list[Story], *, featured: Story) -> list[Card]:
    link = f"{featured.path}?utm_source=newsletter&utm_medium=email&utm_campaign=weekly"
    sticky = Card(featured, link, is_featured=True)  # also listed plainly on page 2
    return [sticky] + [Card(s, s.path, has_category=i % 11 != 3) for i, s in enumerate(stories)]


def _port_cards(stories: list[Story]) -> list[Card]:
    # Links are relative to the pages' <base href="/ports/">; one carries a fragment.
    return [
        Card(s, s.path.removeprefix("/ports/") + ("#details" if i % 17 == 5 else ""))
        for i, s in enumerate(stories)
    ]


def _cross_post(notice: Story) -> Story:
    """The news desk's own copy of a port notice: its URL and headline, the same teaser, a few
    hours later. Near-duplicate detection links it to the notice (`--collapse`)."""
    number, _, news = notice.title.partition(": ")
    title = f"{_headline(news)} ({number.replace('Notice', 'Port Notice')})"
    path = f"/trade/news/notice-{_slug(title)}"
    return Story(
        path, title, notice.summary, notice.published + timedelta(hours=3), "Ports", notice.body
    )


def _paged(cards: list[Card]) -> tuple[tuple[Card, ...], ...]:
    return tuple(
        tuple(cards[start : start + CARDS_PER_PAGE])
        for start in range(0, len(cards), CARDS_PER_PAGE)
    )


def _trade_stories(rng: random.Random, count: int) -> list[Story]:
    words = _TRADE_WORDS
    stories = []
    day = datetime(2025, 9, 30, 9, 0)
    for number, title in enumerate(_titles(rng, words, count, headline_case=True)):
        slug = f"{1400 - number:04d}-{_slug(title)}"
        stories.append(_story(rng, f"/trade/news/{slug}", title, day, words["category"]))
        day -= timedelta(days=rng.randint(0, 2))
    return stories


def _blog_stories(rng: random.Random, count: int) -> list[Story]:
    words = _BLOG_WORDS
    stories = []
    moment = datetime(2025, 9, 29, 16, 45)
    for title in _titles(rng, words, count, headline_case=False):
        path = f"/logistics/blog/{moment:%Y/%m}/{_slug(title)}"
        stories.append(_story(rng, path, title, moment, words["category"]))
        earlier = moment - timedelta(days=rng.randint(1, 2))
        moment = earlier.replace(hour=rng.randint(7, 18), minute=rng.choice([0, 15, 30, 45]))
    return stories


def _port_stories(rng: random.Random, count: int) -> list[Story]:
    words = _PORT_WORDS
    stories = []
    day = datetime(2025, 9, 30, 7, 0)
    for index in range(count):
        number = 240 - index
        place, event = rng.choice(words["place"]), rng.choice(words["event"])
        title = f"Notice {number}/{day.year}: {place} {event}"
        path = f"/ports/notices/{day.year}-{number:03d}-{_slug(place)}.html"
        stories.append(_story(rng, path, title, day, words["category"]))
        day -= timedelta(days=rng.randint(0, 1))
    return stories


def _titles(
    rng: random.Random, words: dict[str, list[str]], count: int, *, headline_case: bool
) -> list[str]:
    seen: set[str] = set()
    titles: list[str] = []
    while len(titles) < count:
        parts = [rng.choice(words[key]) for key in ("subject", "verb", "object", "tail")]
        title = " ".join(parts)
        if title not in seen:
            seen.add(title)
            titles.append(_headline(title) if headline_case else title)
    return titles


def _story(
    rng: random.Random, path: str, title: str, published: datetime, categories: list[str]
) -> Story:
    teaser = f"{rng.choice(_OPENERS)} {rng.choice(_EFFECTS)}. {rng.choice(_CLOSERS)}"
    body = tuple(f"{rng.choice(_OPENERS)} {rng.choice(_EFFECTS)}." for _ in range(3))
    return Story(path, title, teaser, published, rng.choice(categories), body)


def _headline(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
