"""Site names glued to titles are learned from repetition on the page and dropped."""

from __future__ import annotations

import pytest

from pipelines import RawItem, build_pipeline
from pipelines.siteaffix import (
    MAX_CANDIDATES,
    MAX_SEEN,
    MAX_TITLES,
    AffixEvidence,
    learn_site_affix,
)

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


# --- learned per source: across a run's pages and across runs (`AffixEvidence`) ---

STORIES = [
    "Dredging starts at the north basin",
    "Night shift added at the car terminal",
    "Harbour fees rise from April",
    "New pilot boat enters service",
    "Grain silo gets a second conveyor",
    "Ferry timetable changes for winter",
    "Customs office opens on Saturdays",
    "Tug crews agree a new rota",
]


def _page(titles: list[str], first: int = 0) -> list[RawItem]:
    return [RawItem(t, f"https://ledger.test/{first + n}") for n, t in enumerate(titles)]


def _walk(pages: list[list[str]], evidence: AffixEvidence) -> tuple[list[list[str]], AffixEvidence]:
    """Run `pages` through one pipeline as a crawl does; the titles kept per page, and the
    evidence after the last page."""
    pipeline = build_pipeline()
    seen: list[list[str]] = []
    for number, titles in enumerate(pages):
        result = pipeline.process(_page(titles, 100 * number), source="ledger", affixes=evidence)
        assert result.affixes is not None
        evidence = result.affixes
        seen.append([item.title for item in result.items])
    return seen, evidence


def _suffixed(stories: list[str], suffix: str = " | Harbour Ledger") -> list[str]:
    return [s + suffix for s in stories]


def test_few_titles_a_page_are_learned_across_the_run() -> None:
    pages = [_suffixed(STORIES[n : n + 2]) for n in (0, 2, 4)]  # two cards a page
    titles, evidence = _walk(pages, AffixEvidence())
    assert titles[0] == pages[0]  # two headlines are not yet repetition
    assert titles[1:] == [STORIES[2:4], STORIES[4:6]]
    assert evidence.affixes() == (" | Harbour Ledger", None)
    # the next run starts from what this one learned: its first page is cleaned at once
    again, _ = _walk([_suffixed(STORIES[6:8])], evidence)
    assert again == [STORIES[6:8]]


def test_a_feed_of_one_entry_a_fetch_is_learned_across_runs() -> None:
    evidence = AffixEvidence()
    kept = []
    for story in STORIES[:5]:
        titles, evidence = _walk([[f"Quay Post – {story}"]], evidence)
        kept += titles[0]
    assert kept[:2] == [f"Quay Post – {s}" for s in STORIES[:2]]
    assert kept[2:] == STORIES[2:5]


def test_a_page_where_only_some_titles_carry_it() -> None:
    _, evidence = _walk([_suffixed(STORIES[:6])], AffixEvidence())
    mixed = [STORIES[6] + " | Harbour Ledger", "Tallow pier closes", "Kilrush buoy moved"]
    titles, _ = _walk([mixed], evidence)
    assert titles == [[STORIES[6], "Tallow pier closes", "Kilrush buoy moved"]]


def test_a_title_that_is_only_the_affix_is_kept_whole() -> None:
    _, evidence = _walk([_suffixed(STORIES[:6])], AffixEvidence())
    titles, _ = _walk([["Harbour Ledger", STORIES[6] + " | Harbour Ledger"]], evidence)
    assert titles == [["Harbour Ledger", STORIES[6]]]
    prefixed, evidence = _walk([[f"Quay Post – {s}" for s in STORIES[:4]]], AffixEvidence())
    assert prefixed == [STORIES[:4]]
    alone, _ = _walk([["Quay Post –"]], evidence)
    assert alone == [["Quay Post –"]]


SERIES = {
    "numbered-dash": [f"Notice {n}/2025 – {s}" for n, s in enumerate(STORIES, 230)],
    "numbered-colon": [f"Notice {n}/2025: {s}" for n, s in enumerate(STORIES, 230)],
    "dated-bar": [f"{s} | Bulletin {d} March" for d, s in enumerate(STORIES, 1)],
}


@pytest.mark.parametrize("series", SERIES.values(), ids=SERIES)
def test_a_varying_headline_pattern_is_never_stripped(series: list[str]) -> None:
    """Across pages, across runs, and however often the same cards are seen again."""
    evidence = AffixEvidence()
    for _run in range(4):
        titles, evidence = _walk([series[:3], series[3:6], series[6:]], evidence)
        assert [t for page in titles for t in page] == series
        for title in series:  # the single-card feed, re-fetched run after run
            again, evidence = _walk([[title]], evidence)
            assert again == [[title]]
    assert evidence.affixes() == (None, None)
    assert evidence.titles == len(series)  # each headline counted once


def test_a_headline_seen_again_adds_no_evidence() -> None:
    page = _suffixed(STORIES[:2])
    evidence = AffixEvidence()
    for _ in range(5):
        titles, evidence = _walk([page], evidence)
        assert titles == [page]  # two distinct headlines, however often: not repetition
    assert evidence.titles == 2
    assert evidence.affixes() == (None, None)


def test_a_minority_affix_across_the_source_is_not_learned() -> None:
    video = _suffixed(STORIES[:3], " | Video")  # one card a page, 3 of 8 in all
    pages = [[video[0], *STORIES[3:5]], [video[1], *STORIES[5:7]], [video[2], STORIES[7]]]
    kept, evidence = _walk(pages, AffixEvidence())
    assert kept == pages
    assert evidence.affixes() == (None, None)


def test_without_evidence_a_page_decides_alone() -> None:
    result = build_pipeline().process(_page(_suffixed(STORIES[:2])), source="ledger")
    assert result.affixes is None
    assert [i.title for i in result.items] == _suffixed(STORIES[:2])


def test_evidence_stays_bounded_and_a_renamed_site_is_learned() -> None:
    evidence = AffixEvidence()
    for n in range(150):  # 1,500 distinct headlines under the old name
        page = [f"Story {n}-{k} about berth {k} | Old Ledger" for k in range(10)]
        evidence = evidence.add(page)
    assert evidence.affixes() == (" | Old Ledger", None)
    assert evidence.titles <= MAX_TITLES and len(evidence.seen) <= MAX_SEEN
    assert len(evidence.suffixes) <= MAX_CANDIDATES
    for n in range(150):
        evidence = evidence.add([f"Report {n}-{k} on quay {k} | New Ledger" for k in range(10)])
    assert evidence.affixes() == (" | New Ledger", None)
