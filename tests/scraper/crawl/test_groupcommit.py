"""GroupCommit: pages that queue while a batch is written go together, each gets its own answer.

`write_pages` here is a plain async function that records its batches (no database): what is
under test is the batching, the order, and who is told about a failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from scraper.crawl.groupcommit import GroupCommit, PagePerTransaction, page_writer
from storage import PageWrite, PageWritten, WriteCounts

pytestmark = pytest.mark.anyio
NOW = datetime(2025, 3, 14, tzinfo=UTC)


def _page(source: str) -> PageWrite:
    return PageWrite(source, [], NOW)


def _written(page: PageWrite) -> PageWritten:
    """A result that names its page: `new` is the number in the source name."""
    return PageWritten(WriteCounts(int(page.source.removeprefix("s")), 0, 0, 0))


class _Store:
    """Records batches; the first batch waits for `release`; pages named in `bad` fail."""

    def __init__(self, bad: frozenset[str] = frozenset()) -> None:
        self.batches: list[list[str]] = []
        self.release = asyncio.Event()
        self.bad = bad

    async def write_pages(self, pages: Sequence[PageWrite]) -> list[PageWritten]:
        self.batches.append([p.source for p in pages])
        if len(self.batches) == 1:
            await self.release.wait()
        failing = [p.source for p in pages if p.source in self.bad]
        if failing:
            raise RuntimeError(f"cannot store {failing[0]}")
        return [_written(p) for p in pages]


async def _start(group: GroupCommit, sources: list[str]) -> list[asyncio.Task[PageWritten]]:
    tasks = []
    for source in sources:
        tasks.append(asyncio.create_task(group.write(_page(source))))
        await asyncio.sleep(0)  # each writer reaches the queue before the next starts
    return tasks


async def test_pages_that_queue_during_a_batch_go_together_in_order() -> None:
    store = _Store()
    group = GroupCommit(store.write_pages)
    tasks = await _start(group, ["s1", "s2", "s3", "s4"])
    store.release.set()
    results = await asyncio.gather(*tasks)
    await group.aclose()
    assert store.batches == [["s1"], ["s2", "s3", "s4"]]
    assert [r.counts.new for r in results] == [1, 2, 3, 4]
    assert group.batch_sizes == [1, 3]


async def test_a_failing_batch_is_retried_page_by_page_and_fails_only_its_page() -> None:
    store = _Store(bad=frozenset({"s3"}))
    group = GroupCommit(store.write_pages)
    tasks = await _start(group, ["s1", "s2", "s3", "s4"])
    store.release.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    await group.aclose()
    assert store.batches == [["s1"], ["s2", "s3", "s4"], ["s2"], ["s3"], ["s4"]]
    assert [o.counts.new for o in outcomes if isinstance(o, PageWritten)] == [1, 2, 4]
    assert isinstance(outcomes[2], RuntimeError) and "cannot store s3" in str(outcomes[2])


async def test_a_lone_failing_page_gets_its_error() -> None:
    store = _Store(bad=frozenset({"s1"}))
    store.release.set()
    group = GroupCommit(store.write_pages)
    with pytest.raises(RuntimeError, match="cannot store s1"):
        await group.write(_page("s1"))
    await group.aclose()
    assert store.batches == [["s1"]]


async def test_a_writer_that_stops_waiting_does_not_hold_up_the_others() -> None:
    store = _Store()
    group = GroupCommit(store.write_pages)
    tasks = await _start(group, ["s1", "s2", "s3"])
    tasks[1].cancel()
    store.release.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    await group.aclose()
    assert isinstance(outcomes[1], asyncio.CancelledError)
    assert [outcomes[0].counts.new, outcomes[2].counts.new] == [1, 3]  # type: ignore[union-attr]
    assert store.batches == [["s1"], ["s2", "s3"]]  # its page was already queued: stored


async def test_aclose_waits_for_the_batch_in_flight() -> None:
    store = _Store()
    group = GroupCommit(store.write_pages)
    (task,) = await _start(group, ["s7"])
    closing = asyncio.create_task(group.aclose())
    await asyncio.sleep(0.01)
    assert not closing.done()
    store.release.set()
    await closing
    assert task.done() and task.result().counts.new == 7


async def test_a_server_database_gets_one_transaction_per_page() -> None:
    store = _Store()
    store.release.set()
    writer = page_writer(store.write_pages, group=False)
    assert isinstance(writer, PagePerTransaction)
    results = await asyncio.gather(*(writer.write(_page(s)) for s in ["s1", "s2", "s3"]))
    await writer.aclose()
    assert sorted(store.batches) == [["s1"], ["s2"], ["s3"]]
    assert [r.counts.new for r in results] == [1, 2, 3]


class _Abort(BaseException):
    """Not an Exception: what a cancelled or broken flush meets (no page retry applies)."""


async def test_a_flush_that_breaks_leaves_no_writer_waiting() -> None:
    release = asyncio.Event()

    async def broken(pages: Sequence[PageWrite]) -> list[PageWritten]:
        await release.wait()
        raise _Abort

    group = GroupCommit(broken)
    tasks = await _start(group, ["s1", "s2", "s3"])
    release.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert [type(o) for o in outcomes] == [_Abort, _Abort, _Abort]
    with pytest.raises(_Abort):
        await group.aclose()
