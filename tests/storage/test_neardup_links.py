"""Near-duplicate linking at ingest: `duplicate_of` points at the story's first copy."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, union_all

from pipelines import Item, NearDupPolicy, with_content_hash
from storage import ItemFilter, WriteCounts, query_stories, write_page
from storage.models import (
    items_table,
    near_keys_new_table,
    near_keys_table,
    near_sketches_table,
)

NEAR = NearDupPolicy()
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
LEDE = (
    "Gate staff at the Dunmore inland depot stopped releasing containers on Friday after the "
    "yard software crashed; hauliers were told to come back on Monday."
)
REWRITE = (
    "Hauliers were turned away from the Dunmore inland depot on Friday: its yard software "
    "crashed and gate staff stopped releasing containers until Monday."
)


def _item(url: str, title: str, summary: str | None = LEDE, *, source: str, day: int = 0) -> Item:
    published = NOW + day * DAY
    return with_content_hash(
        Item(url=url, title=title, source=source, summary=summary, published_at=published,
             published=published.date().isoformat())
    )  # fmt: skip


FIRST = _item("https://a.test/dunmore", "Dunmore depot halts container release", source="a")
COPY = _item(
    "https://b.test/depot-crash", "Yard software crash stops Dunmore depot", REWRITE, source="b"
)


def _duplicate_of(engine: Engine) -> dict[str, str | None]:
    c = items_table.c
    with engine.connect() as conn:
        return {url: dup for url, dup in conn.execute(select(c.url, c.duplicate_of))}


def _write(engine: Engine, item: Item, now: datetime = NOW) -> WriteCounts:
    return write_page(engine, source=item.source, items=[item], now=now, near=NEAR)


def test_a_copy_from_another_source_points_at_the_first(engine: Engine) -> None:
    assert _write(engine, FIRST).linked == 0
    counts = _write(engine, COPY, NOW + timedelta(hours=2))
    assert counts == WriteCounts(new=1, updated=0, unchanged=0, duplicate=0, linked=1)
    assert _duplicate_of(engine) == {FIRST.url: None, COPY.url: FIRST.url}


def test_a_third_copy_points_at_the_first_not_the_second(engine: Engine) -> None:
    third = _item("http://www.b.test/depot-crash", "Dunmore depot: yard software crash",
                  REWRITE, source="c")  # fmt: skip
    for item in (FIRST, COPY, third):
        _write(engine, item)
    assert _duplicate_of(engine)[third.url] == FIRST.url


def test_copies_on_one_page_are_linked_in_page_order(engine: Engine) -> None:
    reslug = _item("https://a.test/dunmore-depot-halts", FIRST.title, source="a")
    counts = write_page(engine, source="a", items=[FIRST, reslug], now=NOW, near=NEAR)
    assert (counts.new, counts.linked) == (2, 1)
    assert _duplicate_of(engine) == {FIRST.url: None, reslug.url: FIRST.url}


CASES = {
    "outside-the-window": _item(COPY.url, COPY.title, REWRITE, source="b", day=9),
    "opposite-event": _item(
        "https://b.test/resumes", "Dunmore depot resumes container release",
        "Engineers replaced the server at the Dunmore depot and releases restarted.", source="b",
    ),
    "same-source-new-day": _item("https://a.test/dunmore-2", FIRST.title, source="a", day=1),
}  # fmt: skip


@pytest.mark.parametrize("other", CASES.values(), ids=CASES)
def test_not_the_same_story_stays_apart(engine: Engine, other: Item) -> None:
    _write(engine, FIRST)
    assert _write(engine, other).linked == 0
    assert _duplicate_of(engine)[other.url] is None


def test_a_sketch_of_the_first_format_still_finds_its_copies(engine: Engine) -> None:
    """Format 1 (a has-text byte, the title digest, a byte per MinHash value) was stored before
    the exact sketch; it cannot rule a candidate out, so its copies are verified on the text."""
    _write(engine, FIRST)
    older = b"\x01" + b"\xff" * 8 + bytes(range(36))  # its values agree with nothing
    sketches = near_sketches_table.c
    with engine.begin() as conn:
        assert conn.scalar(select(sketches.sketch))[0] == 2  # type: ignore[index]
        conn.execute(near_sketches_table.update().values(sketch=older))
    assert _write(engine, COPY).linked == 1
    assert _duplicate_of(engine)[COPY.url] == FIRST.url


REOPENED = (
    "The Dunmore inland depot reopened its gates on Sunday evening once engineers restored "
    "the yard software, and the backlog of waiting trucks cleared overnight."
)


def test_an_edited_item_is_found_by_copies_of_its_new_text(engine: Engine) -> None:
    """The site rewrote the story after publishing it; a copy of the new text must meet it, by
    the new text's keys and sketch, not the old ones."""
    _write(engine, FIRST)
    edited = _item(FIRST.url, "Dunmore depot reopens after software fix", REOPENED, source="a")
    assert _write(engine, edited, NOW + timedelta(hours=1)).updated == 1
    copy = _item("https://b.test/dunmore-reopens", "Software fixed, Dunmore depot reopens",
                 REOPENED.replace("Sunday evening", "Sunday"), source="b")  # fmt: skip
    assert _write(engine, copy, NOW + timedelta(hours=2)).linked == 1
    assert _duplicate_of(engine)[copy.url] == FIRST.url


