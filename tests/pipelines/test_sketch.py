"""Story sketches (`pipelines.sketch`) and `may_be_same`: exact, and never losing a copy."""

from __future__ import annotations

import json
import random
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import NearDupPolicy, StoryFacts, may_be_same, same_story, story_index, url_key
from pipelines.minhash import word_hash
from pipelines.neardup import _features, _jaccard
from pipelines.sketch import FORMAT, sketch, sketch_overlap

POLICY = NearDupPolicy()
PAIRS = Path(__file__).parent / "testdata" / "story_pairs.jsonl"
# Two stems whose hashes share their high 32 bits, the part a sketch keeps (found by search).
TWIN_A, TWIN_B = "s53401", "s64491"
TITLE, OTHER = frozenset({"port", "strike"}), frozenset({"x"})


def _sketch(
    text: set[str] | frozenset[str],
    title: set[str] | frozenset[str] = TITLE,
    *,
    summaried: bool = True,
) -> bytes:
    return sketch(frozenset(title), frozenset(text), summaried=summaried)


def _jaccard_of(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def test_the_colliding_stems_collide() -> None:
    assert TWIN_A != TWIN_B and word_hash(TWIN_A) >> 32 == word_hash(TWIN_B) >> 32


def test_layout() -> None:
    text = frozenset({"dunmor", "depot", "halts"})
    blob = _sketch(text)
    assert blob[:2] == bytes((FORMAT, 1)) and blob[10] == 0 and len(blob) == 11 + 4 * len(text)
    hashes = struct.unpack_from("<3I", blob, 11)
    assert list(hashes) == sorted(word_hash(stem) >> 32 for stem in text)
    bare = _sketch(text, summaried=False)
    assert bare == bytes((FORMAT, 0)) + blob[2:10] + bytes(1)  # no summary: no text kept


def test_a_duplicate_hash_is_counted_and_stored_once() -> None:
    blob = _sketch({TWIN_A, TWIN_B, "c"})
    assert blob[10] == 1 and len(blob) == 11 + 4 * 2


def test_overlap_is_the_jaccard_similarity() -> None:
    a, b = frozenset({"a", "b", "c", "d"}), frozenset({"c", "d", "e"})
    assert sketch_overlap(_sketch(a), _sketch(b, OTHER)) == _jaccard_of(a, b)
    assert sketch_overlap(_sketch(set()), _sketch(set(), OTHER)) == 0.0


CANNOT_TELL = {
    "same-title-stems": (_sketch({"a"}), _sketch({"b"})),
    "first-has-no-summary": (_sketch({"a"}, summaried=False), _sketch({"b"}, OTHER)),
    "second-has-no-summary": (_sketch({"a"}), _sketch({"b"}, OTHER, summaried=False)),
    # Format 1: a has-text byte, the title digest, a byte of each of 36 MinHash values.
    "format-1": (bytes(1) + bytes(8) + bytes(36), _sketch({"b"}, OTHER)),
    "format-1-with-text": (_sketch({"a"}), b"\x01" + bytes(44)),
    "unknown-format": (b"\x07" + _sketch({"a"})[1:], _sketch({"b"}, OTHER)),
}  # fmt: skip


@pytest.mark.parametrize(("a", "b"), CANNOT_TELL.values(), ids=CANNOT_TELL)
def test_what_a_sketch_cannot_rule_out(a: bytes, b: bytes) -> None:
    assert sketch_overlap(a, b) == 1.0
    assert sketch_overlap(b, a) == 1.0


COLLISIONS = {
    # A chance common hash: one more common stem than there is.
    "across-texts": ({TWIN_A, "c"}, {TWIN_B, "d"}, 0.0),
    # Two common stems share one hash: counted as one, the overlap would fall from 1/2 to 1/5.
    "within-the-common-stems": ({TWIN_A, TWIN_B, "c"}, {TWIN_A, TWIN_B, "d"}, 0.5),
    "within-one-text": ({TWIN_A, TWIN_B, "c"}, {TWIN_A, "c", "d"}, 0.5),
}


@pytest.mark.parametrize(("a", "b", "jaccard"), COLLISIONS.values(), ids=COLLISIONS)
def test_collisions_only_raise_the_overlap(a: set[str], b: set[str], jaccard: float) -> None:
    assert _jaccard_of(frozenset(a), frozenset(b)) == jaccard
    overlap = sketch_overlap(_sketch(a), _sketch(b, OTHER))
    assert overlap >= jaccard


_STEMS = st.frozensets(st.sampled_from([TWIN_A, TWIN_B, *"abcdefghij"]), max_size=12)


@given(_STEMS, _STEMS)
def test_overlap_never_falls_under_the_jaccard_similarity(
    a: frozenset[str], b: frozenset[str]
) -> None:
    """With the two colliding stems in the vocabulary; without both in one pair, equal."""
    overlap = sketch_overlap(_sketch(a), _sketch(b, OTHER))
    assert overlap >= _jaccard_of(a, b)
    if not {TWIN_A, TWIN_B} <= a | b:
        assert overlap == _jaccard_of(a, b)


def _first_test_says_no(a: StoryFacts, b: StoryFacts) -> bool:
    """The first test of `_same_text`, on the texts."""
    fa, fb = _features(a.title, a.summary), _features(b.title, b.summary)
    return (
        fa.summaried
        and fb.summaried
        and fa.title != fb.title
        and _jaccard(fa.text, fb.text) < POLICY.text_threshold
    )


def _labelled() -> list[StoryFacts]:
    docs = []
    with PAIRS.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for side in ("a", "b"):
                doc = row[side]
                docs.append(
                    StoryFacts(doc["url"], doc["source"], doc["title"], doc.get("summary"), None)
                )
    return docs


def test_may_be_same_is_the_first_test_on_the_labelled_set() -> None:
    """Every labelled pair and 20,000 chance pairs of its items: `may_be_same` says no exactly
    when the first test on the texts does, and then `same_story` says no too (URL twins, which
    storage keeps without asking, aside)."""
    docs = _labelled()
    pairs = list(zip(docs[::2], docs[1::2], strict=True))
    rng = random.Random(13)
    pairs += [tuple(rng.sample(docs, 2)) for _ in range(20_000)]  # type: ignore[misc]
    ruled_out = 0
    for a, b in pairs:
        sa, sb = story_index(a, POLICY).sketch, story_index(b, POLICY).sketch
        says_no = _first_test_says_no(a, b)
        assert may_be_same(sa, sb, POLICY) is not says_no, (a, b)
        assert may_be_same(sb, sa, POLICY) is not says_no, (a, b)
        if says_no and url_key(a.url) != url_key(b.url):
            ruled_out += 1
            assert not same_story(a, b, POLICY)
    assert ruled_out > len(pairs) // 3  # most chance pairs: both summaried, little overlap


def test_may_be_same_keeps_a_rewrite_and_drops_another_story() -> None:
    lede = "Gate staff at the Dunmore depot stopped releasing containers after a crash."
    first = StoryFacts("https://a.test/1", "a", "Dunmore depot halts releases", lede, None)
    rewrite = StoryFacts(
        "https://b.test/2", "b", "Crash stops Dunmore depot",
        "After a crash, gate staff at the Dunmore depot stopped releasing containers.", None,
    )  # fmt: skip
    other = StoryFacts(
        "https://c.test/3", "c", "Tallow harbour dredging begins",
        "Dredgers started deepening the Tallow approach channel on Monday for larger ships.", None,
    )  # fmt: skip
    a, b, c = (story_index(f, POLICY).sketch for f in (first, rewrite, other))
    assert may_be_same(a, b, POLICY)
    assert not may_be_same(a, c, POLICY)


def test_may_be_same_when_the_first_test_does_not_apply() -> None:
    """Summaries counted or not, a pair fails the first test only while
    `summary_title_overlap <= title_threshold`; past it, nothing is ruled out."""
    loose = NearDupPolicy(summary_title_overlap=0.95, title_threshold=0.9)
    a = _sketch({"a", "b"})
    b = _sketch({"c", "d"}, OTHER)
    assert not may_be_same(a, b, POLICY)
    assert may_be_same(a, b, loose)
