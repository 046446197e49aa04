"""Which LSH key set (`bands`, `title_bands`, `rows`) keeps recall for the fewest keys.

    python -m benchmarks.neardup_sweep                 # the issue-13 grid, markdown on stdout
    python -m benchmarks.neardup_sweep 6,4,2 12,6,3    # bands,title_bands,rows each
    python -m benchmarks.neardup_sweep --draws 24 6,4,2

Each key costs an index probe and an insert at ingest, so fewer keys make a cheaper card; a
key set is judged on recall over many draws of the hash functions, not one lucky draw: each
draw replaces the MinHash family multipliers (`pipelines.minhash`), the first draw is ours.
Precision and recall are `neardup_eval`'s, on the labelled set and the held-out one. The cost
side is a simulation of storage's lookup on `neardup_scale`'s stream, no database: the key
rows a card's lookup returns and the candidates `storage.neardup` would rank (a key stored
for at most `max_postings` items, candidates needing keys worth `min_key_score`), in the
first and last tenth. Timings of the real write are in benchmarks/README.md (issue 13).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import mean

from benchmarks.neardup_eval import HELDOUT, PAIRS, facts, load_pairs
from benchmarks.neardup_scale import stream
from pipelines import (
    NearDupPolicy,
    StoryFacts,
    may_be_same,
    minhash,
    same_story,
    story_index,
    url_key,
)

__all__ = ["Verdicts", "chance", "draw", "recall", "sweep", "verdicts"]

GRID = [(b, t, r) for r in (2, 3) for b in (4, 6, 8, 12) for t in (0, 2, 4, 6)]


@dataclass(frozen=True, slots=True)
class Verdicts:
    """A pair, its label, and whether verification links it once LSH makes it a candidate
    (the window, the sketch check and `same_story`: none of these depend on the keys)."""

    a: StoryFacts
    b: StoryFacts
    same: bool
    linked_if_met: bool


def verdicts(rows: list[dict[str, object]], policy: NearDupPolicy) -> list[Verdicts]:
    out = []
    for row in rows:
        a, b = facts(row["a"]), facts(row["b"])  # type: ignore[arg-type]
        near = (
            a.published_at is None
            or b.published_at is None
            or abs((a.published_at - b.published_at).total_seconds()) <= policy.window_s
        )
        twins = url_key(a.url) == url_key(b.url)
        sketched = may_be_same(story_index(a, policy).sketch, story_index(b, policy).sketch, policy)
        verdict = near and (twins or sketched) and same_story(a, b, policy)
        out.append(Verdicts(a, b, bool(row["same"]), verdict))
    return out


def recall(pairs: list[Verdicts], policy: NearDupPolicy) -> tuple[float, float, int]:
    """(precision, recall, same-story pairs that share no key) under the current hashes."""
    tp = fp = fn = missed = 0
    for pair in pairs:
        met = bool(set(story_index(pair.a, policy).keys) & set(story_index(pair.b, policy).keys))
        linked = met and pair.linked_if_met
        tp += pair.same and linked
        fp += not pair.same and linked
        fn += pair.same and not linked
        missed += pair.same and not met
    return tp / max(1, tp + fp), tp / max(1, tp + fn), missed


@contextmanager
def draw(index: int) -> Iterator[None]:
    """The hash functions of draw `index` (0: ours), restored afterwards."""
    ours = dict(minhash._FAMILY)
    rng = random.Random(f"neardup-sweep-{index}")
    if index:
        minhash._FAMILY.update({1: rng.getrandbits(64) | 1, 2: rng.getrandbits(64) | 1})
    try:
        yield
    finally:
        minhash._FAMILY.update(ours)


def chance(policy: NearDupPolicy, total: int = 10_000) -> dict[str, float]:
    """Keys a card, and key rows read and candidates ranked a card, first and last tenth."""
    postings: dict[int, list[int]] = {}
    keys_n, rows_n, ranked_n = [], [], []
    for i, raw in enumerate(stream(total)):
        card = StoryFacts(raw.url or "", "s", raw.title or "", raw.summary, None)
        keys = story_index(card, policy).keys
        score: dict[int, float] = {}
        rows = 0
        for key in keys:
            held = postings.get(key, [])
            rows += len(held)
            for item in held:
                score[item] = score.get(item, 0.0) + 1 / len(held)
        wanted = sum(1 for s in score.values() if s >= policy.min_key_score)
        for key in keys:
            held = postings.setdefault(key, [])
            if len(held) < policy.max_postings:
                held.append(i)
        keys_n.append(len(keys))
        rows_n.append(rows)
        ranked_n.append(min(wanted, policy.max_candidates))
    tenth = len(keys_n) // 10
    return {
        "keys": mean(keys_n),
        "rows_first": mean(rows_n[:tenth]),
        "rows_last": mean(rows_n[-tenth:]),
        "ranked_first": mean(ranked_n[:tenth]),
        "ranked_last": mean(ranked_n[-tenth:]),
    }


def sweep(
    configs: Sequence[tuple[int, int, int]], draws: int, cards: int = 10_000
) -> Iterator[str]:
    """The table's lines: a row per key set."""
    base = NearDupPolicy()
    labelled, heldout = verdicts(load_pairs(PAIRS), base), verdicts(load_pairs(HELDOUT), base)
    yield (
        "| bands | title_bands | rows | keys a card | labelled recall: draw 0, mean (worst-best) "
        "| missed by LSH, mean | precision, worst | held-out recall: draw 0, mean (worst) "
        "| key rows read a card, first → last tenth | ranked a card |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|"
    for bands, title_bands, rows in configs:
        policy = NearDupPolicy(bands=bands, title_bands=title_bands, rows=rows)
        runs, held = [], []
        for index in range(draws):
            with draw(index):
                runs.append(recall(labelled, policy))
                held.append(recall(heldout, policy)[1])
        recalls = [r for _, r, _ in runs]
        c = chance(policy, cards)
        yield (
            f"| {bands} | {title_bands} | {rows} | {c['keys']:.1f} | {recalls[0]:.3f}, "
            f"{mean(recalls):.3f} ({min(recalls):.3f}-{max(recalls):.3f}) "
            f"| {mean(m for _, _, m in runs):.1f} | {min(p for p, _, _ in runs):.3f} "
            f"| {held[0]:.3f}, {mean(held):.3f} ({min(held):.3f}) "
            f"| {c['rows_first']:.1f} → {c['rows_last']:.1f} "
            f"| {c['ranked_first']:.2f} → {c['ranked_last']:.2f} |"
        )


def main(argv: list[str]) -> None:
    draws = 12
    if "--draws" in argv:
        at = argv.index("--draws")
        draws = int(argv[at + 1])
        del argv[at : at + 2]
    configs = [tuple(int(n) for n in arg.split(",")) for arg in argv] or GRID
    for line in sweep([(b, t, r) for b, t, r in configs], draws):
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
