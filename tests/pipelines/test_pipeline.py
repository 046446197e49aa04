"""The composed pipeline: stage order, rejection counters, and in-batch repeats."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from pipelines import (
    Item,
    Pipeline,
    RawItem,
    Rejected,
    SeenUrls,
    build_pipeline,
    canonicalize,
    content_hash,
    default_stages,
    normalize,
    require_title,
    require_url,
    with_content_hash,
)

CARDS = [
    RawItem(
        title="  Ferry Schedule Changes Ferry Schedule Changes ",
        url="HTTPS://Harbor.test/news/ferry?utm_source=home#top",
        summary="New crossings start Monday&hellip; Read more &raquo;",
        date="Posted 07/29/2025 10:30 AM",
        category=" biz ",
    ),
    RawItem(title="", url="https://harbor.test/news/blank"),
    RawItem(title="No Link Here", url=None),
    RawItem(title="Mail Us", url="mailto:desk@harbor.test"),
    RawItem(title="Ferry (repeat)", url="https://harbor.test/news/ferry?utm_medium=side"),
    RawItem(title="   ", url=None),
    RawItem(title="Night Market Opens", url="https://harbor.test/news/market", date="someday"),
]


def _process() -> tuple[list[Item], Counter[str], int]:
    pipeline = build_pipeline(
        date_order="MDY",
        timezone=ZoneInfo("America/New_York"),
        category_aliases={"Biz": "Business"},
    )
    result = pipeline.process(CARDS, source="harbor")
    return result.items, result.rejected, result.repeats


def test_process_keeps_clean_items_in_page_order() -> None:
    items, _, _ = _process()
    assert [item.url for item in items] == [
        "https://harbor.test/news/ferry",
        "https://harbor.test/news/market",
    ]
    first = items[0]
    assert first.title == "Ferry Schedule Changes"
    assert first.summary == "New crossings start Monday..."
    assert first.category == "Business"
    assert first.source == "harbor"
    assert first.published == "2025-07-29T10:30:00-04:00"
    assert first.published_at == datetime(2025, 7, 29, 14, 30, tzinfo=UTC)
    assert first.published_raw == "Posted 07/29/2025 10:30 AM"
    assert first.content_hash == content_hash(first)


def test_unreadable_date_keeps_the_item() -> None:
    items, _, _ = _process()
    market = items[1]
    assert (market.published, market.published_at) == (None, None)
    assert market.published_raw == "someday"


def test_rejections_are_counted_by_reason() -> None:
    _, rejected, _ = _process()
    assert rejected == Counter({"empty_title": 2, "missing_url": 1, "bad_url": 1})


def test_repeat_url_in_batch_keeps_the_first() -> None:
    items, _, repeats = _process()
    assert repeats == 1
    assert items[0].title == "Ferry Schedule Changes"


def test_a_run_drops_urls_an_earlier_page_took() -> None:
    seen = SeenUrls()
    page1 = [
        RawItem(title="One", url="https://a.test/1"),
        RawItem(title="Two", url="https://a.test/2"),
    ]
    page2 = [
        RawItem(title="Two again", url="https://A.test/2#x"),
        RawItem(title="Three", url="https://a.test/3"),
    ]
    first = build_pipeline().process(page1, source="s", seen=seen)
    second = build_pipeline().process(page2, source="s", seen=seen)
    assert (len(first.items), first.repeats) == (2, 0)
    assert [i.title for i in second.items] == ["Three"]
    assert second.repeats == 1
    # without a run's set, each page stands alone
    assert len(build_pipeline().process(page2, source="s").items) == 2


def test_default_stage_order() -> None:
    stages = default_stages()
    assert stages[:4] == (normalize, canonicalize, require_title, require_url)
    assert stages[-1] is with_content_hash
    assert len(stages) == 7
    assert build_pipeline().stages[:4] == stages[:4]


def test_first_rejection_stops_later_stages() -> None:
    calls: list[str] = []

    def reject(item: Item) -> Item | Rejected:
        calls.append("reject")
        return Rejected("nope")

    def later(item: Item) -> Item | Rejected:
        calls.append("later")
        return item

    result = Pipeline(stages=(reject, later)).process([RawItem("T", "u")], source="s")
    assert result.items == []
    assert result.rejected == Counter({"nope": 1})
    assert calls == ["reject"]


def test_empty_batch() -> None:
    result = build_pipeline().process([], source="s")
    assert (result.items, result.rejected, result.repeats) == ([], Counter(), 0)


def test_process_accepts_a_generator() -> None:
    raws = (RawItem(f"Story {n}", f"https://acme.test/{n}") for n in range(3))
    result = build_pipeline().process(raws, source="acme")
    assert [item.title for item in result.items] == ["Story 0", "Story 1", "Story 2"]


_RAW = st.builds(
    RawItem,
    title=st.none() | st.text(max_size=20),
    url=st.none() | st.sampled_from(["https://a.test/1", "https://A.test/1#x", "/rel", ""]),
    summary=st.none() | st.text(max_size=20),
    date=st.none() | st.text(max_size=20),
    category=st.none() | st.text(max_size=10),
)


@given(st.lists(_RAW, max_size=8))
def test_every_card_is_kept_rejected_or_a_repeat(raws: list[RawItem]) -> None:
    result = build_pipeline().process(raws, source="s")
    assert len(result.items) + sum(result.rejected.values()) + result.repeats == len(raws)
    urls = [item.url for item in result.items]
    assert len(urls) == len(set(urls))
    assert all(item.title and item.content_hash for item in result.items)
