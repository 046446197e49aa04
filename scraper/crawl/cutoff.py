"""The hard stop: `STOP_GRACE_S` after a stop signal, a source still busy is cut off.

A stop signal lets each source finish the page in hand, and waits between retries end at once
(`fetch.retry`). What is left is a request or a write in flight: a server that trickles bytes
may take the whole `timeout` (20 s by default) to answer. So every source's walk runs under a
deadline that is armed when the signal comes; past it the walk is cancelled, its run ends
"interrupted" and the next run resumes it. `tidings crawl` and `tidings run` so both exit
within 10 s of SIGTERM.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["STOP_GRACE_S", "CutOff"]

STOP_GRACE_S = 8.0  # SIGTERM to exit within 10 s: the sources get this long to finish a page


class CutOff:
    """The deadlines of one crawl's walks, armed `grace_s` after `stop` is set."""

    def __init__(self, stop: asyncio.Event, grace_s: float = STOP_GRACE_S) -> None:
        self._stop, self._grace_s = stop, grace_s
        self._deadlines: set[asyncio.Timeout] = set()
        self._at: float | None = None

    @asynccontextmanager
    async def deadline(self) -> AsyncIterator[None]:
        """Run the block under the walk's deadline: TimeoutError out of it once passed."""
        async with asyncio.timeout(self._at) as deadline:
            self._deadlines.add(deadline)
            try:
                yield
            finally:
                self._deadlines.discard(deadline)

    def is_cut_off(self, exc: BaseException) -> bool:
        """Whether `exc` out of a walk is the deadline's (fetch turns its own timeouts into
        FetchError, so a bare TimeoutError after the deadline is ours)."""
        return isinstance(exc, TimeoutError) and self._at is not None

    async def arm_on_stop(self) -> None:
        """Wait for the stop signal, then set every walk's deadline (the crawl runs this as a
        task for its whole length, and cancels it at the end)."""
        await self._stop.wait()
        self._at = asyncio.get_running_loop().time() + self._grace_s
        for deadline in self._deadlines:
            deadline.reschedule(self._at)
