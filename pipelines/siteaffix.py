"""Strip a site name that a listing glues to every title: "Port reopens | Harbour Ledger",
"Harbour Ledger – Port reopens".

Learned from repetition, not from a list of names: on one page, the same text after the last
separator (or before the first) on most titles is the site's name, not the story's. A page
decides for itself, as dates do (`for_page`), so a source's pages need no memory between them.
At least `MIN_TITLES` titles and `MIN_SHARE` of the page must carry it, and it must be short
(`MAX_WORDS`): a real headline pattern ("Notice 235/2025: ...") differs from card to card and
is kept. A title that is nothing but the affix is kept whole. `Item.title_raw` keeps the title
as the page wrote it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.items import Item
from pipelines.normalize import clean_text

__all__ = ["SiteAffixStage", "learn_site_affix", "site_affix_stage"]

# The separators sites put between a headline and their name (after NFKC).
SEPARATORS = (" | ", " – ", " — ", " - ", " · ", " :: ", " // ")
MIN_TITLES = 3
MIN_SHARE = 0.6
MAX_WORDS = 5


@dataclass(frozen=True, slots=True)
class SiteAffixStage:
    """The stage: drop `suffix` (separator included) from the end of a title, `prefix` from
    its start. Built empty; `for_page` learns them from the page's titles."""

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

    def for_page(self, titles: Sequence[str | None]) -> SiteAffixStage:
        """This stage for one page: the affixes its titles repeat."""
        suffix, prefix = learn_site_affix(titles)
        return SiteAffixStage(suffix=suffix, prefix=prefix)


def site_affix_stage() -> SiteAffixStage:
    """The stage as the pipeline holds it, before any page taught it an affix."""
    return SiteAffixStage()


def learn_site_affix(titles: Sequence[str | None]) -> tuple[str | None, str | None]:
    """(suffix, prefix) repeated on enough of `titles`, each with its separator, or None."""
    cleaned = [text for text in map(clean_text, titles) if text]
    suffixes: Counter[str] = Counter()
    prefixes: Counter[str] = Counter()
    for title in cleaned:
        for separator in SEPARATORS:
            if separator not in title:
                continue
            head, _, tail = title.rpartition(separator)
            if head and _is_name(tail):
                suffixes[separator + tail] += 1
            first, _, rest = title.partition(separator)
            if rest and _is_name(first):
                prefixes[first + separator] += 1
    needed = max(MIN_TITLES, MIN_SHARE * len(cleaned))
    return _repeated(suffixes, needed), _repeated(prefixes, needed)


def _is_name(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_WORDS


def _repeated(counts: Counter[str], needed: float) -> str | None:
    if not counts:
        return None
    text, count = counts.most_common(1)[0]
    return text if count >= needed else None
