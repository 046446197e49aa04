"""Near-duplicate keys and the same-story test: pure functions, no I/O (storage does lookups).

One story reaches us from several sites with rewritten headlines and ledes. Two stages find
it among millions of stored items without a scan:

1. Candidates (`story_keys`): the words of title and summary are folded (case, accents),
   stop words dropped and cut to a 6-letter stem, CJK text read as character bigrams. Their
   MinHash signature (`bands` x `rows` minimums of salted BLAKE2b hashes) gives one LSH key
   per band; storage indexes the keys, and two items sharing one are candidates. The title's
   own words get keys too (`title_bands`), so a copy without a teaser still meets the one
   with. Plus one key for the URL without scheme and `www.`: http/https and www variants are
   distinct URLs but strong evidence of one story.
2. Verification (`same_story`): candidates are compared on the text, because LSH only says
   "similar", and "Port of X reopens" is similar to "Port of X closes":
   - the same URL up to scheme and `www.`: same story;
   - the same source: a re-slug only, so the same title and the same published day;
   - numbers: when both texts carry numbers and share too few, they are two reports (the
     weekly volumes with a new week's figures);
   - names: a capitalised title word each side lacks from the other's text means two
     subjects ("strike at Rotterdam" / "strike at Antwerp");
   - then word overlap: Jaccard of all words when both have a summary, else the share of
     the shorter title found in the longer one, against the policy's thresholds.
   The first of these text tests (both have a summary, and their word overlap is too low)
   stops most candidates, so each item's sketch (`pipelines.sketch`) holds what it reads:
   `may_be_same` repeats it exactly on two sketches, and storage reads no text for them.

Measured on our labelled set (`benchmarks/neardup_eval.py`), which also compares datasketch's
MinHash with this one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from pipelines.minhash import band_keys, signature
from pipelines.sketch import sketch, sketch_overlap

__all__ = [
    "NearDupPolicy",
    "StoryFacts",
    "StoryIndex",
    "may_be_same",
    "same_story",
    "story_index",
    "story_keys",
    "url_key",
]

_STEM = 6
_MIN_COMPOUND = 4
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NUMBER = re.compile(r"\d+(?:[ ,.]\d{3})*(?:[.,]\d+)?")
_DIGIT_GROUP = re.compile(r"[ ,.]")
# Function words of the languages we read: frequent everywhere, so they say nothing about
# which story a text tells. Content words are never listed.
_STOP = frozenset((
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and",
    "or", "as", "is", "are", "was", "be", "after", "before", "over", "under", "into", "than",
    "that", "this", "its", "it", "new", "der", "die", "das", "den", "dem", "des", "ein",
    "eine", "einer", "und", "oder", "im", "am", "auf", "aus", "bei", "mit", "nach", "von",
    "vor", "zu", "zum", "zur", "für", "über", "ist", "sind", "wird", "le", "la", "les",
    "l", "un", "une", "du", "de", "d", "et", "ou", "en", "au", "aux", "à", "pour", "par",
    "sur", "dans", "avec", "est", "sont", "el", "los", "las", "lo", "una", "y", "o", "del",
    "al", "por", "para", "con", "que", "se", "es", "os", "um", "uma", "do", "da", "dos",
    "no", "na", "nos", "nas", "e", "em", "ao", "pelo", "pela", "com", "é", "het", "een",
    "van", "op", "te", "voor", "met",
))  # fmt: skip


@dataclass(frozen=True, slots=True)
class NearDupPolicy:
    """The thresholds (config `dedup:`). `bands` x `rows` MinHash values on title plus summary,
    `title_bands` x `rows` on the title alone; `window_s` how far apart (published, else first
    seen) two copies may be; `text_threshold` the word Jaccard two summaried texts need,
    `title_threshold` the share of the shorter title found in the longer one otherwise;
    `max_candidates` how many stored items are verified per item, `max_postings` how many
    items in the window may hold one key before it is not stored again, `min_key_score` what
    the keys a candidate shares must be worth, a key held by n items being worth 1/n: one key
    held by at most four items, or several more common ones (see `storage.neardup`).

    Keys: 6 x 2 on the text and 6 x 2 on the title, 13 an item with its URL key (it was
    12 x 3 and 6 x 3, 19 keys), as each costs an index probe and an insert at ingest. Over 48
    draws of the hash functions labelled recall is 0.953 on average (worst 0.930; the 19 keys:
    0.930, worst 0.908) and held-out recall never falls under 0.90: a band of two values
    catches more rewrites (at text Jaccard 0.3, 6 x 2 meets 43% of pairs, 12 x 3 28%) and more
    chance pairs, which the sketch check stops. 4 title bands (11 keys) meet the recall
    targets on average too, but miss 1.5% of `neardup_scale`'s copies, whose shared bands are
    of words so common that they are worth less than `min_key_score`; title keys stay, as
    without them recall is ~0.82 (`benchmarks/neardup_sweep.py`; benchmarks/README.md, issue
    13). Changing any of the three changes every LSH key: items stored before meet new ones
    by URL only, until they leave the window or `tidings db rekey` keys them again."""

    bands: int = 6
    title_bands: int = 6
    rows: int = 2
    window_s: int = 7 * 86400
    text_threshold: float = 0.3
    title_threshold: float = 0.9
    number_overlap: float = 0.5
    swap_overlap: float = 0.6
    swap_text_threshold: float = 0.5
    max_candidates: int = 8
    max_postings: int = 16
    min_key_score: float = 0.25
    summary_title_overlap: float = 0.5


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the test compares: an item's URL, source, title, summary and story date."""

    url: str
    source: str
    title: str
    summary: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoryIndex:
    """What storage keeps of an item to find its copies: `keys` (its URL key first) and a
    `sketch` (`pipelines.sketch`) that `may_be_same` compares without the text."""

    keys: tuple[int, ...]
    sketch: bytes


