"""The page-level date order, and how `Pipeline.process` hands a page's facts to the date stage."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import (
    DateOrder,
    DateStage,
    Item,
    RawItem,
    build_pipeline,
    date_stage,
    language_date_order,
    page_date_order,
    parse_date,
)

LANGUAGES: dict[str, tuple[str | None, DateOrder | None]] = {
    "bare-en": ("en", "MDY"),
    "en-us": ("en-US", "MDY"),
    "en-us-underscore": ("en_us", "MDY"),
    "en-gb": ("en-GB", "DMY"),
    "en-au": ("en-AU", "DMY"),
    "en-script-region": ("en-Latn-GB", "DMY"),
    "de": ("de", "DMY"),
    "pt-br": ("pt-BR", "DMY"),
    "el": ("el", "DMY"),
    "ja": ("ja", "YMD"),
    "zh-hant-tw": ("zh-Hant-TW", "YMD"),
    "ko": ("ko-KR", "YMD"),
    "hu": ("hu", "YMD"),
    "lt": ("lt", "YMD"),
    "unknown-but-wellformed": ("xx", "DMY"),
    "missing": (None, None),
    "empty": ("", None),
    "undetermined": ("und", None),
    "malformed": ("12-34", None),
}


@pytest.mark.parametrize(("tag", "want"), LANGUAGES.values(), ids=LANGUAGES)
def test_language_date_order(tag: str | None, want: DateOrder | None) -> None:
    assert language_date_order(tag) == want


PAGES: dict[str, tuple[list[str | None], DateOrder | None, str | None, DateOrder]] = {
    "first-field-over-12-makes-dmy": (["03/04/2024", "21/04/2024"], "MDY", "en-US", "DMY"),
    "second-field-over-12-makes-mdy": (["03/04/2024", "04/21/2024"], "DMY", "de", "MDY"),
    "conflict-resolves-to-dmy": (["04/21/2024", "21/04/2024"], None, None, "DMY"),
    "configured-beats-language": (["03/04/2024"], "DMY", "en-US", "DMY"),
    "language-when-not-configured": (["03/04/2024"], None, "fr", "DMY"),
    "mdy-when-nothing-known": (["03/04/2024"], None, None, "MDY"),
    "year-first-is-no-evidence": (["2024/04/21", "2024-04-21"], None, "en", "MDY"),
    "names-are-no-evidence": (["21 April 2024", None, ""], None, None, "MDY"),
    "dmy-dots-in-longer-text": (["Stand: 30.01.2024, 10:00"], None, None, "DMY"),
    "ymd-page-two-digit-first-is-a-year": (["24/05/16", "24/05/17"], None, "ja", "YMD"),
    "ymd-page-four-digit-last-counts": (["16/05/2024"], None, "ja", "DMY"),
    "full-width-digits": (["２１.０４.２０２４"], None, "en", "DMY"),
}


@pytest.mark.parametrize(("texts", "configured", "lang", "want"), PAGES.values(), ids=PAGES)
def test_page_date_order(
    texts: list[str | None], configured: DateOrder | None, lang: str | None, want: DateOrder
) -> None:
    assert page_date_order(texts, configured=configured, language=lang) == want


def _cards(*dates: str | None) -> list[RawItem]:
    return [RawItem(f"Story {n}", f"https://acme.test/{n}", date=d) for n, d in enumerate(dates)]


def _published(items: list[Item]) -> list[str | None]:
    return [item.published for item in items]


def test_one_unambiguous_card_decides_the_whole_page() -> None:
    result = build_pipeline(date_order="MDY").process(
        _cards("03/04/2024", "25/04/2024"), source="acme"
    )
    assert _published(result.items) == ["2024-04-03", "2024-04-25"]


def test_the_decision_is_per_page_not_per_pipeline() -> None:
    pipeline = build_pipeline()
    first = pipeline.process(_cards("03/04/2024", "25/04/2024"), source="acme")
    second = pipeline.process(_cards("03/04/2024"), source="acme")
    assert _published(first.items) == ["2024-04-03", "2024-04-25"]
    assert _published(second.items) == ["2024-03-04"]


def test_page_language_sets_the_order_when_none_is_configured() -> None:
    pipeline = build_pipeline()
    german = pipeline.process(_cards("03.04.2024"), source="acme", language="de-DE")
    american = pipeline.process(_cards("03.04.2024"), source="acme", language="en-US")
    assert _published(german.items) == ["2024-04-03"]
    assert _published(american.items) == ["2024-03-04"]


def test_configured_order_beats_the_page_language() -> None:
    result = build_pipeline(date_order="DMY").process(
        _cards("03/04/2024"), source="acme", language="en-US"
    )
    assert _published(result.items) == ["2024-04-03"]


def test_process_resolves_relative_dates_against_now_in_the_source_zone() -> None:
    now = datetime(2024, 5, 16, 14, 37, tzinfo=UTC)
    pipeline = build_pipeline(timezone=ZoneInfo("Europe/Berlin"))
    result = pipeline.process(
        _cards("vor 2 Stunden", "gestern", None), source="acme", now=now, language="de"
    )
    assert _published(result.items) == ["2024-05-16T14:37:00+02:00", "2024-05-15", None]
    assert result.items[0].published_at == datetime(2024, 5, 16, 12, 37, tzinfo=UTC)


def test_process_without_now_leaves_relative_dates_empty() -> None:
    result = build_pipeline().process(_cards("2 hours ago"), source="acme")
    assert _published(result.items) == [None]
    assert result.items[0].published_raw == "2 hours ago"


def test_for_page_keeps_the_configured_stage_unchanged() -> None:
    stage = date_stage(date_order=None, tz=UTC)
    page = stage.for_page(["25/04/2024"], now=None, language="en")
    assert page == DateStage(date_order="DMY", tz=UTC, now=None, language="en")
    assert stage.date_order is None


def test_for_page_falls_back_to_the_stage_defaults() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    stage = date_stage(tz=UTC, now=now, language="de")
    page = stage.for_page(["03.04.2024"], now=None, language=None)
    assert (page.date_order, page.now, page.language) == ("DMY", now, "de")


def test_a_stage_without_order_uses_the_item_language_convention() -> None:
    stage = date_stage(language="de")
    out = stage(Item(url="u", title="T", source="s", published_raw="03.04.2024"))
    assert isinstance(out, Item)
    assert out.published == "2024-04-03"


_FIELD = st.integers(1, 31).map(lambda n: f"{n:02d}")
_NUMERIC = st.tuples(_FIELD, _FIELD, st.integers(1990, 2030)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}")


@given(st.lists(_NUMERIC, min_size=1, max_size=12), st.sampled_from([None, "MDY", "DMY", "YMD"]))
def test_every_date_the_page_order_reads_is_one_the_page_shows(
    texts: list[str], configured: DateOrder | None
) -> None:
    """Reading a page in its decided order never turns a valid DMY-only date into garbage."""
    order = page_date_order(texts, configured=configured)
    for text in texts:
        first, second = int(text[:2]), int(text[3:5])
        parsed = parse_date(text, date_order=order)
        if parsed is None:
            continue
        day, month = int(parsed.published[8:10]), int(parsed.published[5:7])
        assert (day, month) in {(first, second), (second, first)}
    if any(int(t[:2]) > 12 and int(t[3:5]) <= 12 for t in texts):
        assert order == "DMY"
