"""MinHash signatures, band keys and sketches (`pipelines.minhash`)."""

from __future__ import annotations

import random

import pytest

from pipelines import NearDupPolicy, StoryFacts, may_be_same, story_index
from pipelines.minhash import band_keys, signature, sketch, sketch_share

WORDS = [f"w{i}" for i in range(400)]


def _pair(rng: random.Random, size: int, shared: int) -> tuple[frozenset[str], frozenset[str]]:
    picked = rng.sample(WORDS, 2 * size - shared)
    return frozenset(picked[:size]), frozenset(picked[size - shared :])


def test_equal_sets_have_equal_signatures_whatever_the_order() -> None:
    words = frozenset(WORDS[:30])
    assert signature(words, 36, family=2) == signature(
        frozenset(reversed(WORDS[:30])), 36, family=2
    )
    assert signature(frozenset(), 36, family=2) == []


@pytest.mark.parametrize("size", [5, 30], ids=["fewer-words-than-bins", "about-as-many"])
def test_agreement_estimates_jaccard(size: int) -> None:
    """Over many pairs, the share of equal values is the Jaccard similarity (densified empty
    bins included): the property LSH rests on."""
    rng = random.Random(7)
    for shared in (size // 5, size // 2, size - 1):
        jaccard = shared / (2 * size - shared)
        shares = []
        for trial in range(300):
            a, b = _pair(rng, size, shared)
            sa, sb = signature(a, 36, family=1 + trial % 2), signature(b, 36, family=1 + trial % 2)
            shares.append(sum(x == y for x, y in zip(sa, sb, strict=True)) / 36)
        assert sum(shares) / len(shares) == pytest.approx(jaccard, abs=0.05)


def test_band_keys_are_signed_64_bit_and_salted_per_band_and_family() -> None:
    values = [7] * 12
    title, text = band_keys(values, 3, family=1), band_keys(values, 3, family=2)
    assert len(title) == 4 and len(set(title)) == 4  # same values, a key per band
    assert not set(title) & set(text)
    assert all(-(2**63) <= key < 2**63 for key in title + text)


def test_sketch_share() -> None:
    title = frozenset({"port", "strike"})
    text = signature(frozenset(WORDS[:30]), 36, family=2)
    other = signature(frozenset(WORDS[100:130]), 36, family=2)
    assert sketch_share(sketch(title, text), sketch(frozenset({"x"}), text)) == 1.0
    assert sketch_share(sketch(title, text), sketch(title, other)) == 1.0  # same title words
    assert sketch_share(sketch(title, []), sketch(frozenset({"x"}), other)) == 1.0  # no text
    assert sketch_share(sketch(title, text), sketch(frozenset({"x"}), other)) < 0.15


def test_may_be_same_keeps_a_rewrite_and_drops_another_story() -> None:
    policy = NearDupPolicy()
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
    a, b, c = (story_index(f, policy).sketch for f in (first, rewrite, other))
    assert may_be_same(a, b, policy)
    assert not may_be_same(a, c, policy)
