"""The issue 13 benchmark scripts run, on tiny inputs (no timings are asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.neardup_eval import evaluate, load_pairs
from benchmarks.neardup_scale import run
from benchmarks.urls_compare import CASES
from pipelines import NearDupPolicy, canonical_url


def test_scale_run_stores_and_links_copies(tmp_path: Path) -> None:
    result = run(600, tmp_path / "scale.db")
    assert result["items"] >= 600
    assert 0 < result["stored"] <= result["items"]
    assert result["linked"] > 0  # about 5% of cards are rewritten copies


def test_eval_counts_every_pair() -> None:
    rows = load_pairs()
    tally = evaluate(NearDupPolicy(), rows)["all"]
    assert sum(tally[k] for k in ("tp", "fp", "fn", "tn")) == len(rows)


@pytest.mark.parametrize(("url", "want"), CASES.values(), ids=CASES)
def test_url_comparison_cases_hold_for_ours(url: str, want: str) -> None:
    assert canonical_url(url) == want


def test_sweep_prints_a_row_per_key_set() -> None:
    from benchmarks.neardup_sweep import sweep

    lines = list(sweep([(6, 6, 2), (12, 6, 3)], draws=2, cards=300))
    assert len(lines) == 4
    assert lines[2].startswith("| 6 | 6 | 2 | 13.0 |")


def test_rekey_run_links_as_if_dedup_had_been_on(tmp_path: Path) -> None:
    from benchmarks.neardup_rekey import run as rekey_run

    keyed = rekey_run(1000, 600, tmp_path / "rekey.db", rekey=True)
    always = rekey_run(1000, 600, tmp_path / "always.db", rekey=False)
    assert keyed["rekeyed"] > 0 and keyed["keys"] > 0
    assert keyed["linked_after"] == always["linked_after"] > 0
