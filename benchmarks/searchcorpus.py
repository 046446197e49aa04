"""A synthetic news corpus for the search benchmark, and its fixed list of 50 queries.

Real text is Zipf-distributed: a few words are everywhere, most are rare. scale.py's 72-word
vocabulary makes every word common, which would measure only the worst case, so here the
vocabulary is 30,000 made-up words (syllables from a fixed list) drawn with Zipf weights
(exponent 1.0): the top word is in about a third of the items, the words past rank 20,000 in
a few dozen of a million. Everything is a pure function of the seed: the same seed gives the
same items and the same queries.

The 50 queries: 15 rare words, 10 common words, 5 pairs of mid-frequency words, 10 phrases
(adjacent words lifted from generated titles, so each matches), 10 prefixes of 3-4 letters.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from itertools import accumulate

from pipelines import Item, with_content_hash

__all__ = ["SOURCES", "Corpus"]

SOURCES = 20
VOCABULARY = 30_000
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "zo",
]
_CATEGORIES = ("Ports", "Markets", "Weather", "Council", "Culture", "Science", "Transport")
_START = datetime(2024, 1, 1, tzinfo=UTC)
_ZONES = tuple(timedelta(hours=h) for h in (-5, 0, 1, 8, 9))


class Corpus:
    """Items `serial` 0..n-1 and the query list, from `seed`."""

    def __init__(self, seed: int = 14) -> None:
        rng = random.Random(seed)
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < VOCABULARY:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self._cumulative = list(accumulate(1.0 / rank for rank in range(1, VOCABULARY + 1)))
        self.seed = seed

    def _text(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self._cumulative, k=count)

    def item(self, serial: int) -> Item:
        """Item `serial` (source `serial % SOURCES`), the same every time."""
        rng = random.Random(self.seed * 1_000_003 + serial)
        source = f"s{serial % SOURCES:02d}"
        title = " ".join(self._text(rng, rng.randint(6, 10))).capitalize()
        summary = " ".join(self._text(rng, rng.randint(18, 30))).capitalize() + "."
        zone = _ZONES[serial % len(_ZONES)]
        local = (_START + timedelta(minutes=serial)).astimezone(timezone(zone))
        return with_content_hash(
            Item(
                url=f"https://{source}.bench.test/news/{serial}",
                title=title,
                source=source,
                summary=summary,
                published=local.isoformat(),
                published_at=local.astimezone(UTC),
                category=_CATEGORIES[serial % len(_CATEGORIES)],
            )
        )

    def pages(self, total: int, *, page_size: int = 100) -> Iterator[tuple[str, list[Item]]]:
        """The items in pages of one source each, `(source, items)`, `total` in all."""
        for start in range(0, total, page_size * SOURCES):
            by_source: dict[str, list[Item]] = {}
            for serial in range(start, min(total, start + page_size * SOURCES)):
                item = self.item(serial)
                by_source.setdefault(item.source, []).append(item)
            yield from by_source.items()

    def queries(self, total: int) -> list[tuple[str, str]]:
        """The fixed 50 `(kind, text)` queries for a corpus of `total` items (phrases come
        from titles among its first 50,000)."""
        rng = random.Random(self.seed + 1)
        w = self.words
        rare = [w[i] for i in rng.sample(range(20_000, VOCABULARY), 15)]
        common = [w[i] for i in rng.sample(range(0, 40), 10)]
        mid = rng.sample(range(100, 1000), 10)
        pairs = [f"{w[mid[2 * k]]} {w[mid[2 * k + 1]]}" for k in range(5)]
        phrases = []
        for serial in rng.sample(range(0, min(total, 50_000)), 10):
            title = self.item(serial).title.lower().split()
            at = rng.randrange(len(title) - 1)
            phrases.append(f'"{title[at]} {title[at + 1]}"')
        prefixes = [w[i][: rng.choice((3, 4))] + "*" for i in rng.sample(range(50, 2000), 10)]
        return [
            *(("rare", q) for q in rare),
            *(("common", q) for q in common),
            *(("pair", q) for q in pairs),
            *(("phrase", q) for q in phrases),
            *(("prefix", q) for q in prefixes),
        ]