def story_index(facts: StoryFacts, policy: NearDupPolicy) -> StoryIndex:
    """The item's URL key, its LSH keys (signed 64-bit, salted per band and family) and its
    sketch, from one signature per family."""
    words = _features(facts.title, facts.summary)
    title = signature(words.title, policy.title_bands * policy.rows, family=1)
    keys = [url_key(facts.url), *band_keys(title, policy.rows, family=1)]
    if words.summaried:
        text = signature(words.text, policy.bands * policy.rows, family=2)
        keys += band_keys(text, policy.rows, family=2)
    shape = sketch(words.title, words.text, summaried=words.summaried)
    return StoryIndex(tuple(dict.fromkeys(keys)), shape)


def story_keys(facts: StoryFacts, policy: NearDupPolicy) -> tuple[int, ...]:
    """The item's URL key and LSH keys (see `story_index`)."""
    return story_index(facts, policy).keys


def may_be_same(a: bytes, b: bytes, policy: NearDupPolicy) -> bool:
    """False exactly when two sketches show that `same_story` would say no at the first test
    of `_same_text`, so storage need not read the candidate's text: both have a summary, their
    title stems differ, and their text stems' Jaccard similarity is under `text_threshold`
    (hash collisions can only raise it, so no copy is lost). True when either has no summary
    or the title stems are the same (a re-slug of one source), and for a sketch of an older
    format. Callers keep URL twins without asking (`same_story`'s first test), and pass the
    new item's sketch as `a`: it is decoded once for all its candidates."""
    if policy.summary_title_overlap > policy.title_threshold:
        return True  # the first test does not apply (see `_same_text`)
    return sketch_overlap(a, b) >= policy.text_threshold


def url_key(url: str) -> int:
    """One key for every scheme and `www.` spelling of `url`."""
    return _key64(b"u" + _bare_url(url).encode("utf-8", "surrogatepass"))


def same_story(a: StoryFacts, b: StoryFacts, policy: NearDupPolicy) -> bool:
    """True when `a` and `b` tell the same story (see the module docstring, stage 2)."""
    if _bare_url(a.url) == _bare_url(b.url):
        return True
    fa, fb = _features(a.title, a.summary), _features(b.title, b.summary)
    if a.source == b.source:
        return fa.title == fb.title and _same_day(a.published_at, b.published_at)
    return _same_text(fa, fb, policy)


def _same_text(fa: _Words, fb: _Words, policy: NearDupPolicy) -> bool:
    """The text tests of stage 2, for two items of different sources; cheapest first."""
    overlap = _jaccard(fa.text, fb.text)
    if (
        fa.summaried
        and fb.summaried
        and overlap < policy.text_threshold
        and policy.summary_title_overlap <= policy.title_threshold
    ):
        # Whether or not the summaries count below, this pair cannot pass: counted, they fail
        # here; not counted, the titles agree less than `summary_title_overlap`, so less than
        # `title_threshold`. Most LSH candidates stop at this one set intersection.
        return False
    # Summaries count only when they are about the titles: each repeats a title word, or the
    # titles half agree. A site's one boilerplate teaser under every story must not link them.
    summaried = (
        fa.summaried
        and fb.summaried
        and (bool(fa.keys and fb.keys) or _containment(fa, fb) >= policy.summary_title_overlap)
    )
    if summaried and overlap < policy.text_threshold:
        return False
    if _numbers_differ(fa.numbers, fb.numbers, policy.number_overlap):
        return False
    if _missing(fa.keys, fb) and _missing(fb.keys, fa):
        return False  # each is about something the other never mentions
    if _swapped(fa, fb, policy.swap_overlap) and overlap < policy.swap_text_threshold:
        return False
    return summaried or _containment(fa, fb) >= policy.title_threshold