def test_without_a_policy_nothing_is_linked(engine: Engine) -> None:
    write_page(engine, source="a", items=[FIRST], now=NOW)
    write_page(engine, source="b", items=[COPY], now=NOW)
    assert set(_duplicate_of(engine).values()) == {None}


def test_collapse_shows_one_story_with_its_sources(engine: Engine) -> None:
    early = _item(COPY.url, COPY.title, REWRITE, source="b", day=-1)
    other = _item("https://c.test/other", "Tallow port dredging starts", "Dredging.", source="c")
    for item in (FIRST, early, other):
        _write(engine, item)
    stories = query_stories(engine, ItemFilter())
    by_url = {story.first.url: story for story in stories}
    assert set(by_url) == {FIRST.url, other.url}
    story = by_url[FIRST.url]
    assert story.sources == ["a", "b"]
    assert story.other_urls == [early.url]
    assert story.published == early.published  # the earliest date of any copy
    as_json = story.to_dict()
    assert as_json["duplicate_of"] is None and as_json["other_urls"] == [early.url]


def test_collapse_matches_on_any_copy(engine: Engine) -> None:
    for item in (FIRST, COPY):
        _write(engine, item)
    stories = query_stories(engine, ItemFilter(text="turned away"))
    assert [s.first.url for s in stories] == [FIRST.url]


def test_concurrent_copies_make_one_story(engine: Engine) -> None:
    """Two sources store copies at once, several rounds: each round makes exactly one root."""
    for round_no in range(6):
        place = ("Dunmore", "Tallow", "Kilrush", "Ardee", "Moville", "Bantry")[round_no]
        pair = [  # each round its own story, a week after the last
            _item(f"https://{source}.test/r{round_no}", title.replace("Dunmore", place),
                  text.replace("Dunmore", place), source=source, day=8 * round_no)
            for source, title, text in (("a", FIRST.title, LEDE), ("b", COPY.title, REWRITE))
        ]  # fmt: skip
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=_racing, args=(engine, item, barrier, errors)) for item in pair
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        links = _duplicate_of(engine)
        roots = [item.url for item in pair if links[item.url] is None]
        assert len(roots) == 1, (round_no, links)


def _racing(
    engine: Engine, item: Item, barrier: threading.Barrier, errors: list[BaseException]
) -> None:
    barrier.wait()
    try:
        _write(engine, item)
    except BaseException as exc:  # reported by the caller's assert
        errors.append(exc)


def test_a_key_held_by_max_postings_items_is_not_stored_again(engine: Engine) -> None:
    """The read per key stays bounded, and later copies still meet the first holders."""
    policy = NearDupPolicy(max_postings=2)
    copies = [
        _item(f"https://{source}.test/dunmore", FIRST.title, LEDE, source=source)
        for source in ("a", "b", "c", "d")
    ]
    for item in copies:
        write_page(engine, source=item.source, items=[item], now=NOW, near=policy)
    sketches = near_sketches_table.c
    both = union_all(*(select(t.c.band_key) for t in (near_keys_table, near_keys_new_table)))
    key = both.subquery().c.band_key
    with engine.connect() as conn:
        held = conn.execute(select(key, func.count()).group_by(key)).all()
        sketched = conn.scalar(select(func.count()).select_from(near_sketches_table))
        assert conn.scalar(select(func.count(sketches.item_id.distinct()))) == len(copies)
    assert max(count for _, count in held) == policy.max_postings
    assert sketched == len(copies)
    links = _duplicate_of(engine)
    assert [links[item.url] for item in copies] == [None] + [copies[0].url] * 3
