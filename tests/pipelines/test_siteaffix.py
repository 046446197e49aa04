"""Site names glued to titles are learned from repetition on the page and dropped."""

from __future__ import annotations

import pytest

from pipelines import RawItem, build_pipeline
from pipelines.siteaffix import learn_site_affix

HEADLINES = [
    "Dredging starts at the north basin",
    "Night shift added at the car terminal",
    "Harbour fees rise from April",
    "New pilot boat enters service",
]
LEARN = {
    "suffix-bar": ([f"{h} | Harbour Ledger" for h in HEADLINES], (" | Harbour Ledger", None)),
    "prefix-dash": ([f"Quay Post – {h}" for h in HEADLINES], (None, "Quay Post – ")),
    "too-few": ([f"{h} | Harbour Ledger" for h in HEADLINES[:2]], (None, None)),
    "minority": (
        [f"{HEADLINES[0]} | Harbour Ledger", *HEADLINES[1:], "A - B", "C - D"],
        (None, None),
    ),
    "numbered-series-kept": (
        [f"Notice {n}/2026 – {h}" for n, h in enumerate(HEADLINES)],
        (None, None),
    ),
    "none": (HEADLINES, (None, None)),
}


@pytest.mark.parametrize(("titles", "want"), LEARN.values(), ids=LEARN)
def test_learn_site_affix(titles: list[str], want: tuple[str | None, str | None]) -> None:
    assert learn_site_affix(titles) == want


def test_pipeline_drops_the_learned_suffix_and_keeps_the_raw_title() -> None:
    titles = [f"{h} | Harbour Ledger" for h in HEADLINES] + ["Harbour Ledger"]
    cards = [RawItem(t, f"https://ledger.test/{n}", "Teaser…") for n, t in enumerate(titles)]
    items = build_pipeline().process(cards, source="ledger").items
    assert [i.title for i in items] == [*HEADLINES, "Harbour Ledger"]  # a bare name stays
    assert [i.title_raw for i in items] == titles
    assert {(i.summary, i.summary_raw) for i in items} == {("Teaser", "Teaser…")}