@dataclass(frozen=True, slots=True)
class _Words:
    title: frozenset[str]  # stems
    text: frozenset[str]  # stems of title and summary
    whole: str  # folded words of title and summary, uncut, each between spaces (compounds)
    keys: frozenset[str]  # stems in both title and summary: what the story is about
    numbers: frozenset[str]
    summaried: bool


@lru_cache(maxsize=4096)
def _features(title: str, summary: str | None) -> _Words:
    title_folded = _WORD.findall(_fold(title))
    title_words = _stems(title_folded)
    if summary:
        summary_folded = _WORD.findall(_fold(summary))
        summary_words = _stems(summary_folded)
        text = title_words | summary_words
        keys = title_words & summary_words
        raw = f"{title} {summary}"
    else:
        summary_folded, text, keys, raw = [], title_words, frozenset(), title
    whole = " " + " ".join(title_folded + summary_folded) + " "
    numbers = frozenset(_DIGIT_GROUP.sub("", n) for n in _NUMBER.findall(raw))
    return _Words(title_words, text, whole, keys, numbers, bool(summary))


def _stems(words: list[str]) -> frozenset[str]:
    """Folded words as stems: stop words out, CJK runs as character bigrams."""
    cjk = {word for word in words if not word.isascii() and _CJK.search(word)}
    stems = {word[:_STEM] for word in words if word not in _STOP and word not in cjk}
    for word in cjk:
        stems.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
    return frozenset(stems)


def _fold(text: str) -> str:
    """Case and accents folded: "Geöffnet" -> "geoffnet" (ASCII text only needs the case)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bare_url(url: str) -> str:
    rest = url.partition("://")[2] or url
    return rest[4:] if rest.startswith("www.") else rest


def _key64(payload: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(payload, digest_size=8).digest(), "little", signed=True)


def _same_day(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or a.date() == b.date()


def _numbers_differ(a: frozenset[str], b: frozenset[str], needed: float) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) < needed


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _containment(a: _Words, b: _Words) -> float:
    """The share of the shorter title's words found in the longer (compounds count, see
    `_found`); for titles of one length, the better direction."""
    if len(a.title) == len(b.title):
        return max(_contained(a, b), _contained(b, a))
    return _contained(a, b) if len(a.title) < len(b.title) else _contained(b, a)


def _contained(shorter: _Words, longer: _Words) -> float:
    if not shorter.title:
        return 0.0
    found = sum(1 for word in shorter.title if _found(word, longer.title, longer.whole))
    return found / len(shorter.title)


def _swapped(a: _Words, b: _Words, overlap: float) -> bool:
    """Nearly the same title, but each has a word the other's whole text lacks: the event was
    swapped ("Port of X reopens" / "Port of X closes"). An edited headline only adds words."""
    if _containment(a, b) < overlap:
        return False
    return _missing(a.title, b) and _missing(b.title, a)


def _missing(words: frozenset[str], other: _Words) -> bool:
    return any(not _found(word, other.text, other.whole) for word in words)


def _found(word: str, stems: frozenset[str], whole: str) -> bool:
    """`word` is one of `stems`, or starts or ends a longer word of `whole`: German and Dutch
    write "Streik" and "Warnstreik" ("strike", "warning strike") as one word."""
    if word in stems:
        return True
    if len(word) < _MIN_COMPOUND:
        return False
    return _compound(word, whole)


def _compound(word: str, whole: str) -> bool:
    """`word` begins or ends a longer word of `whole` (one substring search each way)."""
    start = whole.find(" " + word)
    while start != -1:
        if whole[start + 1 + len(word)] != " ":
            return True
        start = whole.find(" " + word, start + 1)
    end = whole.find(word + " ")
    while end != -1:
        if whole[end - 1] != " ":
            return True
        end = whole.find(word + " ", end + 1)
    return False
