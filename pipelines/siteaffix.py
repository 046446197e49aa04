"""Strip a site name that a source glues to its titles: "Port reopens | Harbour Ledger",
"Harbour Ledger – Port reopens".

Learned from repetition, not from a list of names: the same text after the last separator (or
before the first) on most of a source's distinct headlines is the site's name, not the story's.
Two rules decide, and either is enough:

- the page: at least `MIN_TITLES` of its titles and `MIN_SHARE` of them carry it (a page
  decides for itself, as dates do: `for_page`);
- the source: its `AffixEvidence`, counted over every distinct headline it showed so far, on
  this run's pages and earlier runs' (the crawl loads it from storage at a run's start, hands
  it to `Pipeline.process` page after page, and has storage keep what comes back). So a feed,
  a source whose pages hold two cards each, or a page where only some titles carry the name,
  is cleaned too.

A headline is evidence once: seeing it again (the next run's first page) adds nothing, so a
series whose prefix changes from card to card ("Notice 235/2025 – ...") never gathers
repetition, however often it is crawled. The affix must be short (`MAX_WORDS`). A title that
is nothing but the affix is kept whole. `Item.title_raw` keeps the title as the page wrote it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipelines.items import Item
from pipelines.normalize import clean_text

__all__ = ["AffixEvidence", "SiteAffixStage", "learn_site_affix", "site_affix_stage"]

# The separators sites put between a headline and their name (after NFKC).
SEPARATORS = (" | ", " – ", " — ", " - ", " · ", " :: ", " // ")
MIN_TITLES = 3
MIN_SHARE = 0.6
MAX_WORDS = 5
# Bounds on what a source's evidence holds (it is stored as one row per source): the newest
# headlines remembered as seen (far more than a re-crawl meets again: max_pages x cards; each
# page copies them, ~12 µs a thousand), the candidates kept per side, and the headline count
# past which old counts fade in proportion (so a renamed site's new name wins in time).
MAX_SEEN = 1000
MAX_CANDIDATES = 40
MAX_TITLES = 1000

Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class AffixEvidence:
    """What a source's distinct headlines taught so far.

    `titles` is how many were counted, `suffixes` / `prefixes` how many of them carried each
    candidate (separator included), most first; `seen` the fingerprints of the newest
    headlines (oldest first), so a headline seen again is not counted twice. Immutable: `add`
    returns the next evidence.
    """

    titles: int = 0
    suffixes: Counts = ()
    prefixes: Counts = ()
    seen: tuple[int, ...] = ()

    def add(self, titles: Iterable[str | None]) -> AffixEvidence:
        """This evidence plus the headlines among `titles` not seen before."""
        known = set(self.seen)
        fresh: list[str] = []
        prints: list[int] = []
        for text in map(clean_text, titles):
            if not text:
                continue
            mark = _fingerprint(text)
            if mark in known:
                continue
            known.add(mark)
            fresh.append(text)
            prints.append(mark)
        if not fresh:
            return self
        suffixes, prefixes = _candidates(fresh)
        total = self.titles + len(fresh)
        scale = min(1.0, MAX_TITLES / total)
        return AffixEvidence(
            titles=min(total, MAX_TITLES),
            suffixes=_merge(suffixes, self.suffixes, scale),
            prefixes=_merge(prefixes, self.prefixes, scale),
            seen=(*self.seen, *prints)[-MAX_SEEN:],
        )

    def affixes(self) -> tuple[str | None, str | None]:
        """(suffix, prefix) that enough of the source's headlines carry, or None each."""
        needed = max(MIN_TITLES, MIN_SHARE * self.titles)
        return _top(self.suffixes, needed), _top(self.prefixes, needed)


@dataclass(frozen=True, slots=True)
class SiteAffixStage:
    """The stage: drop `suffix` (separator included) from the end of a title, `prefix` from
    its start. Built empty; `for_page` learns them from the page's titles and the source's
    evidence."""

    suffix: str | None = None
    prefix: str | None = None

    def __call__(self, item: Item) -> Item:
        title = item.title
        if self.suffix and title.endswith(self.suffix) and len(title) > len(self.suffix):
            title = title[: -len(self.suffix)].rstrip()
        if self.prefix and title.startswith(self.prefix) and len(title) > len(self.prefix):
            title = title[len(self.prefix) :].lstrip()
        if title == item.title:
            return item
        return Item(
            url=item.url,
            title=title,
            source=item.source,
            summary=item.summary,
            published=item.published,
            published_at=item.published_at,
            published_raw=item.published_raw,
            category=item.category,
            content_hash=item.content_hash,
            published_tolerance_s=item.published_tolerance_s,
            title_raw=item.title_raw,
            summary_raw=item.summary_raw,
        )

    def for_page(
        self, titles: Sequence[str | None], evidence: AffixEvidence | None = None
    ) -> SiteAffixStage:
        """This stage for one page: the affixes its titles repeat, else those `evidence` (the
        source's, this page included) holds."""
        suffix, prefix = learn_site_affix(titles)
        if evidence is not None and (suffix is None or prefix is None):
            known_suffix, known_prefix = evidence.affixes()
            suffix, prefix = suffix or known_suffix, prefix or known_prefix
        return SiteAffixStage(suffix=suffix, prefix=prefix)


def site_affix_stage() -> SiteAffixStage:
    """The stage as the pipeline holds it, before any page taught it an affix."""
    return SiteAffixStage()


def learn_site_affix(titles: Sequence[str | None]) -> tuple[str | None, str | None]:
    """(suffix, prefix) repeated on enough of one page's `titles`, each with its separator."""
    cleaned = [text for text in map(clean_text, titles) if text]
    suffixes, prefixes = _candidates(cleaned)
    needed = max(MIN_TITLES, MIN_SHARE * len(cleaned))
    return _repeated(suffixes, needed), _repeated(prefixes, needed)


def _candidates(titles: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """How many of `titles` end with each short " | Tail", start with each short "Head – "."""
    suffixes: Counter[str] = Counter()
    prefixes: Counter[str] = Counter()
    for title in titles:
        for separator in SEPARATORS:
            if separator not in title:
                continue
            head, _, tail = title.rpartition(separator)
            if head and _is_name(tail):
                suffixes[separator + tail] += 1
            first, _, rest = title.partition(separator)
            if rest and _is_name(first):
                prefixes[first + separator] += 1
    return suffixes, prefixes


def _merge(fresh: Counter[str], old: Counts, scale: float) -> Counts:
    """`fresh` + `old`, scaled down by `scale` (whole counts: a one-off fades to nothing), most
    first and at most `MAX_CANDIDATES`; on a tie the newer candidate stays."""
    merged = Counter(fresh)
    for text, count in old:
        merged[text] += count
    if scale < 1.0:
        merged = Counter({text: int(count * scale) for text, count in merged.items()})
    return tuple((text, count) for text, count in merged.most_common(MAX_CANDIDATES) if count > 0)


def _top(counts: Counts, needed: float) -> str | None:
    if not counts:
        return None
    text, count = counts[0]
    return text if count >= needed else None


def _fingerprint(title: str) -> int:
    """A stable 48-bit mark of a headline (exact in JSON and in any language's numbers)."""
    return int.from_bytes(hashlib.blake2b(title.encode(), digest_size=6).digest(), "big")


def _is_name(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_WORDS


def _repeated(counts: Counter[str], needed: float) -> str | None:
    if not counts:
        return None
    text, count = counts.most_common(1)[0]
    return text if count >= needed else None
