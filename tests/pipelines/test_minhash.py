"""MinHash signatures and band keys (`pipelines.minhash`)."""

from __future__ import annotations

import random

import pytest

from pipelines.minhash import band_keys, signature

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
