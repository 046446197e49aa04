"""Pair precision and recall of near-duplicate detection on our labelled set, and datasketch's
MinHash against ours.

    python -m benchmarks.neardup_eval            # tables in markdown on stdout

A pair is predicted "same story" exactly as storage decides at ingest: the two items share
an LSH key (`story_keys`), their story dates are within the window, and `same_story` says so.
The set is tests/pipelines/testdata/story_pairs.jsonl (`benchmarks/storypairs.py` writes it).
The MinHash comparison times a signature of each pair's texts with both implementations
(16 permutations, the same token sets) and reports the share of pairs whose band keys meet.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pipelines import NearDupPolicy, StoryFacts, may_be_same, same_story, story_index, url_key

__all__ = ["evaluate", "load_pairs"]

PAIRS = Path(__file__).resolve().parents[1] / "tests/pipelines/testdata/story_pairs.jsonl"
HELDOUT = PAIRS.with_name("story_pairs_heldout.jsonl")


def load_pairs(path: Path = PAIRS) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def facts(doc: dict[str, str | None]) -> StoryFacts:
    published = doc.get("published")
    when = None if published is None else datetime.fromisoformat(published).replace(tzinfo=UTC)
    return StoryFacts(
        url=str(doc["url"]),
        source=str(doc["source"]),
        title=str(doc["title"]),
        summary=doc.get("summary"),
        published_at=when,
    )


def predicted(a: StoryFacts, b: StoryFacts, policy: NearDupPolicy) -> tuple[bool, bool]:
    """(candidate, same): do they meet in the index, and does verification link them (the
    sketches first, unless the URLs are twins, then the text)."""
    first, second = story_index(a, policy), story_index(b, policy)
    meet = bool(set(first.keys) & set(second.keys))
    if a.published_at is not None and b.published_at is not None:
        meet = meet and abs((a.published_at - b.published_at).total_seconds()) <= policy.window_s
    twins = url_key(a.url) == url_key(b.url)
    checked = twins or may_be_same(first.sketch, second.sketch, policy)
    return meet, meet and checked and same_story(a, b, policy)


def evaluate(policy: NearDupPolicy, rows: list[dict[str, object]]) -> dict[str, Counter[str]]:
    """Confusion counts (tp, fp, fn, tn, cand_miss) overall, by shape and by language."""
    tally: dict[str, Counter[str]] = {}
    for row in rows:
        a, b = facts(row["a"]), facts(row["b"])  # type: ignore[arg-type]
        meet, same = predicted(a, b, policy)
        truth = bool(row["same"])
        outcome = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
            (truth, same), "tn"
        )
        for key in ("all", f"shape:{row['shape']}", f"lang:{row['lang']}"):
            counts = tally.setdefault(key, Counter())
            counts[outcome] += 1
            if truth and not meet:
                counts["cand_miss"] += 1
    return tally


def _ratio(num: int, den: int) -> str:
    return "n/a" if den == 0 else f"{num / den:.3f}"


def report(tally: dict[str, Counter[str]]) -> str:
    lines = ["| slice | pairs same / diff | precision | recall | missed by LSH |",
             "|---|---|---|---|---|"]  # fmt: skip
    for key in sorted(tally, key=lambda k: (k != "all", k)):
        c = tally[key]
        same, diff = c["tp"] + c["fn"], c["fp"] + c["tn"]
        lines.append(
            f"| {key} | {same} / {diff} | {_ratio(c['tp'], c['tp'] + c['fp'])} "
            f"| {_ratio(c['tp'], same)} | {c['cand_miss']} |"
        )
    return "\n".join(lines)


def compare_minhash(rows: list[dict[str, object]], perms: int = 16) -> str:
    """µs per signature and key agreement: ours vs datasketch (if installed)."""
    from pipelines.minhash import band_keys, signature
    from pipelines.neardup import _features

    texts = []
    for row in rows:
        for side in ("a", "b"):
            doc = row[side]
            texts.append(_features(doc["title"], doc.get("summary")).text)  # type: ignore[index]
    start = time.perf_counter()
    for words in texts:
        band_keys(signature(words, perms, family=2), 2, family=2)
    ours = (time.perf_counter() - start) / len(texts) * 1e6
    lines = [
        "| MinHash | µs per signature (16 perms) |",
        "|---|---|",
        f"| ours (one-permutation, a BLAKE2b hash a word) | {ours:.1f} |",
    ]
    try:
        from datasketch import MinHash
    except ImportError:
        return "\n".join([*lines, "| datasketch | not installed (`pip install .[bench]`) |"])
    start = time.perf_counter()
    for words in texts:
        sig = MinHash(num_perm=perms)
        sig.update_batch([w.encode() for w in words])
    theirs = (time.perf_counter() - start) / len(texts) * 1e6
    return "\n".join([*lines, f"| datasketch 2.0 MinHash.update_batch | {theirs:.1f} |"])


def main() -> None:
    import sys

    policy = NearDupPolicy()
    if "--heldout" in sys.argv:
        print(report(evaluate(policy, load_pairs(HELDOUT))))
        return
    rows = load_pairs()
    print(report(evaluate(policy, rows)))
    print()
    print(compare_minhash(rows))


if __name__ == "__main__":
    main()
